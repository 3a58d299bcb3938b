using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;

namespace DbScoring.Conversion.Tests
{
    /// <summary>Trains real ML.NET models on <see cref="ChurnData"/> and saves them as .zip files, as a data scientist would.</summary>
    public static class TrainedModels
    {
        public const string Label = "Churn";
        private static readonly string Folder = Path.Combine(Path.GetTempPath(), "dbscoring-tests-" + Environment.ProcessId);

        /// <summary>Feature pipelines by name: each ends with a float vector column "Features".</summary>
        public static IEstimator<ITransformer> Features(MLContext ml, string name)
        {
            var numbers = new[] { "Age", "Tenure", "MonthlyCharges" };
            switch (name)
            {
                case "onehot-normalize":
                    return ml.Transforms.ReplaceMissingValues(numbers.Select(n => new InputOutputColumnPair(n)).ToArray(), MissingValueReplacingEstimator.ReplacementMode.Mean)
                        .Append(ml.Transforms.Categorical.OneHotEncoding(new[] { new InputOutputColumnPair("PlanVec", "Plan"), new InputOutputColumnPair("RegionVec", "Region") }))
                        .Append(ml.Transforms.Conversion.ConvertType("Partner", "HasPartner", DataKind.Single))
                        .Append(ml.Transforms.Concatenate("Features", "Age", "Tenure", "MonthlyCharges", "PlanVec", "RegionVec", "Partner"))
                        .Append(ml.Transforms.NormalizeMinMax("Features"));
                case "hash-meanvariance":
                    return ml.Transforms.ReplaceMissingValues("Age", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Minimum)
                        .Append(ml.Transforms.ReplaceMissingValues("MonthlyCharges", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Maximum))
                        .Append(ml.Transforms.Categorical.OneHotHashEncoding("PlanHash", "Plan", numberOfBits: 6))
                        .Append(ml.Transforms.Categorical.OneHotHashEncoding("RegionHash", "Region", numberOfBits: 5))
                        .Append(ml.Transforms.Conversion.ConvertType("Senior", "SeniorText", DataKind.Single))
                        .Append(ml.Transforms.Conversion.ConvertType("TotalCharges", outputKind: DataKind.Single))
                        .Append(ml.Transforms.Concatenate("Features", "Age", "Tenure", "MonthlyCharges", "TotalCharges", "PlanHash", "RegionHash", "Senior"))
                        .Append(ml.Transforms.NormalizeMeanVariance("Features"));
                case "logmeanvariance-binning":
                    return ml.Transforms.ReplaceMissingValues("Age")
                        .Append(ml.Transforms.ReplaceMissingValues("MonthlyCharges"))
                        .Append(ml.Transforms.NormalizeLogMeanVariance("LogCharges", "MonthlyCharges"))
                        .Append(ml.Transforms.NormalizeBinning("AgeBins", "Age", maximumBinCount: 8))
                        .Append(ml.Transforms.NormalizeMeanVariance("TenureCdf", "Tenure", useCdf: true))
                        .Append(ml.Transforms.Conversion.MapValueToKey("PlanKey", "Plan"))
                        .Append(ml.Transforms.Conversion.MapKeyToVector("PlanVec", "PlanKey"))
                        .Append(ml.Transforms.CopyColumns("Tenure2", "Tenure"))
                        .Append(ml.Transforms.Concatenate("Features", "LogCharges", "AgeBins", "TenureCdf", "PlanVec", "Tenure2"))
                        .Append(ml.Transforms.DropColumns("Region"));
                case "trees-raw":
                    return ml.Transforms.Categorical.OneHotEncoding("PlanVec", "Plan")
                        .Append(ml.Transforms.Categorical.OneHotHashEncoding("RegionHash", "Region", numberOfBits: 4))
                        .Append(ml.Transforms.Conversion.ConvertType("Partner", "HasPartner", DataKind.Single))
                        .Append(ml.Transforms.Concatenate("Features", "Age", "Tenure", "MonthlyCharges", "PlanVec", "RegionHash", "Partner"))
                        .Append(ml.Transforms.SelectColumns("Features", "Churn", "Spend", "Segment"));
                case "numeric-onehot":
                    return ml.Transforms.Categorical.OneHotEncoding("TenureVec", "Tenure")
                        .Append(ml.Transforms.ReplaceMissingValues("Age"))
                        .Append(ml.Transforms.Concatenate("Features", "Age", "MonthlyCharges", "TenureVec"));
                default: throw new ArgumentException(name);
            }
        }

        public static IEstimator<ITransformer> BinaryTrainer(MLContext ml, string name) => name switch
        {
            "SdcaLogisticRegression" => ml.BinaryClassification.Trainers.SdcaLogisticRegression(Label, maximumNumberOfIterations: 20),
            "LbfgsLogisticRegression" => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(Label),
            "AveragedPerceptron" => ml.BinaryClassification.Trainers.AveragedPerceptron(Label, numberOfIterations: 5),
            "LinearSvm" => ml.BinaryClassification.Trainers.LinearSvm(Label, numberOfIterations: 5),
            "SdcaNonCalibrated" => ml.BinaryClassification.Trainers.SdcaNonCalibrated(Label, maximumNumberOfIterations: 20),
            "FastTree" => ml.BinaryClassification.Trainers.FastTree(Label, numberOfLeaves: 8, numberOfTrees: 20, minimumExampleCountPerLeaf: 5),
            "FastForest" => ml.BinaryClassification.Trainers.FastForest(Label, numberOfLeaves: 8, numberOfTrees: 20, minimumExampleCountPerLeaf: 5),
            "LightGbm" => ml.BinaryClassification.Trainers.LightGbm(Label, numberOfLeaves: 8, numberOfIterations: 20, minimumExampleCountPerLeaf: 5),
            "AveragedPerceptron+Platt" => ml.BinaryClassification.Trainers.AveragedPerceptron(Label, numberOfIterations: 5).Append(ml.BinaryClassification.Calibrators.Platt(Label)),
            "AveragedPerceptron+Naive" => ml.BinaryClassification.Trainers.AveragedPerceptron(Label, numberOfIterations: 5).Append(ml.BinaryClassification.Calibrators.Naive(Label)),
            "AveragedPerceptron+Isotonic" => ml.BinaryClassification.Trainers.AveragedPerceptron(Label, numberOfIterations: 5).Append(ml.BinaryClassification.Calibrators.Isotonic(Label)),
            _ => throw new ArgumentException(name),
        };

