using System;
using System.Collections.Generic;
using DbScoring.Runtime.Transforms;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    public class TransformSemanticsTests
    {
        private const uint Seed = TestModels.MlNetHashSeed; // ML.NET OneHotHashEncoding / Hash default seed

        /// <summary>Text → ordered Hash → KeyToVector → weights 1..2^bits: the score is the key (slot + 1), 0 for none.</summary>
        private static float HashKey(string? text, int bits)
        {
            int width = 1 << bits;
            var weights = new float[width];
            for (int i = 0; i < width; i++) weights[i] = i + 1;
            var columns = new List<ColumnDefinition>
            {
                new ColumnDefinition("in", ColumnKind.Text, 1),
                new ColumnDefinition("key", ColumnKind.Key, 1, width),
                new ColumnDefinition("vec", ColumnKind.Float, width),
            };
            var model = Probe.Load(new ModelDefinition(
                new List<InputColumn> { new InputColumn("City", InputKind.Text, 0, 0) }, columns,
                new List<Transform> { new HashTransform(0, 1, bits, Seed, ordered: true), new KeyToVectorTransform(1, 2, bag: false) },
                new Predictors.RegressionPredictor(2, new Predictors.LinearScoreFunction(weights, 0), Predictors.RegressionLink.Identity), new string[0]));
            var scorer = model.CreateScorer();
            scorer.SetText(0, text);
            return scorer.Predict().Score;
        }

        [Theory]
        [InlineData(16, 5818)]
        [InlineData(12, 1722)]
        public void Zurich_hashes_to_the_slot_MLNET_gives_it(int bits, int slot)
        {
            Assert.Equal(slot + 1, HashKey("Zürich", bits));
        }

        // Keys computed with ML.NET 5.0.1: Hash(ColumnOptions("K", "City", numberOfBits, seed: 314489979,
        // useOrderedHashing: true)) on a scalar text column — OneHotHashEncoding's defaults. Key = slot + 1, 0 = missing.
        [Theory]
        [InlineData("東京", 635, 635)]
        [InlineData("aü", 54563, 1315)]
        [InlineData(" Bern ", 18657, 2273)]
        [InlineData("São Paulo", 62143, 703)]
        [InlineData("x", 248, 248)]
        [InlineData("Genève", 64138, 2698)]
        [InlineData("", 0, 0)]
        public void Text_hashes_to_the_keys_MLNET_computes(string text, int key16, int key12)
        {
            Assert.Equal(key16, HashKey(text, 16));
            Assert.Equal(key12, HashKey(text, 12));
        }

        [Fact]
        public void Missing_text_hashes_to_key_zero()
        {
            Assert.Equal(0, HashKey(null, 16));
        }

        private static double NormalCdfWinitzki(double x, double mean, double std)
        {
            // Φ(z) = ½(1 + erf(z/√2)), erf(y) ≈ sign(y)·√(1 − exp(−y²(4/π + a·y²)/(1 + a·y²))), a = 0.147 (Winitzki 2008).
            double z = (x - mean) / std, y2 = z * z / 2, a = 0.147;
            double erf = Math.Sign(z) * Math.Sqrt(1 - Math.Exp(-y2 * (4 / Math.PI + a * y2) / (1 + a * y2)));
            return 0.5 * (1 + erf);
        }

        [Theory]
        [InlineData(50000, 0.5)]
        [InlineData(70000, 0.8413447460685429)]   // Φ(1)
        [InlineData(10000, 0.0227501319481792)]   // Φ(−2)
        [InlineData(60000, 0.6914624612740131)]   // Φ(0.5)
        [InlineData(110000, 0.9986501019683699)]  // Φ(3)
        public void The_cdf_normalizer_follows_the_normal_cdf_formula(double x, double exactPhi)
        {
            var scorer = Probe.Scalar(InputKind.Number, (s, d) => new CdfNormalizeTransform(s, d, new[] { 50000f }, new[] { 20000f }, useLog: false));
            float actual = Probe.Score(scorer, x);
            Assert.Equal(NormalCdfWinitzki(x, 50000, 20000), actual, 6);
            Assert.Equal(exactPhi, actual, 3); // the approximation itself is within ~1e-4 of Φ
        }

        [Fact]
        public void The_log_cdf_normalizer_takes_the_log_first_and_gives_zero_for_non_finite_values()
        {
            var log = Probe.Scalar(InputKind.Number, (s, d) => new CdfNormalizeTransform(s, d, new[] { 2f }, new[] { 0.5f }, useLog: true));
            Assert.Equal(NormalCdfWinitzki(Math.Log(20), 2, 0.5), Probe.Score(log, 20), 6);
            Assert.Equal(0f, Probe.Score(log, 0));
            Assert.Equal(0f, Probe.Score(log, -3));
            Assert.Equal(0f, Probe.Score(log, double.NaN));
            var plain = Probe.Scalar(InputKind.Number, (s, d) => new CdfNormalizeTransform(s, d, new[] { 0f }, new[] { 1f }, useLog: false));
            Assert.Equal(0f, Probe.Score(plain, double.PositiveInfinity));
            Assert.Equal(0f, Probe.Score(plain, double.NaN));
            var constant = Probe.Scalar(InputKind.Number, (s, d) => new CdfNormalizeTransform(s, d, new[] { 3f }, new[] { 0f }, useLog: false));
            Assert.Equal(0f, Probe.Score(constant, 3));
        }

        [Theory]
        [InlineData(0f)]
        [InlineData(0.5f)]
        public void The_bin_normalizer_maps_bins_to_index_over_density_minus_offset(float offset)
        {
            // Upper bounds 1, 2, 3, +∞: four bins, density = bins − 1 = 3 (ML.NET BinNormalizer), value ≤ bound → that bin.
            var scorer = Probe.Scalar(InputKind.Number, (s, d) => new BinNormalizeTransform(s, d,
                new[] { new[] { 1f, 2f, 3f, float.PositiveInfinity } }, new[] { 3f }, new[] { offset }));
            Assert.Equal(0f / 3 - offset, Probe.Score(scorer, -100));
            Assert.Equal(0f / 3 - offset, Probe.Score(scorer, 1));      // equal to a bound stays in that bin
            Assert.Equal(1f / 3 - offset, Probe.Score(scorer, 1.0001));
            Assert.Equal(2f / 3 - offset, Probe.Score(scorer, 3));
            Assert.Equal(3f / 3 - offset, Probe.Score(scorer, 3.5));
            Assert.Equal(0f - offset, Probe.Score(scorer, double.NegativeInfinity));
            Assert.Equal(1f - offset, Probe.Score(scorer, double.PositiveInfinity));
            Assert.True(float.IsNaN(Probe.Score(scorer, double.NaN)));
        }

        [Fact]
        public void Replace_missing_substitutes_only_NaN()
        {
            var scorer = Probe.Scalar(InputKind.Number, (s, d) => new ReplaceMissingTransform(s, d, new[] { 7.5f }));
            Assert.Equal(7.5f, Probe.Score(scorer, double.NaN));
            Assert.Equal(-2f, Probe.Score(scorer, -2));
            Assert.Equal(float.PositiveInfinity, Probe.Score(scorer, double.PositiveInfinity));
        }

        [Fact]
        public void Affine_normalization_subtracts_the_offset_then_scales()
        {
            var scorer = Probe.Scalar(InputKind.Number, (s, d) => new AffineNormalizeTransform(s, d, new[] { 0.25f }, new[] { 10f }));
            Assert.Equal((18f - 10f) * 0.25f, Probe.Score(scorer, 18));
            Assert.True(float.IsNaN(Probe.Score(scorer, double.NaN)));
        }

        [Theory]
        [InlineData(" 12.5 ", 12.5f)]
        [InlineData("1e3", 1000f)]
        [InlineData("-0.125", -0.125f)]
        [InlineData("", 0f)]
        [InlineData("   ", 0f)]
        [InlineData("Infinity", float.PositiveInfinity)]
        [InlineData("-∞", float.NegativeInfinity)]
        [InlineData("?", float.NaN)]
        [InlineData("abc", float.NaN)]
        [InlineData("1,5", float.NaN)]
        public void Text_converts_to_float_with_MLNET_rules(string text, float expected)
        {
            var scorer = Probe.Scalar(InputKind.Text, (s, d) => new ConvertToFloatTransform(s, d));
            Assert.Equal(expected, Probe.Score(scorer, text));
        }

        [Fact]
        public void Value_to_key_is_ordinal_and_one_hot_sets_one_slot_per_known_value()
        {
            var vocabulary = new[] { "basic", "plus", "pro" };
            var columns = new List<ColumnDefinition>
            {
                new ColumnDefinition("in", ColumnKind.Text, 2),
                new ColumnDefinition("key", ColumnKind.Key, 2, 3),
                new ColumnDefinition("onehot", ColumnKind.Float, 6),
                new ColumnDefinition("bag", ColumnKind.Float, 3),
                new ColumnDefinition("all", ColumnKind.Float, 9),
            };
            // Powers of two as weights: the score says exactly which slots are set, and to what count.
            var weights = new[] { 1f, 2f, 4f, 8f, 16f, 32f, 64f, 128f, 256f };
            var model = Probe.Load(new ModelDefinition(
                new List<InputColumn> { new InputColumn("a", InputKind.Text, 0, 0), new InputColumn("b", InputKind.Text, 0, 1) }, columns,
                new List<Transform>
                {
                    new ValueToKeyTransform(0, 1, vocabulary),
                    new KeyToVectorTransform(1, 2, bag: false),
                    new KeyToVectorTransform(1, 3, bag: true),
                    new ConcatenateTransform(new[] { 2, 3 }, 4),
                },
                new Predictors.RegressionPredictor(4, new Predictors.LinearScoreFunction(weights, 0), Predictors.RegressionLink.Identity), new string[0]));
            var scorer = model.CreateScorer();
            float Score(string? a, string? b) { scorer.SetText(0, a); scorer.SetText(1, b); return scorer.Predict().Score; }

            // a = "plus" → onehot slot 1; b = "pro" → onehot slot 3 + 2; bag slots 1 and 2 count once each.
            Assert.Equal(2f + 32f + 128f + 256f, Score("plus", "pro"));
            // Same value twice: bag slot counts 2.
            Assert.Equal(1f + 8f + 2 * 64f, Score("basic", "basic"));
            // Unseen ("Plus" differs by case), missing and empty set nothing.
            Assert.Equal(0f, Score("Plus", null));
            Assert.Equal(0f, Score("", " plus"));
        }
    }
}
