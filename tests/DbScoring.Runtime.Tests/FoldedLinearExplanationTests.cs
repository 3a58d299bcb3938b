using System;
using System.Linq;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Predictors;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// Linear models the execution plan folds are explained on the folded features (one pass over the terms scoring adds).
    /// That must give the contributions, base and raw score of the unfolded explanation — every transform run, Σ weight ×
    /// transformed value per input — bit for bit, on every test model and every edge row.
    /// </summary>
    public class FoldedLinearExplanationTests
    {
        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void Folded_linear_contributions_equal_the_unfolded_ones_bit_for_bit(string name)
        {
            var model = ExplanationTestModels.WithCovers(TestModels.ByName(name));
            if (model.Plan.FoldedLinear == null || model.ExplanationRefusal != null || model.Explainer.Function(0) is not LinearExplainer)
            {
                return; // not a folded linear model: Explain takes the unfolded path, covered by ExplanationTests
            }

            var scorer = model.CreateScorer();
            var reference = model.CreateScorer();
            var explanation = new Explanation(model);
            var unfolded = new double[model.Inputs.Count];
            var scratch = new ShapScratch(model.Explainer.PathCapacity);
            int rows = 0;
            foreach (var row in ExplanationTestModels.EdgeRows())
            {
                TestModels.Set(scorer, row);
                Prediction p = scorer.Explain(explanation);
                if (explanation.ClassIndex < 0 && model.Kind == PredictionKind.MulticlassClassification) continue; // no class predicted

                TestModels.Set(reference, row);
                float[] features = reference.TransformAll(out int offset);
                int output = Math.Max(explanation.ClassIndex, 0);
                double expectedBase = model.Explainer.Function(output).Explain(features, offset, unfolded, scratch);
                // The unfolded linear function reads only the features (no workspace), as the model's own definition scores.
                var function = (LinearScoreFunction)model.Explainer.ScoreFunction(output);
                double expectedRaw = function.Score(features, offset, null!);
                reference.EndRow();

                Assert.Equal(Bits(expectedBase), Bits(explanation.Base));
                Assert.Equal(Bits(expectedRaw), Bits(explanation.RawScore));
                Assert.Equal(unfolded.Select(Bits), explanation.Contributions.Select(Bits));
                rows++;
            }

            Assert.True(rows > 100, $"{name}: only {rows} rows compared");
        }

        [Fact]
        public void The_test_models_include_folded_linear_models_of_every_kind()
        {
            var folded = TestModels.AllNames().Select(n => (string)n[0])
                .Select(n => ExplanationTestModels.WithCovers(TestModels.ByName(n)))
                .Where(m => m.Plan.FoldedLinear != null && m.ExplanationRefusal == null)
                .Select(m => m.Kind).Distinct().ToList();
            Assert.Contains(PredictionKind.BinaryClassification, folded);
            Assert.Contains(PredictionKind.MulticlassClassification, folded);
        }

        /// <summary>Bits of a double, with every NaN the same (NaN payloads are not part of the contract).</summary>
        private static long Bits(double value) => double.IsNaN(value) ? long.MinValue : BitConverter.DoubleToInt64Bits(value == 0 ? 0 : value);
    }
}
