using System;
using System.Linq;
using DbScoring.Runtime.Predictors;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    public class PredictorSemanticsTests
    {
        private static readonly string[] BinaryLabels = { "False", "True" };

        /// <summary>
        /// One tree over features f0, f1, f2:
        /// node0: f0 ≤ 1 (NaN → default 5, so right) ? leaf0 (10) : node1
        /// node1: categorical {f1, f2}: any &gt; 0 (NaN → no default, so not &gt; 0) → node2, else leaf1 (20)
        /// node2: f2 ≤ 0.5 (NaN, no default → right) ? leaf2 (30) : node3
        /// node3: f1 ≤ 2 (NaN → default 0, so left) ? leaf3 (40) : leaf4 (50)
        /// </summary>
        private static RegressionTree HandTree() => new RegressionTree(
            left: new[] { ~0, ~1, ~2, ~3 },
            right: new[] { 1, 2, 3, ~4 },
            splitFeature: new[] { 0, 0, 2, 1 },
            threshold: new[] { 1f, 0f, 0.5f, 2f },
            defaultForMissing: new[] { 5f, float.NaN, float.NaN, 0f },
            categoricalFeatures: new[] { new int[0], new[] { 1, 2 }, new int[0], new int[0] },
            leafValues: new[] { 10.0, 20.0, 30.0, 40.0, 50.0 });

        private static Scorer Trees(bool average, params RegressionTree[] trees) =>
            Probe.Features(3, f => new RegressionPredictor(f, new TreeEnsembleScoreFunction(trees, average, 3), RegressionLink.Identity), new string[0]);

        [Theory]
        [InlineData(1.0, 0.0, 0.0, 10f)]               // equal to the threshold goes left
        [InlineData(0.5, 9.0, 9.0, 10f)]
        [InlineData(double.NaN, 0.0, 0.0, 20f)]        // NaN → default 5 → right; categorical all ≤ 0 → left
        [InlineData(2.0, -1.0, 0.0, 20f)]              // negative is not "on"
        [InlineData(2.0, double.NaN, double.NaN, 20f)] // NaN in a categorical split with no default is not "on"
        [InlineData(2.0, 0.0, 0.25, 30f)]              // f2 on → node2: 0.25 ≤ 0.5 → leaf2
        [InlineData(2.0, 0.0, 0.75, 40f)]              // f2 on → node2 right → node3: f1 = 0 ≤ 2 → leaf3
        [InlineData(2.0, 3.0, 0.0, 30f)]               // f1 on → node2: f2 = 0 ≤ 0.5 → leaf2
        public void A_tree_follows_thresholds_defaults_for_missing_and_categorical_splits(double f0, double f1, double f2, float expected)
        {
            // Expected values walk HandTree (documented above) by hand.
            Assert.Equal(expected, Probe.Predict(Trees(false, HandTree()), f0, f1, f2).Score);
        }

        [Fact]
        public void Missing_values_take_the_nodes_default_direction()
        {
            var scorer = Trees(false, HandTree());
            // node3: f1 NaN → default 0 ≤ 2 → left (40), even though NaN ≤ 2 is false. Reach node3 with f2 = 0.75 (on, > 0.5).
            Assert.Equal(40f, Probe.Predict(scorer, 2, double.NaN, 0.75).Score);
            Assert.Equal(50f, Probe.Predict(scorer, 2, 2.5, 0.75).Score);
            // node2: f2 NaN with no default → NaN ≤ 0.5 is false → right; but node1 sees NaN f2 as off, so f1 must be on.
            Assert.Equal(40f, Probe.Predict(scorer, 2, 1, double.NaN).Score);
        }

        [Fact]
        public void An_ensemble_sums_its_trees_and_a_forest_averages_them()
        {
            var stump = new RegressionTree(new[] { ~0 }, new[] { ~1 }, new[] { 0 }, new[] { 0f }, new[] { float.NaN }, new[] { new int[0] }, new[] { -1.5, 2.25 });
            var leaf = new RegressionTree(new int[0], new int[0], new int[0], new float[0], new float[0], new int[0][], new[] { 0.5 });
            Assert.Equal((float)(10.0 + -1.5 + 0.5), Probe.Predict(Trees(false, HandTree(), stump, leaf), 0, 0, 0).Score);
            Assert.Equal((float)(10.0 + 2.25 + 0.5) / 3, Probe.Predict(Trees(true, HandTree(), stump, leaf), 0.5, 0, 0).Score);
            Assert.Equal(0f, Probe.Predict(Trees(false), 1, 2, 3).Score); // no trees: an empty sum
        }

        private static Scorer Binary(Calibrator? calibrator, float threshold, bool onProbability) =>
            Probe.Features(1, f => new BinaryPredictor(f, new LinearScoreFunction(new[] { 1f }, 0f), calibrator, threshold, onProbability), BinaryLabels);

        [Theory]
        [InlineData(-3.0)]
        [InlineData(0.0)]
        [InlineData(0.4)]
        [InlineData(2.5)]
        public void Platt_calibration_is_the_logistic_of_slope_times_score_plus_offset(double score)
        {
            const double slope = -1.7, offset = 0.3;
            var p = Probe.Predict(Binary(new PlattCalibrator(slope, offset), 0.5f, true), score);
            double expected = 1 / (1 + Math.Exp(slope * (float)score + offset));
            Assert.Equal((float)score, p.Score);
            Assert.Equal((float)expected, p.Probability);
            Assert.Equal(expected > 0.5, p.PredictedClass == 1);
            Assert.Equal(expected > 0.5 ? "True" : "False", p.PredictedLabel);
        }

        [Fact]
        public void A_NaN_score_gives_a_NaN_probability_and_the_negative_label()
        {
            var p = Probe.Predict(Binary(new PlattCalibrator(-1, 0), 0.5f, true), double.NaN);
            Assert.True(float.IsNaN(p.Score));
            Assert.True(float.IsNaN(p.Probability));
            Assert.Equal(0, p.PredictedClass);
            Assert.Equal("False", p.PredictedLabel);
        }

        [Fact]
        public void Without_a_calibrator_the_label_is_the_score_strictly_above_the_threshold()
        {
            var scorer = Binary(null, 0.25f, false);
            Assert.True(float.IsNaN(Probe.Predict(scorer, 3).Probability));
            Assert.Equal(0, Probe.Predict(scorer, 0.25).PredictedClass);
            Assert.Equal(1, Probe.Predict(scorer, 0.2500001).PredictedClass);
        }

        [Theory]
        [InlineData(-5.0, 0.1f)]   // below min: bin clamps to 0
        [InlineData(-1.0, 0.1f)]   // (−1 − −1)/0.5 = 0
        [InlineData(-0.5, 0.2f)]   // 0.5/0.5 = 1
        [InlineData(0.49, 0.3f)]   // 1.49/0.5 = 2.98 → 2
        [InlineData(0.74, 0.4f)]   // 1.74/0.5 = 3.48 → 3
        [InlineData(100.0, 0.4f)]  // clamps to the last bin
        public void Naive_calibration_looks_up_the_bin_of_the_score(double score, float expected)
        {
            float[] bins = { 0.1f, 0.2f, 0.3f, 0.4f };
            int bin = (int)Math.Min(bins.Length - 1, Math.Max(0, Math.Floor(((float)score - -1f) / 0.5f)));
            Assert.Equal(bins[bin], Probe.Predict(Binary(new NaiveCalibrator(0.5f, -1f, bins), 0.5f, true), score).Probability);
            Assert.Equal(expected, bins[bin]);
        }

        [Fact]
        public void Isotonic_calibration_is_piecewise_constant_and_interpolates_between_blocks()
        {
            var calibrator = new IsotonicCalibrator(new[] { 0f, 2f }, new[] { 1f, 3f }, new[] { 0.2f, 0.8f });
            var scorer = Binary(calibrator, 0.5f, true);
            Assert.Equal(0.2f, Probe.Predict(scorer, -10).Probability);
            Assert.Equal(0.2f, Probe.Predict(scorer, 0.5).Probability);
            Assert.Equal(0.2f + 0.5f * (0.8f - 0.2f), Probe.Predict(scorer, 1.5).Probability, 6);
            Assert.Equal(0.8f, Probe.Predict(scorer, 2.5).Probability);
            Assert.Equal(0.8f, Probe.Predict(scorer, 99).Probability);
            Assert.True(float.IsNaN(Probe.Predict(scorer, double.NaN).Probability));
            var zero = Binary(new IsotonicCalibrator(new[] { 0f }, new[] { 1f }, new[] { 0f }), 0.5f, true);
            Assert.Equal(1e-15f, Probe.Predict(zero, 0.5).Probability); // clamped away from 0
        }

        private static Scorer Multiclass(bool softmax, params float[][] weights) =>
            Probe.Features(weights[0].Length, f => new MulticlassLinearPredictor(f, weights.Select(w => new LinearScoreFunction(w, 0)).ToArray(), softmax),
                Enumerable.Range(0, weights.Length).Select(k => "c" + k).ToArray());

        [Fact]
        public void A_multiclass_tie_goes_to_the_lowest_class_index()
        {
            var p = Probe.Predict(Multiclass(false, new[] { 1f }, new[] { 3f }, new[] { 3f }), 2);
            Assert.Equal(1, p.PredictedClass);
            Assert.Equal("c1", p.PredictedLabel);
            Assert.Equal(6f, p.Score);
            Assert.Equal(0, Probe.Predict(Multiclass(false, new[] { 1f }, new[] { 1f }), 2).PredictedClass);
        }

        [Fact]
        public void A_multiclass_model_with_all_scores_NaN_predicts_no_class()
        {
            var p = Probe.Predict(Multiclass(true, new[] { 1f }, new[] { 2f }, new[] { 3f }), double.NaN);
            Assert.Equal(-1, p.PredictedClass);
            Assert.Null(p.PredictedLabel);
            Assert.True(p.ClassScores.All(float.IsNaN));
        }

        [Fact]
        public void Multiclass_softmax_gives_exp_score_over_the_sum()
        {
            var p = Probe.Predict(Multiclass(true, new[] { 1f }, new[] { 2f }, new[] { -1f }), 0.7);
            double[] raw = { 0.7f * 1f, 0.7f * 2f, 0.7f * -1f };
            double sum = raw.Sum(Math.Exp);
            for (int k = 0; k < 3; k++) Assert.Equal(Math.Exp(raw[k]) / sum, p.ClassScores[k], 6);
            Assert.Equal(1, p.PredictedClass);
        }

        private static Scorer OneVersusAll(OneVersusAllMode mode) =>
            Probe.Features(1, f => new OneVersusAllPredictor(f,
                new ScoreFunction[] { new LinearScoreFunction(new[] { 1f }, 0), new LinearScoreFunction(new[] { -1f }, 0.5f), new LinearScoreFunction(new[] { 2f }, -1f) },
                new Calibrator?[] { new PlattCalibrator(-1, 0), new PlattCalibrator(-2, 0.1), new PlattCalibrator(-0.5, 0) }, mode),
                new[] { "a", "b", "c" });

        [Fact]
        public void One_versus_all_distribution_normalizes_calibrated_probabilities_to_sum_to_one()
        {
            const double x = 0.3;
            float[] raw = { (float)x, 0.5f - (float)x, 2f * (float)x - 1f };
            double[] slope = { -1, -2, -0.5 }, offset = { 0, 0.1, 0 };
            double[] p = raw.Select((s, k) => (double)(float)(1 / (1 + Math.Exp(slope[k] * s + offset[k])))).ToArray();
            var prediction = Probe.Predict(OneVersusAll(OneVersusAllMode.Distribution), x);
            for (int k = 0; k < 3; k++) Assert.Equal(p[k] / p.Sum(), prediction.ClassScores[k], 6);
            Assert.Equal(1.0, prediction.ClassScores.Sum(v => (double)v), 6);
            Assert.Equal(Array.IndexOf(p, p.Max()), prediction.PredictedClass);
        }

        [Fact]
        public void One_versus_all_raw_and_softmax_modes_use_the_raw_scores()
        {
            const double x = 1.25;
            float[] raw = { (float)x, 0.5f - (float)x, 2f * (float)x - 1f };
            Assert.Equal(raw, Probe.Predict(OneVersusAll(OneVersusAllMode.Raw), x).ClassScores);
            var soft = Probe.Predict(OneVersusAll(OneVersusAllMode.Softmax), x);
            double sum = raw.Sum(s => Math.Exp(s));
            for (int k = 0; k < 3; k++) Assert.Equal(Math.Exp(raw[k]) / sum, soft.ClassScores[k], 6);
            Assert.Equal(2, soft.PredictedClass);
        }

        [Fact]
        public void Poisson_regression_exponentiates_the_linear_score()
        {
            var scorer = Probe.Features(2, f => new RegressionPredictor(f, new LinearScoreFunction(new[] { 0.5f, -0.25f }, 0.1f), RegressionLink.Exponential), new string[0]);
            var p = Probe.Predict(scorer, 2, 4);
            Assert.Equal((float)Math.Exp(0.1f + (0.5f * 2f + -0.25f * 4f)), p.Score);
            Assert.Equal(-1, p.PredictedClass);
            Assert.Null(p.PredictedLabel);
            Assert.True(float.IsNaN(p.Probability));
        }
    }
}
