using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace DbScoring.Conversion.Tests.Onnx
{
    /// <summary>
    /// Normalizer, Binarizer and Div as runtime transforms, CastMap of a map input, and regressors with several targets. The "exact-*" models
    /// score one slot of the pre-processing itself (ArrayFeatureExtractor, then x · 1 + 0), so the parity gate compares
    /// DbScoring's LpNormalize / Binarize / Divide with ONNX Runtime's operator slot by slot: every difference must be 0.
    /// skl2onnx is not available here: build_onnx_models.py writes the models with python3-onnx (see there).
    /// </summary>
    [Collection(OnnxTestModels.Collection)]
    public sealed class OnnxPreprocessingTests
    {
        private readonly OnnxTestModels _models;
        private readonly ITestOutputHelper _output;

        public OnnxPreprocessingTests(OnnxTestModels models, ITestOutputHelper output)
        {
            _models = models;
            _output = output;
        }

        [SkippableTheory]
        [InlineData("normalizer-max")]
        [InlineData("normalizer-l1")]
        [InlineData("normalizer-l2")]
        [InlineData("div")]
        [InlineData("binarizer")]
        public void Each_slot_of_the_pre_processing_is_bit_for_bit_ONNX_Runtimes(string name)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            for (int slot = 0; slot < 4; slot++)
            {
                var result = ModelConverter.Convert(_models.File($"exact-{name}-{slot}.onnx"));
                _output.WriteLine($"exact-{name} slot {slot}: {result.Model.Metadata["algorithm"]}; gate {result.Parity}");
                Assert.True(result.Parity.Passed, result.Parity.ToString());
                Assert.Equal(0, result.Parity.MaxScoreDifference);
            }
        }

        [SkippableFact]
        public void A_Div_of_integers_is_refused_by_element_type()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(_models.File("refused-div-int.onnx")));
            Assert.Contains("ai.onnx:Div (node 'div')", error.Message);
            Assert.Contains("element type 7", error.Message);
        }

        [SkippableTheory]
        [InlineData("iris-rf-2targets", "ai.onnx.ml:TreeEnsembleRegressor (node 'forest')")]
        [InlineData("iris-linreg-2targets", "ai.onnx.ml:LinearRegressor (node 'linear')")]
        public void A_regressor_with_two_targets_converts_one_target_per_model_and_gives_scikit_learns_predictions(string name, string node)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            string file = _models.File(name + ".onnx");
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(file));
            Assert.Contains(node, error.Message);
            Assert.Contains("--target k (0…1)", error.Message);
            var rows = Csv(_models.File("iris-rows2.csv"), skip: 1);
            var expected = Csv(_models.File(name + ".csv"), skip: 0);
            for (int target = 0; target < 2; target++)
            {
                var result = ModelConverter.Convert(file, new ConversionOptions { Target = target });
                Assert.True(result.Parity.Passed, result.Parity.ToString());
                Assert.Equal($"{target} of 2", result.Model.Metadata["source.target"]);
                var scorer = result.Model.CreateScorer();
                double max = 0;
                for (int r = 0; r < rows.Length; r++)
                {
                    scorer.SetNumber(0, rows[r][0]);
                    scorer.SetNumber(1, rows[r][1]);
                    double difference = Math.Abs(scorer.Predict().Score - expected[r][target]);
                    Assert.True(difference <= 1e-5 * Math.Max(1, Math.Abs(expected[r][target])), $"row {r + 1}: scikit-learn {expected[r][target]}, DbScoring {scorer.Predict().Score}");
                    max = Math.Max(max, difference);
                }
                _output.WriteLine($"{name} target {target}: {result.Model.Metadata["algorithm"]}; gate {result.Parity}; {rows.Length} rows vs scikit-learn max |Δ| {max:G3}");
            }
        }

        [SkippableFact]
        public void A_map_input_through_CastMap_becomes_one_numeric_input_per_key_and_a_missing_one_is_an_absent_key()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var result = ModelConverter.Convert(_models.File("cancer-castmap.onnx"));
            _output.WriteLine($"cancer-castmap: {result.Model.Metadata["algorithm"]}; gate {result.Parity}");
            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.Equal(0, result.Parity.MaxScoreDifference);
            Assert.Equal(Enumerable.Range(0, 9).Select(i => "f" + i), result.Model.Inputs.Select(i => i.Name));
            var rows = Csv(_models.File("rows.csv"), skip: 1);
            var expected = Csv(_models.File("sklearn.csv"), skip: 0);
            var scorer = result.Model.CreateScorer();
            double max = 0;
            for (int r = 0; r < rows.Length; r++)
            {
                if (rows[r].Any(double.IsNaN)) continue;   // scikit-learn saw medians there; the map lacks the key (0)
                for (int i = 0; i < 9; i++) scorer.SetNumber(i, rows[r][i]);
                max = Math.Max(max, Math.Abs(scorer.Predict().Score - expected[r][0]));
            }
            _output.WriteLine($"cancer-castmap: data rows vs scikit-learn max |Δ| {max:G3}");
            Assert.True(max <= 1e-5, $"max |Δ| {max}");
        }

        [SkippableFact]
        public void A_dense_CastMap_is_refused_by_attribute()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(_models.File("refused-castmap-dense.onnx")));
            Assert.Contains("ai.onnx.ml:CastMap (node 'castmap')", error.Message);
            Assert.Contains("map_form DENSE", error.Message);
        }

        private static double[][] Csv(string path, int skip) => File.ReadAllLines(path).Skip(skip)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }
}
