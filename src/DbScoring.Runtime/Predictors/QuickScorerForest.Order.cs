using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// The order of a forest's threshold tests, which the blob can carry precomputed (section 8, QuickScorerOrder;
    /// docs/model-format.md). The tests of an ensemble are its trees' internal nodes with a number threshold (not NaN),
    /// numbered tree by tree, node by node; their canonical order is by feature, then threshold, then that number.
    /// Sorting is most of the cost of building the tables at load, and a stored order is checked in one linear pass.
    /// </summary>
    internal sealed partial class QuickScorerForest
    {
        /// <summary>Whether internal node <paramref name="node"/> is a threshold test (a NaN threshold always goes right: no test).</summary>
        private static bool IsTest(RegressionTree tree, int node) => !float.IsNaN(tree.Threshold[node]);

        /// <summary>
        /// The canonical test order of <paramref name="trees"/> (what section 8 stores), for a forest that
        /// <see cref="TryCreate(IReadOnlyList{RegressionTree}, int, int[])"/> builds.
        /// </summary>
        internal static int[] TestOrder(IReadOnlyList<RegressionTree> trees)
        {
            int tests = 0, features = 0;
            foreach (var tree in trees)
                for (int n = 0; n < tree.NodeCount; n++)
                    if (IsTest(tree, n))
                    {
                        tests++;
                        if (tree.SplitFeature[n] >= features) features = tree.SplitFeature[n] + 1;
                    }
            var feature = new int[tests];
            var byNumber = new ThresholdTest[tests];
            int test = 0;
            foreach (var tree in trees)
                for (int n = 0; n < tree.NodeCount; n++)
                    if (IsTest(tree, n))
                    {
                        feature[test] = tree.SplitFeature[n];
                        byNumber[test++].Threshold = tree.Threshold[n];
                    }
            return ThresholdTests.CanonicalOrder(features, feature, byNumber);
        }
    }

    internal sealed partial class ThresholdTests
    {
        /// <summary>
        /// Test numbers sorted by feature, then threshold, then number: a counting sort by feature, then within each
        /// feature one sort of 64-bit keys (the threshold's bits made to sort as the number does, then the test number), so
        /// that equal thresholds come in number order whatever the sort algorithm (.NET Framework and .NET sort
        /// differently) and the blob's bytes stay reproducible. −0 and 0 are equal thresholds.
        /// </summary>
        [MethodImpl(HotPath.Options)] // run at load for blobs without section 8
        internal static int[] CanonicalOrder(int featureCount, int[] feature, ThresholdTest[] byNumber)
        {
            var start = new int[featureCount + 1];
            foreach (int f in feature) start[f + 1]++;
            for (int f = 0; f < featureCount; f++) start[f + 1] += start[f];
            var fill = new int[featureCount];
            Array.Copy(start, fill, featureCount);
            var keys = new ulong[feature.Length];
            for (int i = 0; i < feature.Length; i++)
                keys[fill[feature[i]]++] = ((ulong)SortableBits(byNumber[i].Threshold) << 32) | (uint)i;
            for (int f = 0; f < featureCount; f++)
                if (start[f + 1] - start[f] > 1) Array.Sort(keys, start[f], start[f + 1] - start[f]);
            var order = new int[feature.Length];
            for (int k = 0; k < order.Length; k++) order[k] = (int)(uint)keys[k];
            return order;
        }

        /// <summary>The bits of a threshold (not NaN) as an unsigned number that orders as the threshold does; −0 as 0.</summary>
        private static uint SortableBits(float value)
        {
            if (value == 0f) value = 0f; // −0 sorts as 0
#if NET
            uint bits = unchecked((uint)BitConverter.SingleToInt32Bits(value));
#else
            uint bits = BitConverter.ToUInt32(BitConverter.GetBytes(value), 0); // .NET Framework has no SingleToInt32Bits
#endif
            return (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
        }

        /// <summary>
        /// The tables with the tests in <paramref name="order"/> (test numbers; <paramref name="byNumber"/> holds each test's
        /// threshold, tree and mask by number): one group per feature that has tests, in feature order,
        /// each sorted by threshold and ended by a NaN sentinel. A stored order is trusted only after this one-pass check:
        /// it must hold every test number once, in strictly ascending (feature, threshold, number) order — that is, be
        /// exactly <see cref="CanonicalOrder"/>. So the tables are the trees' own, and a section that disagrees with the
        /// trees is refused rather than scored.
        /// </summary>
        [MethodImpl(HotPath.Options)] // load-time loop, once per model
        internal static ThresholdTests FromOrder(int[] order, int[] feature, ThresholdTest[] byNumber, bool[] failsWhenMissing)
        {
            int n = feature.Length;
            if (order.Length != n)
                throw new ModelFormatException($"The QuickScorerOrder section lists {order.Length} tests; the trees have {n}. Convert the model again.");
            int groups = 0;
            for (int k = 0; k < n; k++)
            {
                int i = order[k];
                if ((uint)i >= (uint)n)
                    throw new ModelFormatException($"The QuickScorerOrder section lists test {i} at position {k}; the trees have tests 0..{n - 1}. Convert the model again.");
                if (k == 0) { groups++; continue; }
                int p = order[k - 1];
                float threshold = byNumber[i].Threshold, previous = byNumber[p].Threshold;
                bool ascending = feature[i] > feature[p] ||
                    (feature[i] == feature[p] && (threshold > previous || (threshold == previous && i > p)));
                if (!ascending)
                    throw new ModelFormatException($"The QuickScorerOrder section disagrees with the trees at position {k}: test {i} (feature {feature[i]}, threshold {threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}) " +
                        $"cannot follow test {p} (feature {feature[p]}, threshold {previous.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}). Convert the model again.");
                if (feature[i] != feature[p]) groups++;
            }

            var source = new int[groups];
            var start = new int[groups + 1];
            var tests = new ThresholdTest[n + groups];
            var sortedMissing = new bool[n + groups];
            int at = 0, g = -1;
            for (int k = 0; k < n; k++)
            {
                int i = order[k];
                if (k == 0 || feature[i] != feature[order[k - 1]])
                {
                    if (g >= 0) at = EndGroup(tests, at);
                    source[++g] = feature[i];
                    start[g] = at;
                }
                tests[at] = byNumber[i];
                sortedMissing[at++] = failsWhenMissing[i];
            }
            if (g >= 0) at = EndGroup(tests, at);
            start[groups] = at;
            var scale = new float[groups];
            for (g = 0; g < groups; g++) scale[g] = 1f;
            return new ThresholdTests(source, scale, start, tests, sortedMissing);
        }

        /// <summary>Writes a group's sentinel at <paramref name="at"/>: a NaN threshold no value exceeds, tree 0, clearing nothing.</summary>
        internal static int EndGroup(ThresholdTest[] tests, int at)
        {
            tests[at].Threshold = float.NaN;
            tests[at].Tree = 0; // also in a table not zeroed first (Arrays.Uninitialized)
            tests[at].ClearMask = ulong.MaxValue;
            return at + 1;
        }
    }
}
