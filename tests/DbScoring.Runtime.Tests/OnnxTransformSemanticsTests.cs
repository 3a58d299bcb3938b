using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// The transforms that ONNX's pre-processing operators become (format 1.1, transforms 15–19), through the blob format.
    /// The values here are ones whose float result is known by hand; exactness against ONNX Runtime on thousands of rows
    /// is the conversion tests' parity gate (tests/DbScoring.Conversion.Tests/Onnx).
    /// </summary>
    public sealed class OnnxTransformSemanticsTests
    {
        /// <summary>
        /// Number inputs x0…x{n−1} (column 0) → <paramref name="transform"/> into column 1 → each output slot read on its
        /// own (SelectSlots into a one-slot column, scored as x · 1 + 0, which keeps NaN and ±∞).
        /// </summary>
        private static float[] Apply(Func<int, int, Transform> transform, params double[] row)
        {
            var result = new float[row.Length];
            for (int slot = 0; slot < row.Length; slot++)
            {
                var inputs = Enumerable.Range(0, row.Length).Select(i => new InputColumn("x" + i, InputKind.Number, 0, i)).ToList();
                var columns = new List<ColumnDefinition>
                {
                    new ColumnDefinition("in", ColumnKind.Float, row.Length),
                    new ColumnDefinition("out", ColumnKind.Float, row.Length),
                    new ColumnDefinition("slot", ColumnKind.Float, 1),
                };
                var transforms = new List<Transform> { transform(0, 1), new SelectSlotsTransform(1, 2, new[] { slot }) };
                var predictor = new RegressionPredictor(2, new LinearScoreFunction(new[] { 1f }, 0f), RegressionLink.Identity);
                var scorer = Probe.Load(new ModelDefinition(inputs, columns, transforms, predictor, new string[0])).CreateScorer();
                result[slot] = Probe.Predict(scorer, row).Score;
            }
            return result;
        }

        [Fact]
        public void MAX_divides_by_the_largest_slot_which_NaN_never_is()
        {
            Assert.Equal(new[] { 0.25f, -0.5f, 1f }, Apply((s, d) => new LpNormalizeTransform(s, d, LpNorm.Max), 2, -4, 8));
            Assert.Equal(new[] { float.NaN, 1f }, Apply((s, d) => new LpNormalizeTransform(s, d, LpNorm.Max), double.NaN, 2));
            // All below the starting −float.MaxValue: the divisor stays −float.MaxValue.
            Assert.Equal(new[] { float.PositiveInfinity }, Apply((s, d) => new LpNormalizeTransform(s, d, LpNorm.Max), double.NegativeInfinity));
        }

        [Fact]
        public void L1_divides_by_the_sum_of_absolute_values()
        {
            Assert.Equal(new[] { 0.25f, -0.75f }, Apply((s, d) => new LpNormalizeTransform(s, d, LpNorm.L1), 1, -3));
        }

        [Fact]
        public void L2_takes_the_root_of_each_square_over_the_sum_of_squares_with_the_sign_of_x()
        {
            // 9 / 25 and 16 / 25 in float, then √: the float nearest 0.6 and 0.8.
            Assert.Equal(new[] { (float)Math.Sqrt(9f / 25f), -(float)Math.Sqrt(16f / 25f) }, Apply((s, d) => new LpNormalizeTransform(s, d, LpNorm.L2), 3, -4));
            // One slot: √(x² / x²) = 1 whatever x, where x / √(x²) is 1 too — and for x = 3e-30, x² underflows towards 0.
            Assert.Equal(new[] { -1f }, Apply((s, d) => new LpNormalizeTransform(s, d, LpNorm.L2), -7));
        }

        [Theory]
        [InlineData(LpNorm.Max)]
        [InlineData(LpNorm.L1)]
        [InlineData(LpNorm.L2)]
        public void A_row_whose_norm_is_zero_is_left_as_it_is(LpNorm norm)
        {
            Assert.Equal(new[] { 0f, 0f, 0f }, Apply((s, d) => new LpNormalizeTransform(s, d, norm), 0, 0, 0));
        }

        [Fact]
        public void Binarize_gives_1_above_the_threshold_0_at_or_below_and_keeps_a_missing_value()
        {
            Assert.Equal(new[] { 1f, 0f, 0f, float.NaN, 1f, 0f },
                Apply((s, d) => new BinarizeTransform(s, d, 0.5f), 0.75, 0.5, -3, double.NaN, double.PositiveInfinity, double.NegativeInfinity));
        }

        [Fact]
        public void Divide_is_one_float_division_not_a_multiplication_by_the_reciprocal()
        {
            // 9 / 10: the float nearest 0.9. 9 · (1 / 10f) rounds twice and gives the float above it (0.90000004).
            float divided = Apply((s, d) => new DivideTransform(s, d, new[] { 10f }), 9)[0];
            Assert.Equal(0.9f, divided);
            float nine = 9f, ten = 10f, reciprocal = 1f / ten;
            Assert.Equal(0.90000004f, nine * reciprocal);
            Assert.Equal(new[] { float.PositiveInfinity, float.NaN }, Apply((s, d) => new DivideTransform(s, d, new[] { 0f, 0f }), 1, 0));
        }

        [Fact]
        public void KeyToNumber_maps_each_key_to_its_value_and_no_key_to_the_absent_value()
        {
            // Numbers → keys of {2, 5} → values {10, 20}, anything else −1 (an ONNX LabelEncoder with default_float −1).
            var columns = new List<ColumnDefinition>
            {
                new ColumnDefinition("in", ColumnKind.Float, 1),
                new ColumnDefinition("out", ColumnKind.Float, 1),
                new ColumnDefinition("key", ColumnKind.Key, 1, 2),
            };
            var transforms = new List<Transform> { new NumericValueToKeyTransform(0, 2, new[] { 2f, 5f }), new KeyToNumberTransform(2, 1, new[] { 10f, 20f }, -1f) };
            var scorer = Probe.Load(new ModelDefinition(new List<InputColumn> { new InputColumn("x", InputKind.Number, 0, 0) }, columns, transforms,
                new RegressionPredictor(1, new LinearScoreFunction(new[] { 1f }, 0f), RegressionLink.Identity), new string[0])).CreateScorer();
            Assert.Equal(10f, Probe.Score(scorer, 2));
            Assert.Equal(20f, Probe.Score(scorer, 5));
            Assert.Equal(-1f, Probe.Score(scorer, 3));
            Assert.Equal(-1f, Probe.Score(scorer, double.NaN));
        }

        [Fact]
        public void A_KeyToNumber_whose_values_do_not_match_its_keys_is_refused_on_load()
        {
            var columns = new List<ColumnDefinition>
            {
                new ColumnDefinition("in", ColumnKind.Float, 1),
                new ColumnDefinition("out", ColumnKind.Float, 1),
                new ColumnDefinition("key", ColumnKind.Key, 1, 2),
            };
            var transforms = new List<Transform> { new NumericValueToKeyTransform(0, 2, new[] { 2f, 5f }), new KeyToNumberTransform(2, 1, new[] { 10f }, -1f) };
            var definition = new ModelDefinition(new List<InputColumn> { new InputColumn("x", InputKind.Number, 0, 0) }, columns, transforms,
                new RegressionPredictor(1, new LinearScoreFunction(new[] { 1f }, 0f), RegressionLink.Identity), new string[0]);
            Assert.Throws<ModelFormatException>(() => Probe.Load(definition));
        }

        [Fact]
        public void ReplaceValue_replaces_exactly_the_value_minus_zero_included_and_keeps_a_missing_value()
        {
            // An ONNX Imputer with replaced_value_float 0 (scikit-learn's SimpleImputer(missing_values=0)): −0 == 0 is replaced too.
            Assert.Equal(new[] { 7f, 8f, 1e-45f, float.NaN, -1f },
                Apply((s, d) => new ReplaceValueTransform(s, d, 0f, new[] { 7f, 8f, 9f, 10f, 11f }), 0, -0.0, 1e-45, double.NaN, -1));
            Assert.Equal(new[] { 2f, 5f }, Apply((s, d) => new ReplaceValueTransform(s, d, float.NegativeInfinity, new[] { 5f, 5f }), 2, double.NegativeInfinity));
            Assert.Throws<ArgumentException>(() => new ReplaceValueTransform(0, 1, float.NaN, new[] { 1f }));
        }

        [Fact]
        public void An_unknown_norm_is_refused()
        {
            Assert.Throws<ModelFormatException>(() => new LpNormalizeTransform(0, 1, (LpNorm)3));
        }
    }
}
