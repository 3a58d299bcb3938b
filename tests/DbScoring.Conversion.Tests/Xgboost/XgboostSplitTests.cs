using System.Collections.Generic;
using DbScoring.Conversion.Xgboost;
using DbScoring.Runtime.Predictors;
using Xunit;

namespace DbScoring.Conversion.Tests.Xgboost
{
    /// <summary>
    /// XGBoost goes left when value &lt; condition; the runtime when value ≤ threshold. The converter uses the largest
    /// float below the condition as the threshold. These tests prove the rewrite on the values where it could fail:
    /// the condition itself, its float neighbours, zeros of both signs, subnormals, the extremes and infinities.
    /// </summary>
    public sealed class XgboostSplitTests
    {
        public static IEnumerable<object[]> Conditions()
        {
            foreach (float c in new[] { 0f, -0f, 1f, -1f, 0.1f, float.Epsilon, -float.Epsilon, 1e-38f, 12345.678f, float.MaxValue, -float.MaxValue, float.PositiveInfinity })
                yield return new object[] { c };
        }

        [Theory]
        [MemberData(nameof(Conditions))]
        public void A_numeric_split_sends_exactly_the_values_below_the_condition_left(float condition)
        {
            foreach (bool defaultLeft in new[] { true, false })
            {
                var ensemble = Stump(condition, defaultLeft);
                var probes = new List<float> { condition, System.MathF.BitDecrement(condition), System.MathF.BitIncrement(condition), 0f, -0f,
                    float.Epsilon, -float.Epsilon, float.MaxValue, -float.MaxValue, float.PositiveInfinity, float.NegativeInfinity, 1f, -1f };
                foreach (float x in probes)
                {
                    if (float.IsNaN(x)) continue;
                    float expected = x < condition ? -1f : 1f;   // XGBoost: fvalue < split_cond → left (leaf −1)
                    Assert.True(expected == ensemble.Score(new[] { x }, 0), $"x = {x:R}, condition {condition:R}");
                }
                Assert.Equal(defaultLeft ? -1f : 1f, ensemble.Score(new[] { float.NaN }, 0));
            }
        }

        [Fact]
        public void A_split_below_minus_infinity_is_refused_as_malformed()
        {
            var error = Assert.Throws<ModelConversionException>(() => Stump(float.NegativeInfinity, true));
            Assert.Contains("malformed", error.Message);
        }

        /// <summary>Root split on feature 0 with leaves −1 (left) and +1 (right), converted by the production code.</summary>
        private static TreeEnsembleScoreFunction Stump(float condition, bool defaultLeft)
        {
            var tree = new XgbTree
            {
                Left = new[] { 1, -1, -1 }, Right = new[] { 2, -1, -1 }, SplitIndex = new[] { 0, 0, 0 },
                SplitCondition = new[] { condition, -1f, 1f }, DefaultLeft = new[] { defaultLeft, false, false },
            };
            var layout = XgbFeatureLayout.Create(new[] { "x" }, new Dictionary<int, int>(), missingAsZero: false);
            return new TreeEnsembleScoreFunction(new[] { XgbBooster.Tree(tree, layout, 1f, "test") }, false, 1, floatSum: true);
        }
    }
}
