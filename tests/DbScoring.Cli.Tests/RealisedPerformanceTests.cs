using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Store;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>The realised-performance metrics against ML.NET's own evaluators on the same rows.</summary>
    public sealed class RealisedPerformanceTests
    {
        private sealed class BinaryRow
        {
            public bool Label { get; set; }
            public float Score { get; set; }
            public float Probability { get; set; }
            public bool PredictedLabel { get; set; }
        }

        private sealed class MulticlassRow
        {
            public string Label { get; set; } = "";
            [VectorType(3)] public float[] Score { get; set; } = Array.Empty<float>();
            public string Predicted { get; set; } = "";
        }

        private sealed class RegressionRow
        {
            public float Label { get; set; }
            public float Score { get; set; }
        }

        [Fact]
        public void Binary_AUC_log_loss_and_accuracy_equal_MLNETs_evaluator()
        {
            var random = new Random(5);
            var rows = Enumerable.Range(0, 3000).Select(_ =>
            {
                bool label = random.NextDouble() < 0.3;
                float score = (float)Math.Round((label ? 0.8 : -0.4) + random.NextDouble() * 3 - 1.5, 2); // rounded: ties, as real scores have
                float probability = (float)(1 / (1 + Math.Exp(-score)));
                return new BinaryRow { Label = label, Score = score, Probability = probability, PredictedLabel = probability > 0.5 };
            }).ToList();
            var ml = new MLContext(seed: 0);
            var expected = ml.BinaryClassification.Evaluate(ml.Data.LoadFromEnumerable(rows));

            var actual = RealisedPerformance.Compute("m", 1, null, "BinaryClassification",
                rows.Select(r => new ScoredOutcome(r.PredictedLabel ? "True" : "False", r.Score, r.Probability, r.Label ? "true" : "false")).ToList());

            Assert.Equal(expected.AreaUnderRocCurve, actual.Auc!.Value, 9);
            Assert.Equal(expected.LogLoss, actual.LogLoss!.Value, 5);
            Assert.Equal(expected.Accuracy, actual.Accuracy!.Value, 12);
            Assert.Equal(rows.Count(r => r.Label), actual.Positives);
        }

        [Fact]
        public void Regression_MAE_and_RMSE_equal_MLNETs_evaluator()
        {
            var random = new Random(9);
            var rows = Enumerable.Range(0, 2000).Select(_ =>
            {
                float label = (float)(random.NextDouble() * 100);
                return new RegressionRow { Label = label, Score = label + (float)(random.NextDouble() * 20 - 8) };
            }).ToList();
            var ml = new MLContext(seed: 0);
            var expected = ml.Regression.Evaluate(ml.Data.LoadFromEnumerable(rows));

            var actual = RealisedPerformance.Compute("m", 1, null, "Regression",
                rows.Select(r => new ScoredOutcome(null, r.Score, null, r.Label.ToString("R", CultureInfo.InvariantCulture))).ToList());

            Assert.Equal(expected.MeanAbsoluteError, actual.Mae!.Value, 4);
            Assert.Equal(expected.RootMeanSquaredError, actual.Rmse!.Value, 4);
        }

        [Fact]
        public void Multiclass_accuracy_and_per_class_precision_and_recall_equal_MLNETs_evaluator()
        {
            string[] classes = { "setosa", "versicolor", "virginica" }; // sorted: the key values of both label columns, ByValue
            var random = new Random(13);
            var rows = Enumerable.Range(0, 1500).Select(_ =>
            {
                int label = random.Next(3);
                int predicted = random.NextDouble() < 0.7 ? label : random.Next(3); // right 70 % + chance
                var score = new float[3];
                for (int c = 0; c < 3; c++) score[c] = c == predicted ? 0.6f : 0.2f;
                return new MulticlassRow { Label = classes[label], Score = score, Predicted = classes[predicted] };
            }).ToList();
            var ml = new MLContext(seed: 0);
            var keyed = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                .Append(ml.Transforms.Conversion.MapValueToKey("PredictedLabel", "Predicted", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue));
            var data = ml.Data.LoadFromEnumerable(rows);
            var expected = ml.MulticlassClassification.Evaluate(keyed.Fit(data).Transform(data));

            var actual = RealisedPerformance.Compute("m", 1, null, "MulticlassClassification",
                rows.Select(r => new ScoredOutcome(r.Predicted, null, null, r.Label)).ToList());

            Assert.Equal(expected.MicroAccuracy, actual.Accuracy!.Value, 12);
            // ML.NET reports per-class precision and recall but no F1: macro F1 is their harmonic means, averaged.
            var perClassF1 = expected.ConfusionMatrix.PerClassPrecision.Zip(expected.ConfusionMatrix.PerClassRecall, (p, r) => 2 * p * r / (p + r));
            Assert.Equal(perClassF1.Average(), actual.MacroF1!.Value, 12);
        }

        [Fact]
        public void Multiclass_accuracy_and_macro_F1_follow_the_per_class_precision_and_recall()
        {
            // Hand computation: classes a (3 actual), b (2 actual); predictions a,a,b | b,a.
            var rows = new List<ScoredOutcome>
            {
                new("a", null, null, "a"), new("a", null, null, "a"), new("b", null, null, "a"),
                new("b", null, null, "b"), new("a", null, null, "b"),
            };
            var r = RealisedPerformance.Compute("m", 1, null, "MulticlassClassification", rows);
            Assert.Equal(3 / 5.0, r.Accuracy!.Value, 12);
            // a: precision 2/3, recall 2/3 → F1 2/3; b: precision 1/2, recall 1/2 → F1 1/2; macro (2/3 + 1/2) / 2.
            Assert.Equal((2 / 3.0 + 0.5) / 2, r.MacroF1!.Value, 12);
        }
    }
}
