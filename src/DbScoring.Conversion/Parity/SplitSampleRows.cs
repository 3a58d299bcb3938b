using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Conversion.Xgboost;

namespace DbScoring.Conversion.Parity
{
    /// <summary>
    /// Synthetic parity rows for a tree model from another library (XGBoost, ONNX), aimed at where a translation could go
    /// wrong: every numeric value is drawn from the model's own split conditions (the condition itself, which XGBoost sends right, and the floats
    /// just below and above it), missing values, infinities and extremes; category codes in range, out of range,
    /// negative, fractional and missing.
    /// </summary>
    internal static class SplitSampleRows
    {
        private static readonly double[] Extremes = { 0, -0.0, 1e30, -1e30, float.MaxValue, -float.MaxValue, 1e-30, float.Epsilon, double.PositiveInfinity, double.NegativeInfinity };

        public static List<SampleRow> Synthesize(XgbModel model, XgbFeatureLayout layout, int count, int seed, bool infinities)
        {
            var thresholds = new List<float>[model.FeatureCount];
            for (int f = 0; f < thresholds.Length; f++) thresholds[f] = new List<float>();
            foreach (var tree in model.Trees)
                for (int node = 0; node < tree.NodeCount; node++)
                    if (!tree.IsLeaf(node) && !tree.Categories.ContainsKey(node)) thresholds[tree.SplitIndex[node]].Add(tree.SplitCondition[node]);
            var categories = new int[model.FeatureCount];
            for (int f = 0; f < categories.Length; f++) categories[f] = layout.CategoryBase[f] >= 0 ? layout.CategoryCount[f] : 0;
            return Synthesize(thresholds, categories, f => layout.Inputs[f].Index, count, seed, infinities);
        }

        /// <summary>
        /// Rows over features whose split values are <paramref name="thresholds"/> (per feature); a feature with
        /// <paramref name="categories"/>[f] &gt; 0 takes category codes instead; feature f is input <paramref name="inputOf"/>(f).
        /// </summary>
        public static List<SampleRow> Synthesize(IReadOnlyList<float>[] thresholds, int[] categories, Func<int, int> inputOf, int count, int seed, bool infinities)
        {
            var distinct = thresholds.Select(t => t.Where(float.IsFinite).Distinct().OrderBy(v => v).ToArray()).ToArray();
            var random = new Random(seed);
            var rows = new List<SampleRow>(count);
            for (int r = 0; r < count; r++)
            {
                var row = new SampleRow(thresholds.Length);
                for (int f = 0; f < thresholds.Length; f++)
                {
                    double value = categories[f] > 0 ? CategoryCode(random, categories[f], infinities) : Number(random, distinct[f], infinities);
                    row.Numbers[inputOf(f)] = value;
                }
                rows.Add(row);
            }
            return rows;
        }

        private static double Number(Random random, float[] thresholds, bool infinities)
        {
            double roll = random.NextDouble();
            if (roll < 0.12) return double.NaN;
            if (roll < 0.17)
            {
                double extreme = Extremes[random.Next(Extremes.Length)];
                return !infinities && double.IsInfinity(extreme) ? 0 : extreme;
            }
            if (thresholds.Length == 0) return (random.NextDouble() * 2 - 1) * Math.Pow(10, random.NextDouble() * 6 - 2);
            float t = thresholds[random.Next(thresholds.Length)];
            if (roll < 0.45) return t;
            if (roll < 0.65) return MathF.BitDecrement(t);
            if (roll < 0.75) return MathF.BitIncrement(t);
            float low = thresholds[0], high = thresholds[thresholds.Length - 1];
            double span = Math.Max(1e-3, (double)high - low);
            return low - span * 0.1 + random.NextDouble() * span * 1.2;
        }

        private static double CategoryCode(Random random, int categories, bool infinities)
        {
            double roll = random.NextDouble();
            if (roll < 0.60) return random.Next(categories);
            if (roll < 0.70) return double.NaN;
            if (roll < 0.75) return categories + random.Next(3);
            if (roll < 0.80) return random.Next(2) == 0 ? -1 : -0.5;
            if (roll < 0.84) return -0.0;
            if (roll < 0.90) return random.Next(categories) + 0.5;
            if (roll < 0.95) return infinities && random.Next(2) == 0 ? double.PositiveInfinity : 16777216;
            return 1e30;
        }
    }
}