        public static IEstimator<ITransformer> RegressionTrainer(MLContext ml, string name) => name switch
        {
            "Sdca" => ml.Regression.Trainers.Sdca("Spend", maximumNumberOfIterations: 20),
            "OnlineGradientDescent" => ml.Regression.Trainers.OnlineGradientDescent("Spend", numberOfIterations: 5),
            "LbfgsPoissonRegression" => ml.Regression.Trainers.LbfgsPoissonRegression("Spend"),
            "FastTree" => ml.Regression.Trainers.FastTree("Spend", numberOfLeaves: 8, numberOfTrees: 20, minimumExampleCountPerLeaf: 5),
            "FastTreeTweedie" => ml.Regression.Trainers.FastTreeTweedie("Spend", numberOfLeaves: 8, numberOfTrees: 20, minimumExampleCountPerLeaf: 5),
            "FastForest" => ml.Regression.Trainers.FastForest("Spend", numberOfLeaves: 8, numberOfTrees: 20, minimumExampleCountPerLeaf: 5),
            "LightGbm" => ml.Regression.Trainers.LightGbm("Spend", numberOfLeaves: 8, numberOfIterations: 20, minimumExampleCountPerLeaf: 5),
            _ => throw new ArgumentException(name),
        };

        public static IEstimator<ITransformer> MulticlassTrainer(MLContext ml, string name)
        {
            var toKey = ml.Transforms.Conversion.MapValueToKey("SegmentKey", "Segment");
            IEstimator<ITransformer> trainer = name switch
            {
                "SdcaMaximumEntropy" => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("SegmentKey", maximumNumberOfIterations: 20),
                "LbfgsMaximumEntropy" => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("SegmentKey"),
                "SdcaNonCalibrated" => ml.MulticlassClassification.Trainers.SdcaNonCalibrated("SegmentKey", maximumNumberOfIterations: 20),
                "LightGbm" => ml.MulticlassClassification.Trainers.LightGbm("SegmentKey", numberOfLeaves: 8, numberOfIterations: 20, minimumExampleCountPerLeaf: 5),
                "LightGbmSoftmax" => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options { LabelColumnName = "SegmentKey", NumberOfLeaves = 8, NumberOfIterations = 20, MinimumExampleCountPerLeaf = 5, UseSoftmax = true }),
                "OneVersusAll" => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.AveragedPerceptron("SegmentKey", numberOfIterations: 5), "SegmentKey"),
                "OneVersusAllRaw" => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree("SegmentKey", numberOfLeaves: 4, numberOfTrees: 5), "SegmentKey", useProbabilities: false),
                _ => throw new ArgumentException(name),
            };
            return toKey.Append(trainer).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        }

        private static readonly ConcurrentDictionary<string, Lazy<string>> Saved = new ConcurrentDictionary<string, Lazy<string>>();

        /// <summary>
        /// Trains <paramref name="features"/> + <paramref name="trainer"/> and saves the model; returns the .zip path.
        /// Training is deterministic (fixed seeds), so each combination is trained and written once per test process:
        /// test classes run in parallel, and two of them writing the same file would race.
        /// </summary>
        public static string TrainAndSave(string features, string task, string trainer, int rows = 1500) =>
            Saved.GetOrAdd($"{features}-{task}-{trainer}-{rows}", _ => new Lazy<string>(() => Train(features, task, trainer, rows))).Value;

        private static string Train(string features, string task, string trainer, int rows)
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(ChurnData.Generate(rows, seed: 7));
            var featurePipeline = Features(ml, features);
            IEstimator<ITransformer> pipeline = task switch
            {
                "binary" => featurePipeline.Append(BinaryTrainer(ml, trainer)),
                "regression" => featurePipeline.Append(RegressionTrainer(ml, trainer)),
                "multiclass" => featurePipeline.Append(MulticlassTrainer(ml, trainer)),
                _ => throw new ArgumentException(task),
            };
            var model = pipeline.Fit(data);
            Directory.CreateDirectory(Folder);
            string path = Path.Combine(Folder, $"{features}-{task}-{trainer}-{rows}.zip");
            ml.Model.Save(model, data.Schema, path);
            return path;
        }

        /// <summary>Writes rows as a CSV sample (NaN as an empty field), as a user would pass with --sample.</summary>
        public static string WriteSample(IEnumerable<ChurnRow> rows)
        {
            Directory.CreateDirectory(Folder);
            string path = Path.Combine(Folder, "sample-" + Guid.NewGuid().ToString("N") + ".csv");
            using var writer = new StreamWriter(path);
            writer.WriteLine("Age,Tenure,MonthlyCharges,TotalCharges,Plan,Region,HasPartner,SeniorText");
            foreach (var r in rows)
                writer.WriteLine(string.Join(",", F(r.Age), F(r.Tenure), F(r.MonthlyCharges), r.TotalCharges.ToString("R", CultureInfo.InvariantCulture), r.Plan, r.Region, r.HasPartner ? "true" : "false", r.SeniorText));
            return path;
        }

        private static string F(float value) => float.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
