using System;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace DbScoring.Conversion.Tests.Onnx
{
    /// <summary>
    /// ONNX TreeEnsembleClassifier models with ONNX Runtime as the parity oracle. skl2onnx is not available here, so
    /// build_onnx_models.py writes real scikit-learn gradient-boosting and random-forest classifiers (breast-cancer: two
    /// classes; iris: three) as skl2onnx lays them out, with Debian's python3-onnx, plus every post transform and leaf-weight
    /// layout ONNX Runtime treats differently; the skl2onnx-shaped ones are also checked against scikit-learn's predict_proba.
    /// </summary>
    [Collection(OnnxTestModels.Collection)]
    public sealed class OnnxClassifierTests
    {
        private readonly OnnxTestModels _models;
        private readonly ITestOutputHelper _output;

        public OnnxClassifierTests(OnnxTestModels models, ITestOutputHelper output)
        {
            _models = models;
            _output = output;
        }

        [SkippableTheory]
        [InlineData("cancer-gbc", PredictionKind.BinaryClassification, "2,4", true)]
        [InlineData("cancer-gbc-double", PredictionKind.BinaryClassification, "2,4", true)]
        [InlineData("cancer-gbc-raw", PredictionKind.BinaryClassification, "benign,malignant", false)]
        [InlineData("cancer-gbc-softmax", PredictionKind.BinaryClassification, "0,1", false)]
        [InlineData("cancer-gbc-softmax_zero", PredictionKind.BinaryClassification, "0,1", false)]
        [InlineData("cancer-gbc-class1-none", PredictionKind.BinaryClassification, "0,1", false)]
        [InlineData("cancer-gbc-class1-logistic", PredictionKind.BinaryClassification, "0,1", true)]
        [InlineData("cancer-gbc-class1-softmax", PredictionKind.BinaryClassification, "0,1", true)]
        [InlineData("cancer-rf", PredictionKind.BinaryClassification, "0,1", true)]
        [InlineData("cancer-rf-class1", PredictionKind.BinaryClassification, "0,1", true)]
        [InlineData("cancer-rf-both", PredictionKind.BinaryClassification, "0,1", true)]
        [InlineData("cancer-rf-both-logistic", PredictionKind.BinaryClassification, "no,yes", true)]
        [InlineData("iris-gbc", PredictionKind.MulticlassClassification, "setosa,versicolor,virginica", false)]
        [InlineData("iris-gbc-none", PredictionKind.MulticlassClassification, "10,20,30", false)]
        [InlineData("iris-gbc-logistic", PredictionKind.MulticlassClassification, "10,20,30", false)]
        [InlineData("iris-gbc-softmax_zero", PredictionKind.MulticlassClassification, "10,20,30", false)]
        [InlineData("iris-gbc-probit", PredictionKind.MulticlassClassification, "10,20,30", false)]
        [InlineData("iris-rf", PredictionKind.MulticlassClassification, "0,1,2", false)]
        [InlineData("iris-rf-sparse", PredictionKind.MulticlassClassification, "0,1,2", false)]
        public void A_tree_ensemble_classifier_passes_the_ONNX_Runtime_gate_with_its_labels_and_outputs(string name, PredictionKind task, string labels, bool probability)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var result = ModelConverter.Convert(_models.File(name + ".onnx"));
            _output.WriteLine($"{name}: {result.Model.Metadata["algorithm"]}; gate {result.Parity}");
            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.Equal(0, result.Parity.LabelMismatches);
            Assert.Equal(task, result.Model.Kind);
            Assert.Equal(labels.Split(','), result.Model.ClassLabels);
            if (task == PredictionKind.BinaryClassification)
            {
                var scorer = result.Model.CreateScorer();
                for (int i = 0; i < result.Model.Inputs.Count; i++) scorer.SetNumber(i, 5);
                Assert.Equal(probability, !float.IsNaN(scorer.Predict().Probability));
            }
        }

        [SkippableTheory]
        [InlineData("cancer-gbc")]
        [InlineData("cancer-gbc-double")]
        [InlineData("cancer-rf")]
        public void A_two_class_classifier_gives_scikit_learns_probabilities_and_labels(string name)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var model = ModelConverter.Convert(_models.File(name + ".onnx")).Model;
            var rows = Rows("rows.csv");
            var expected = File.ReadAllLines(_models.File(name + ".proba.csv")).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
            var scorer = model.CreateScorer();
            double max = 0;
            int compared = 0;
            for (int r = 0; r < rows.Length; r++)
            {
                if (rows[r].Any(double.IsNaN)) continue;   // scikit-learn saw medians there; ONNX sees the missing value
                for (int i = 0; i < rows[r].Length; i++) scorer.SetNumber(i, rows[r][i]);
                var prediction = scorer.Predict();
                double difference = Math.Abs(prediction.Probability - expected[r]);
                Assert.True(difference <= 1e-5, $"row {r + 1}: scikit-learn {expected[r]}, DbScoring {prediction.Probability}");
                if (Math.Abs(expected[r] - 0.5) > 1e-5) Assert.Equal(model.ClassLabels[expected[r] > 0.5 ? 1 : 0], prediction.PredictedLabel);
                max = Math.Max(max, difference);
                compared++;
            }
            _output.WriteLine($"{name}: {compared} data rows vs scikit-learn predict_proba: max |Δ| {max:G3}");
        }

        [SkippableTheory]
        [InlineData("iris-gbc")]
        [InlineData("iris-rf")]
        [InlineData("iris-rf-sparse")]
        public void A_multiclass_classifier_gives_scikit_learns_class_probabilities(string name)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var model = ModelConverter.Convert(_models.File(name + ".onnx")).Model;
            var rows = Rows("iris-rows.csv");
            var expected = File.ReadAllLines(_models.File(name + ".proba.csv"))
                .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
            var scorer = model.CreateScorer();
            double max = 0;
            for (int r = 0; r < rows.Length; r++)
            {
                for (int i = 0; i < rows[r].Length; i++) scorer.SetNumber(i, rows[r][i]);
                var prediction = scorer.Predict();
                for (int k = 0; k < 3; k++)
                {
                    double difference = Math.Abs(prediction.ClassScores[k] - expected[r][k]);
                    Assert.True(difference <= 1e-5, $"row {r + 1} class {k}: scikit-learn {expected[r][k]}, DbScoring {prediction.ClassScores[k]}");
                    max = Math.Max(max, difference);
                }
            }
            _output.WriteLine($"{name}: {rows.Length} data rows vs scikit-learn predict_proba: max |Δ| {max:G3}");
        }

        [SkippableTheory]
        [InlineData("refused-two-bases", "2 base_values on two classes")]
        [InlineData("refused-unscored-class", "without a weight in every tree's leaves and without base values")]
        public void A_classifier_layout_ONNX_Runtime_scores_inconsistently_is_refused_by_name(string name, string reason)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(_models.File(name + ".onnx")));
            Assert.Contains(reason, error.Message);
            Assert.Contains("ai.onnx.ml:TreeEnsembleClassifier (node 'classifier')", error.Message);
        }

        [SkippableFact]
        public void An_averaging_regressor_passes_the_gate()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var result = ModelConverter.Convert(_models.File("average.onnx"));
            _output.WriteLine($"average: gate {result.Parity}");
            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.Contains("AVERAGE", result.Model.Metadata["algorithm"]);
        }

        private double[][] Rows(string file) => File.ReadAllLines(_models.File(file)).Skip(1)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }
}
