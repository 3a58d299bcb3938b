using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace DbScoring.Conversion.Tests.Onnx
{
    /// <summary>
    /// ONNX TreeEnsembleRegressor models converted with ONNX Runtime as the parity oracle. No ONNX producer for
    /// scikit-learn (skl2onnx) is available here, so build_onnx_models.py writes a real scikit-learn
    /// GradientBoostingRegressor (breast-cancer data) as ONNX with Debian's python3-onnx, in every node mode with and
    /// without missing-value tracks (BRANCH_EQ/NEQ from a regressor on one-hot codes, whose "code ≤ 0.5" splits are
    /// "x ≠ k"); the tests also check the blob against scikit-learn's own predictions. The v5-* models are the same
    /// regressor written as the newer TreeEnsemble (ai.onnx.ml 5): tensor attributes, BRANCH_MEMBER sets on the
    /// whole-number features, and (v5-double) double inputs, thresholds and weights.
    /// </summary>
    [Collection(OnnxTestModels.Collection)]
    public sealed class OnnxConversionTests
    {
        private readonly OnnxTestModels _models;
        private readonly ITestOutputHelper _output;

        public OnnxConversionTests(OnnxTestModels models, ITestOutputHelper output)
        {
            _models = models;
            _output = output;
        }

        [SkippableTheory]
        [InlineData("leq")]
        [InlineData("leq-tracks")]
        [InlineData("lt")]
        [InlineData("lt-tracks")]
        [InlineData("gte")]
        [InlineData("gte-tracks")]
        [InlineData("gt")]
        [InlineData("gt-tracks")]
        [InlineData("eq")]
        [InlineData("eq-tracks")]
        [InlineData("neq")]
        [InlineData("neq-tracks")]
        [InlineData("v5-leq-tracks")]
        [InlineData("v5-member")]
        [InlineData("v5-member-tracks")]
        [InlineData("v5-double")]
        [InlineData("v3-double")]
        public void A_tree_ensemble_regressor_in_every_node_mode_passes_the_ONNX_Runtime_gate_and_predicts_as_scikit_learn(string name)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var result = ModelConverter.Convert(_models.File(name + ".onnx"));
            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.StartsWith("ONNX Runtime ", result.Parity.Oracle);
            Assert.Equal("DbScoring tests (python3-onnx)", result.Model.Metadata["source.library"]);

            var rows = File.ReadAllLines(_models.File("rows.csv")).Skip(1)
                .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
            // EQ/NEQ models come from a regressor on the one-hot codes of the (whole-number) features: see build_onnx_models.py.
            bool equality = name.StartsWith("eq", StringComparison.Ordinal) || name.StartsWith("neq", StringComparison.Ordinal);
            var expected = File.ReadAllLines(_models.File(equality ? "sklearn-eq.csv" : "sklearn.csv")).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
            var scorer = result.Model.CreateScorer();
            double max = 0;
            int compared = 0;
            for (int r = 0; r < rows.Count; r++)
            {
                if (rows[r].Any(double.IsNaN)) continue;   // scikit-learn saw medians there; ONNX sees the missing value
                for (int i = 0; i < rows[r].Length; i++) scorer.SetNumber(i, rows[r][i]);
                double difference = Math.Abs(scorer.Predict().Score - expected[r]);
                Assert.True(difference <= 1e-5 * Math.Max(1, Math.Abs(expected[r])), $"row {r + 1}: scikit-learn {expected[r]}, DbScoring {scorer.Predict().Score}");
                max = Math.Max(max, difference);
                compared++;
            }
            _output.WriteLine($"{name}: gate {result.Parity}; {compared} data rows vs scikit-learn: max |Δ| {max:G3}");
        }

        [SkippableFact]
        public void A_TreeEnsemble_taking_the_MIN_of_one_tree_passes_the_ONNX_Runtime_gate()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var result = ModelConverter.Convert(_models.File("v5-min-one-tree.onnx"));
            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.Contains("1 trees, MIN", result.Model.Metadata["algorithm"]);
            _output.WriteLine("v5-min-one-tree: gate " + result.Parity);
        }

        [SkippableFact]
        public void The_slots_of_one_input_are_named_by_feature_names_else_by_the_models_metadata_else_f0_on()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            Assert.Equal(Enumerable.Range(0, 9).Select(i => "f" + i), ModelConverter.Convert(_models.File("leq.onnx")).Model.Inputs.Select(i => i.Name));
            var fromMetadata = ModelConverter.Convert(_models.File("leq-named.onnx")).Model;
            Assert.Equal(new[] { "thickness", "size", "shape", "adhesion", "epithelial", "nuclei", "chromatin", "nucleoli", "mitoses" }, fromMetadata.Inputs.Select(i => i.Name));
            var given = Enumerable.Range(0, 9).Select(i => "x" + i).ToArray();
            var renamed = ModelConverter.Convert(_models.File("leq-named.onnx"), new ConversionOptions { FeatureNames = given });
            Assert.Equal(given, renamed.Model.Inputs.Select(i => i.Name));
            Assert.True(renamed.Parity.Passed, renamed.Parity.ToString());
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(_models.File("leq.onnx"), new ConversionOptions { FeatureNames = new[] { "a", "b" } }));
            Assert.Contains("2 feature names were given", error.Message);
        }

        [SkippableFact]
        public void A_target_chosen_for_a_model_with_one_output_is_refused()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(_models.File("v5-min-one-tree.onnx"), new ConversionOptions { Target = 0 }));
            Assert.Contains("--target 0", error.Message);
            Assert.Contains("leave --target out", error.Message);
        }

        [SkippableTheory]
        [InlineData("refused-v5-max", "aggregate_function MAX over 41 trees")]
        [InlineData("refused-v5-targets", "n_targets = 2")]
        public void A_TreeEnsemble_that_does_not_map_onto_one_score_is_refused_by_attribute(string name, string attribute)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(_models.File(name + ".onnx")));
            Assert.Contains("ai.onnx.ml:TreeEnsemble (node 'trees')", error.Message);
            Assert.Contains(attribute, error.Message);
            _output.WriteLine(error.Message);
        }

        [SkippableFact]
        public void An_operator_outside_the_table_is_refused_by_domain_op_and_node_name()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(_models.File("refused-operator.onnx")));
            Assert.Contains("ai.onnx:Abs (node 'absolute')", error.Message);
            Assert.Contains("ai.onnx.ml:TreeEnsembleRegressor", error.Message);
        }

        [SkippableFact]
        public void An_unsupported_attribute_value_is_refused_by_name()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(_models.File("refused-average.onnx")));
            Assert.Contains("aggregate_function AVERAGE", error.Message);
            Assert.Contains("(node 'trees')", error.Message);
        }
    }
}
