using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Conversion.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace DbScoring.Conversion.Tests.Onnx
{
    /// <summary>
    /// ONNX's own backend node test cases for the TreeEnsemble operator (ai.onnx.ml 5), converted as they are: a producer
    /// we did not write, with ONNX's inputs and expected outputs as protobuf (tests/fixtures/onnx-backend: source, license
    /// and how they were written in make_fixtures.py). Both declare a fixed row count ([3, 2], [6, 1]), so the parity gate
    /// feeds ONNX Runtime batches of exactly that many rows; both have several targets, so each converts with --target k.
    /// DbScoring holds inputs as floats: where a double input is not a float and its rounding crosses a split (the
    /// single_tree case puts x = 1.2 on the split 1.2), ONNX Runtime given the rounded input is the reference.
    /// </summary>
    public sealed class OnnxBackendNodeTests
    {
        private readonly ITestOutputHelper _output;

        public OnnxBackendNodeTests(ITestOutputHelper output) => _output = output;

        private static string Case(string name, params string[] path) =>
            RepositoryFolder.Fixture(new[] { "onnx-backend", "test_ai_onnx_ml_tree_ensemble_" + name }.Concat(path).ToArray());

        [Theory]
        [InlineData("single_tree", 2)]
        [InlineData("set_membership", 4)]
        public void ONNXs_TreeEnsemble_case_converts_target_by_target_and_scores_as_ONNX_expects(string name, int targets)
        {
            string file = Case(name, "model.onnx");
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(file));
            Assert.Contains($"n_targets = {targets}", error.Message);
            Assert.Contains("ai.onnx.ml:TreeEnsemble", error.Message);
            Assert.Contains($"--target k (0…{targets - 1})", error.Message);

            var input = Tensor(Case(name, "test_data_set_0", "input_0.pb"));
            var expected = Tensor(Case(name, "test_data_set_0", "output_0.pb"));
            int rows = (int)input.Shape[0], width = (int)(input.Count / rows);
            Assert.Equal(rows * targets, expected.Numbers.Count);
            using var session = new InferenceSession(file);
            var onOriginal = Run(session, input, roundToFloat: false);
            var onRounded = Run(session, input, roundToFloat: true);
            int asExpected = 0, rounded = 0;
            for (int t = 0; t < targets; t++)
            {
                var result = ModelConverter.Convert(file, new ConversionOptions { Target = t });
                Assert.True(result.Parity.Passed, result.Parity.ToString());
                Assert.Equal($"{t} of {targets}", result.Model.Metadata["source.target"]);
                _output.WriteLine($"{name} target {t}: {result.Model.Metadata["algorithm"]}; gate {result.Parity}");
                var scorer = result.Model.CreateScorer();
                for (int r = 0; r < rows; r++)
                {
                    for (int i = 0; i < width; i++) scorer.SetNumber(i, input.Numbers[r * width + i]);
                    double actual = scorer.Predict().Score;
                    double original = onOriginal[r * targets + t], onFloat = onRounded[r * targets + t], wanted = expected.Numbers[r * targets + t];
                    // DbScoring always agrees with ONNX Runtime on the input as DbScoring holds it (a float).
                    Assert.True(Close(actual, onFloat), $"{name} target {t} row {r + 1}: ONNX Runtime on the float input {onFloat}, DbScoring {actual}");
                    // Where rounding the input to float does not change ONNX Runtime's answer, DbScoring gives ONNX's expected value.
                    if (Close(original, onFloat))
                    {
                        Assert.True(Close(actual, wanted), $"{name} target {t} row {r + 1}: ONNX expects {wanted}, DbScoring {actual}");
                        asExpected++;
                    }
                    else
                    {
                        rounded++;
                        _output.WriteLine($"{name} target {t} row {r + 1}: the input is not a float and its rounding crosses a split: " +
                            $"ONNX expects {wanted}, ONNX Runtime on the float input {onFloat}, DbScoring {actual}");
                    }
                }
            }
            _output.WriteLine($"{name}: {asExpected} of {rows * targets} (row, target) values as ONNX expects; {rounded} where the float rounding of the input crosses a split");
            Assert.True(asExpected >= rows * targets - 1);
        }

        [Fact]
        public void A_target_outside_the_models_targets_is_refused_with_the_range()
        {
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(Case("single_tree", "model.onnx"), new ConversionOptions { Target = 2 }));
            Assert.Contains("--target 2 is not one of them", error.Message);
            Assert.Contains("--target 0…1", error.Message);
        }

        private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-5 * Math.Max(1, Math.Abs(b));

        /// <summary>A TensorProto file (the backend cases' input_0.pb, output_0.pb), read by the converter's own reader.</summary>
        private static OnnxTensor Tensor(string path) => OnnxTensor.Read(new ProtoReader(File.ReadAllBytes(path)));

        /// <summary>ONNX Runtime's outputs for all the case's rows at once (its declared row count), given as the model's input type, rounded to float first if asked.</summary>
        private static double[] Run(InferenceSession session, OnnxTensor input, bool roundToFloat)
        {
            var name = session.InputMetadata.First().Key;
            int[] shape = input.Shape.Select(d => (int)d).ToArray();
            var values = input.Numbers.Select(v => roundToFloat ? (double)(float)v : v).ToArray();
            NamedOnnxValue feed = input.DataType == OnnxTensor.Double
                ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(values, shape))
                : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values.Select(v => (float)v).ToArray(), shape));
            using var results = session.Run(new List<NamedOnnxValue> { feed });
            var output = results.First();
            return output.Value is Tensor<double> d ? d.ToArray() : output.AsTensor<float>().Select(v => (double)v).ToArray();
        }
    }
}
