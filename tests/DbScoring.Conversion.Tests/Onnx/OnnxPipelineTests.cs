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
    /// ONNX graphs with pre-processing in front of the predictor — Imputer, Scaler, Concat, OneHotEncoder + Reshape,
    /// ArrayFeatureExtractor and Gather taking columns of one input — and linear models written with the standard
    /// operators (Gemm + Sigmoid; MatMul + Add + Softmax with ArgMax as the label; MatMul − constant), and
    /// linear predictors, with ONNX Runtime as the parity oracle. skl2onnx is not available here, so build_onnx_models.py
    /// writes real scikit-learn pipelines (SimpleImputer + StandardScaler + LogisticRegression, LinearRegression, a
    /// ColumnTransformer over the columns of one [N, 9] input, a ColumnTransformer with one-hot categories before gradient boosting on adult) the way skl2onnx lays them out.
    /// </summary>
    [Collection(OnnxTestModels.Collection)]
    public sealed class OnnxPipelineTests
    {
        private readonly OnnxTestModels _models;
        private readonly ITestOutputHelper _output;

        public OnnxPipelineTests(OnnxTestModels models, ITestOutputHelper output)
        {
            _models = models;
            _output = output;
        }

        [SkippableTheory]
        [InlineData("cancer-lr", PredictionKind.BinaryClassification, "f0,f1,f2,f3,f4,f5,f6,f7,f8")]
        [InlineData("iris-lr", PredictionKind.MulticlassClassification, "f0,f1,f2,f3")]
        [InlineData("iris-linreg", PredictionKind.Regression, "sepal_length,sepal_width,petal_length")]
        [InlineData("cancer-select", PredictionKind.Regression, "f0,f1,f2,f3,f4,f5,f6,f7,f8")]
        [InlineData("gemm-logistic", PredictionKind.BinaryClassification, "f0,f1,f2,f3,f4,f5,f6,f7,f8")]
        [InlineData("matmul-softmax", PredictionKind.MulticlassClassification, "f0,f1,f2,f3")]
        [InlineData("matmul-regression", PredictionKind.Regression, "f0,f1,f2")]
        [InlineData("adult-ct", PredictionKind.BinaryClassification, "age,education-num,hours-per-week,workclass,marital-status,relationship")]
        [InlineData("cancer-normalizer-lr", PredictionKind.BinaryClassification, "f0,f1,f2,f3,f4,f5,f6,f7,f8")]
        [InlineData("iris-normalizer-lr", PredictionKind.MulticlassClassification, "f0,f1,f2,f3")]
        [InlineData("cancer-normalizer-gbr", PredictionKind.Regression, "f0,f1,f2,f3,f4,f5,f6,f7,f8")]
        [InlineData("cancer-binarizer-lr", PredictionKind.BinaryClassification, "f0,f1,f2,f3,f4,f5,f6,f7,f8")]
        [InlineData("cancer-div-gemm", PredictionKind.BinaryClassification, "f0,f1,f2,f3,f4,f5,f6,f7,f8")]
        [InlineData("adult-ordinal", PredictionKind.BinaryClassification, "age,education-num,hours-per-week,workclass,marital-status,relationship")]
        [InlineData("adult-target-encoded", PredictionKind.BinaryClassification, "age,education-num,hours-per-week,workclass,marital-status,relationship")]
        [InlineData("adult-int-onehot", PredictionKind.BinaryClassification, "age,education-num")]
        [InlineData("cancer-lr-opset9", PredictionKind.BinaryClassification, "f0,f1,f2,f3,f4,f5,f6,f7,f8")]
        public void A_pipeline_graph_passes_the_ONNX_Runtime_gate_with_the_models_own_inputs(string name, PredictionKind task, string inputs)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var result = ModelConverter.Convert(_models.File(name + ".onnx"));
            _output.WriteLine($"{name}: {result.Model.Metadata["algorithm"]}; {result.Model.Definition.Transforms.Count} transforms; gate {result.Parity}");
            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.Equal(0, result.Parity.LabelMismatches);
            Assert.Equal(task, result.Model.Kind);
            Assert.Equal(inputs.Split(','), result.Model.Inputs.Select(i => i.Name));
        }

        [SkippableTheory]
        [InlineData("adult-ct")]
        [InlineData("adult-ordinal")]
        [InlineData("adult-target-encoded")]
        public void Text_inputs_of_a_category_pipeline_stay_text_and_score_as_the_graph(string name)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var model = ModelConverter.Convert(_models.File(name + ".onnx")).Model;
            Assert.Equal(new[] { InputKind.Number, InputKind.Number, InputKind.Number, InputKind.Text, InputKind.Text, InputKind.Text }, model.Inputs.Select(i => i.Kind));
            var expected = File.ReadAllLines(_models.File(name + ".proba.csv")).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
            var rows = File.ReadAllLines(_models.File("adult-rows.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            var scorer = model.CreateScorer();
            double max = 0;
            for (int r = 0; r < rows.Count; r++)
            {
                for (int i = 0; i < 3; i++) scorer.SetNumber(i, double.Parse(rows[r][i], CultureInfo.InvariantCulture));
                for (int i = 3; i < 6; i++) scorer.SetText(i, rows[r][i]);
                max = Math.Max(max, Math.Abs(scorer.Predict().Probability - expected[r]));
            }
            _output.WriteLine($"{name}: {rows.Count} data rows vs scikit-learn predict_proba: max |Δ| {max:G3}");
            Assert.True(max <= 1e-5, $"max |Δ| {max}");
        }

        [SkippableTheory]
        [InlineData("cancer-lr", "rows.csv", 1)]
        [InlineData("cancer-lr-opset9", "rows.csv", 1)]
        [InlineData("iris-lr", "iris-rows.csv", 3)]
        [InlineData("iris-linreg", "iris-rows.csv", 0)]
        [InlineData("cancer-select", "rows.csv", 0)]
        [InlineData("gemm-logistic", "rows.csv", 1)]
        [InlineData("matmul-softmax", "iris-rows.csv", 3)]
        [InlineData("matmul-regression", "iris-rows.csv", 0)]
        [InlineData("cancer-normalizer-lr", "rows.csv", 1)]
        [InlineData("iris-normalizer-lr", "iris-rows.csv", 3)]
        [InlineData("cancer-binarizer-lr", "rows.csv", 1)]
        [InlineData("cancer-div-gemm", "rows.csv", 1)]
        public void A_linear_pipeline_gives_scikit_learns_predictions(string name, string rowsFile, int classes)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var model = ModelConverter.Convert(_models.File(name + ".onnx")).Model;
            var rows = File.ReadAllLines(_models.File(rowsFile)).Skip(1)
                .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            var expected = File.ReadAllLines(_models.File(name + (classes == 0 ? ".csv" : ".proba.csv")))
                .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            var scorer = model.CreateScorer();
            double max = 0;
            for (int r = 0; r < rows.Length; r++)
            {
                if (rows[r].Any(double.IsNaN)) continue;   // scikit-learn imputed from the same medians; skip to compare like with like
                for (int i = 0; i < model.Inputs.Count; i++) scorer.SetNumber(i, rows[r][i]);
                var p = scorer.Predict();
                var actual = classes == 0 ? new[] { p.Score } : classes == 1 ? new[] { p.Probability } : p.ClassScores;
                for (int k = 0; k < actual.Length; k++)
                {
                    double difference = Math.Abs(actual[k] - expected[r][k]);
                    Assert.True(difference <= 1e-5 * Math.Max(1, Math.Abs(expected[r][k])), $"row {r + 1}: scikit-learn {expected[r][k]}, DbScoring {actual[k]}");
                    max = Math.Max(max, difference);
                }
            }
            _output.WriteLine($"{name}: {rows.Length} data rows vs scikit-learn: max |Δ| {max:G3}");
        }

        [SkippableFact]
        public void A_Gemm_whose_product_is_scaled_is_refused_by_attribute()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(_models.File("refused-gemm-alpha.onnx")));
            Assert.Contains("ai.onnx:Gemm (node 'gemm')", error.Message);
            Assert.Contains("alpha = 2", error.Message);
        }

        [SkippableFact]
        public void Feature_names_for_a_model_with_one_input_per_column_are_refused_with_the_reason()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(_models.File("iris-linreg.onnx"),
                new ConversionOptions { FeatureNames = new[] { "a", "b", "c" } }));
            Assert.Contains("has 3 inputs, which keep their own names", error.Message);
        }
    }
}
