using System.Collections.Generic;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// The runtime pieces format 1.1 added for XGBoost models: category codes to keys, the logistic regression link,
    /// tree ensembles summed in float, linear functions summed from the bias — each through the blob format.
    /// </summary>
    public sealed class XgboostSemanticsTests
    {
        [Theory]
        // XGBoost (src/common/categorical.h): a valid category is 0 ≤ v (< 2^24), truncated toward zero; anything
        // else is "not in the set"; NaN is missing. With 4 categories: keys 1..4, missing key 5, invalid key 0.
        [InlineData(0.0, 1u)]
        [InlineData(0.5, 1u)]
        [InlineData(2.0, 3u)]
        [InlineData(2.7, 3u)]
        [InlineData(3.999, 4u)]
        [InlineData(4.0, 0u)]
        [InlineData(-0.5, 0u)]
        [InlineData(-1.0, 0u)]
        [InlineData(1e30, 0u)]
        [InlineData(double.PositiveInfinity, 0u)]
        [InlineData(double.NegativeInfinity, 0u)]
        [InlineData(double.NaN, 5u)]
        public void A_category_code_becomes_its_key_and_anything_else_is_no_category_or_missing(double value, uint key)
        {
            var transform = new CategoryCodeToKeyTransform(0, 1, 4);
            Assert.Equal(key, transform.KeyOf((float)value));
            // Through a blob: one-hot of the key, read back as the weighted sum of indicator slots (slot i has weight i + 1).
            var scorer = Probe.Scalar(InputKind.Number, (s, d) => new KeyToVectorTransform(2, d, bag: false), width: 5, weights: new[] { 1f, 2f, 3f, 4f, 5f },
                extraColumns: new List<ColumnDefinition> { new ColumnDefinition("key", ColumnKind.Key, 1, 5) },
                before: new List<Transform> { new CategoryCodeToKeyTransform(0, 2, 4) });
            Assert.Equal((float)key, Probe.Score(scorer, value));
        }

        [Fact]
        public void Negative_zero_is_category_0_as_in_XGBoost_where_it_is_not_below_0() =>
            Assert.Equal(1u, new CategoryCodeToKeyTransform(0, 1, 4).KeyOf(-0.0f));

        [Fact]
        public void A_category_count_outside_XGBoosts_valid_range_is_refused()
        {
            Assert.Throws<ModelFormatException>(() => new CategoryCodeToKeyTransform(0, 1, 0));
            Assert.Throws<ModelFormatException>(() => new CategoryCodeToKeyTransform(0, 1, CategoryCodeToKeyTransform.MaxCategoryCount + 1));
        }

        [Theory]
        [InlineData(0.0)]
        [InlineData(2.5)]
        [InlineData(-30.0)]
        [InlineData(100.0)]
        public void The_logistic_link_is_XGBoosts_float_sigmoid(double margin)
        {
            var scorer = Probe.Features(1, f => new RegressionPredictor(f, new LinearScoreFunction(new[] { 1f }, 0f), RegressionLink.Logistic), new string[0]);
            float x = (float)margin;
            Assert.Equal(1f / (1f + (float)System.Math.Exp(-x)), Probe.Predict(scorer, margin).Score);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_float_sum_ensemble_adds_tree_by_tree_in_float_where_the_double_sum_keeps_the_small_leaf(bool categorical)
        {
            // Leaves 1e8, 1, −1e8: in float (1e8 + 1) rounds to 1e8, so XGBoost's sum is 0; ML.NET's double sum is 1.
            var trees = new List<RegressionTree> { Leaf(1e8), Stump(categorical, 1, 1), Leaf(-1e8) };
            var floatSum = Probe.Features(2, f => new RegressionPredictor(f, new TreeEnsembleScoreFunction(trees, false, 2, floatSum: true), RegressionLink.Identity), new string[0]);
            var doubleSum = Probe.Features(2, f => new RegressionPredictor(f, new TreeEnsembleScoreFunction(trees, false, 2), RegressionLink.Identity), new string[0]);
            Assert.Equal(0f, Probe.Predict(floatSum, 5, 5).Score);
            Assert.Equal(1f, Probe.Predict(doubleSum, 5, 5).Score);
            Assert.Equal(ScoreFunctionKind.FloatSumTreeEnsemble, ((RegressionPredictor)floatSum.Model.Definition.Predictor).Function.Kind);
        }

        [Fact]
        public void A_bias_first_linear_function_starts_its_float_sum_from_the_bias()
        {
            // ((1 + 1e8) − 1e8) = 0 in float (XGBoost gblinear); 1 + (1e8 − 1e8) = 1 (ML.NET).
            var biasFirst = Probe.Features(2, f => new RegressionPredictor(f, new LinearScoreFunction(new[] { 1e8f, -1e8f }, 1f, biasFirst: true), RegressionLink.Identity), new string[0]);
            var biasLast = Probe.Features(2, f => new RegressionPredictor(f, new LinearScoreFunction(new[] { 1e8f, -1e8f }, 1f), RegressionLink.Identity), new string[0]);
            Assert.Equal(0f, Probe.Predict(biasFirst, 1, 1).Score);
            Assert.Equal(1f, Probe.Predict(biasLast, 1, 1).Score);
        }

        [Fact]
        public void A_blob_stamped_with_format_1_0_still_loads_and_scores_the_same()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
            byte[] older = BlobSurgery.WithMinorVersion(blob, 0);
            Assert.Equal(0, System.BitConverter.ToUInt16(older, 10));
            var current = ScoringModel.Load(blob).CreateScorer();
            var old = ScoringModel.Load(older).CreateScorer();
            for (int i = 0; i < current.Model.Inputs.Count; i++)
            {
                if (current.Model.Inputs[i].Kind == InputKind.Text) { current.SetText(i, "a"); old.SetText(i, "a"); }
                else { current.SetNumber(i, 1.5); old.SetNumber(i, 1.5); }
            }
            Assert.Equal(current.Predict().Score, old.Predict().Score);
        }

        private static RegressionTree Leaf(double value) =>
            new RegressionTree(new int[0], new int[0], new int[0], new float[0], new float[0], new int[0][], new[] { value });

        /// <summary>One split on feature 0 (numerical, or categorical on features {0, 1}); both leaves hold the value.</summary>
        private static RegressionTree Stump(bool categorical, double left, double right) =>
            new RegressionTree(new[] { ~0 }, new[] { ~1 }, new[] { 0 }, new[] { 0.5f }, new[] { float.NaN },
                new[] { categorical ? new[] { 0, 1 } : new int[0] }, new[] { left, right });
    }
}
