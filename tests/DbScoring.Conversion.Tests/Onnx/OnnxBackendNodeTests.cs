using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace DbScoring.Conversion.Tests.Onnx
{
    /// <summary>
    /// ONNX's own backend node test cases for the TreeEnsemble operator (ai.onnx.ml 5): a producer we did not write, with
    /// ONNX's expected outputs (tests/fixtures/onnx-backend: source, license and how they were written in make_fixtures.py).
    /// Both cases have several targets, which DbScoring refuses by attribute; build_onnx_models.py writes each target as a
    /// one-target model (other targets' leaf weights 0), which must pass the gate and give column t of ONNX's expected
    /// output. DbScoring holds inputs as floats: where a double input is not a float and its rounding crosses a split
    /// (the single_tree case puts x = 1.2 on the split 1.2), ONNX Runtime given the rounded input is the reference.
    /// </summary>
    [Collection(OnnxTestModels.Collection)]
    public sealed class OnnxBackendNodeTests
    {
        private readonly OnnxTestModels _models;
        private readonly ITestOutputHelper _output;

        public OnnxBackendNodeTests(OnnxTestModels models, ITestOutputHelper output)
        {
            _models = models;
            _output = output;
        }

        [SkippableTheory]
        [InlineData("single_tree", 2)]
        [InlineData("set_membership", 4)]
        public void ONNXs_TreeEnsemble_case_is_refused_whole_and_each_target_scores_as_ONNX_expects(string name, int targets)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            string whole = RepositoryFolder.Fixture("onnx-backend", "test_ai_onnx_ml_tree_ensemble_" + name, "model.onnx");
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(whole));
            Assert.Contains($"n_targets = {targets}", error.Message);
            Assert.Contains("ai.onnx.ml:TreeEnsemble", error.Message);

            var rows = Csv(_models.File($"backend-{name}.inputs.csv"));
            var expected = Csv(_models.File($"backend-{name}.expected.csv"));
            int asExpected = 0, rounded = 0;
            for (int t = 0; t < targets; t++)
            {
                string file = _models.File($"backend-{name}-t{t}.onnx");
                var result = ModelConverter.Convert(file);
                Assert.True(result.Parity.Passed, result.Parity.ToString());
                _output.WriteLine($"{name} target {t}: gate {result.Parity}");
                var scorer = result.Model.CreateScorer();
                using var session = new InferenceSession(file);
                for (int r = 0; r < rows.Length; r++)
                {
                    for (int i = 0; i < rows[r].Length; i++) scorer.SetNumber(i, rows[r][i]);
                    double actual = scorer.Predict().Score;
                    double onOriginal = Score(session, rows[r], roundToFloat: false), onRounded = Score(session, rows[r], roundToFloat: true);
                    // DbScoring always agrees with ONNX Runtime on the input as DbScoring holds it (a float).
                    Assert.True(Close(actual, onRounded), $"{name} target {t} row {r + 1}: ONNX Runtime on the float input {onRounded}, DbScoring {actual}");
                    // Where rounding the input to float does not change ONNX Runtime's answer, DbScoring gives ONNX's expected value.
                    if (Close(onOriginal, onRounded))
                    {
                        Assert.True(Close(actual, expected[r][t]), $"{name} target {t} row {r + 1}: ONNX expects {expected[r][t]}, DbScoring {actual}");
                        asExpected++;
                    }
                    else
                    {
                        rounded++;
                        _output.WriteLine($"{name} target {t} row {r + 1}: input [{string.Join(", ", rows[r])}] is not a float and its rounding crosses a split: " +
                            $"ONNX expects {expected[r][t]}, ONNX Runtime on the float input {onRounded}, DbScoring {actual}");
                    }
                }
            }
            _output.WriteLine($"{name}: {asExpected} (row, target) values as ONNX expects; {rounded} where the float rounding of the input crosses a split");
            Assert.True(asExpected > 0);
        }

        private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-5 * Math.Max(1, Math.Abs(b));

        private static double[][] Csv(string path) => File.ReadAllLines(path)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

        /// <summary>ONNX Runtime's output for one row, given as the model's input type (float or double), rounded to float first if asked.</summary>
        private static double Score(InferenceSession session, double[] row, bool roundToFloat)
        {
            var input = session.InputMetadata.First();
            var values = row.Select(v => roundToFloat ? (double)(float)v : v).ToArray();
            NamedOnnxValue feed = input.Value.ElementType == typeof(double)
                ? NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<double>(values, new[] { 1, row.Length }))
                : NamedOnnxValue.CreateFromTensor(input.Key, new DenseTensor<float>(values.Select(v => (float)v).ToArray(), new[] { 1, row.Length }));
            using var results = session.Run(new List<NamedOnnxValue> { feed });
            var output = results.First();
            return output.Value is Tensor<double> d ? d.ToArray()[0] : output.AsTensor<float>().ToArray()[0];
        }
    }
}
