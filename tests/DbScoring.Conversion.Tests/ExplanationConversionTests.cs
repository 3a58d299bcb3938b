using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;
using Xunit;

namespace DbScoring.Conversion.Tests
{
    /// <summary>
    /// Reason codes on every model kind the converter supports, trained for real with ML.NET: node covers are recorded
    /// from the sample at conversion, and base + contributions equals the raw score on sample rows and on edge rows
    /// (missing values, unseen and empty categories, extreme numbers).
    /// </summary>
    public sealed class ExplanationConversionTests
    {
        public static IEnumerable<object[]> Cases() => ParityTests.Cases();

        [Theory]
        [MemberData(nameof(Cases))]
        public void Every_converted_model_explains_rows_and_base_plus_contributions_is_the_raw_score(string features, string task, string trainer)
        {
            string zip = TrainedModels.TrainAndSave(features, task, trainer);
            string sample = TrainedModels.WriteSample(ChurnData.Generate(500, seed: 99));
            var model = ModelConverter.Convert(zip, new ConversionOptions { SamplePath = sample }).Model;

            var covers = model.Definition.Explanations;
            bool trees = ExplainedFunctions.TreeEnsembles(model.Definition.Predictor).Count > 0;
            Assert.Equal(trees, covers != null);
            if (covers != null)
            {
                Assert.Equal(500, covers.ReferenceRows);
                Assert.StartsWith("500 rows of sample ", covers.CoverSource);
            }
            Assert.Null(model.ExplanationRefusal);

            var scorer = model.CreateScorer();
            var explanation = new Explanation(model);
            var rows = SampleRows.Read(sample, model, 200).Concat(SampleRows.Read(EdgeRowsCsv(), model, 100)).ToList();
            int finite = 0;
            foreach (var row in rows)
            {
                row.SetOn(scorer);
                var prediction = scorer.Explain(explanation);
                if (model.Kind == PredictionKind.BinaryClassification) Assert.Equal(prediction.Score, (float)explanation.RawScore);
                if (model.Kind == PredictionKind.MulticlassClassification) Assert.Equal(prediction.PredictedClass, explanation.ClassIndex);
                double sum = explanation.Base + explanation.Contributions.Sum();
                if (double.IsNaN(explanation.RawScore) || double.IsInfinity(explanation.RawScore))
                {
                    Assert.True(float.IsNaN((float)sum) || float.IsInfinity((float)sum), $"(in float) raw {explanation.RawScore}, base + contributions {sum}");
                    continue;
                }
                finite++;
                double scale = Math.Max(1, explanation.Contributions.Sum(Math.Abs) + Math.Abs(explanation.Base));
                Assert.True(Math.Abs(sum - explanation.RawScore) <= 1e-6 * scale, $"base {explanation.Base} + Σ = {sum}; raw score {explanation.RawScore}");
            }
            Assert.True(finite >= 200, $"only {finite} rows had a finite raw score");
        }

        [Fact]
        public void A_tree_model_converted_without_a_sample_cannot_be_explained_and_a_linear_one_can()
        {
            var trees = ModelConverter.Convert(TrainedModels.TrainAndSave("trees-raw", "binary", "FastTree")).Model;
            Assert.Null(trees.Definition.Explanations);
            Assert.Contains("--sample", trees.ExplanationRefusal);
            var linear = ModelConverter.Convert(TrainedModels.TrainAndSave("onehot-normalize", "binary", "SdcaLogisticRegression")).Model;
            Assert.Null(linear.ExplanationRefusal);
        }

        /// <summary>Edge rows as a CSV file: missing numbers, unseen and empty categories, extreme values.</summary>
        private static string EdgeRowsCsv()
        {
            string path = Path.Combine(Path.GetTempPath(), "dbscoring-edge-" + Guid.NewGuid().ToString("N") + ".csv");
            var lines = new List<string> { "Age,Tenure,MonthlyCharges,TotalCharges,Plan,Region,HasPartner,SeniorText" };
            string[] numbers = { "", "0", "-0", "1e30", "-1e30", "3.4e38", "-3.4e38", "1e-30", "Infinity", "-Infinity" };
            string[] plans = { "basic", "", "never-seen", "PREMIUM" };
            string[] regions = { "north", "Atlantis", "", "Zürich" };
            int i = 0;
            foreach (string a in numbers)
                foreach (string m in new[] { "", "55.5", numbers[(i + 3) % numbers.Length] })
                {
                    lines.Add(string.Join(",", a, numbers[(i + 1) % numbers.Length], m, "100", plans[i % plans.Length], regions[(i / 2) % regions.Length], i % 2 == 0 ? "true" : "", i % 3 == 0 ? "1" : "0"));
                    i++;
                }
            File.WriteAllLines(path, lines);
            return path;
        }
    }
}
