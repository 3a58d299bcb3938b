using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// Tree ensemble evaluation by QuickScorer (Lucchese et al., SIGIR 2015): instead of walking trees, visit each
    /// feature's split thresholds in ascending order and, for every node whose test fails (value &gt; threshold, i.e. the
    /// row goes right), clear the leaves of its left subtree from its tree's 64-bit leaf mask. Leaves are numbered left
    /// to right, so the exit leaf of each tree is the lowest bit still set. The scan is sequential and branch-friendly,
    /// where a walk mispredicts about every other node. Requires numerical splits and at most 64 leaves per tree;
    /// otherwise <see cref="TraversalForest"/> is used. Same results as the walk, bit for bit, including NaN handling:
    /// a NaN value takes the node's default-for-missing value first (<see cref="RegressionTree"/>).
    /// </summary>
    internal sealed class QuickScorerForest
    {
        private readonly int[] _features;       // features tested by some node, ascending
        private readonly int[] _featureStart;   // entries of _features[k]: [_featureStart[k], _featureStart[k + 1])
        private readonly Entry[] _entries;      // per feature, sorted by threshold
        private readonly bool[] _falseWhenMissing; // per entry: does a NaN value (after default substitution) go right?
        private readonly ulong[] _initialMasks; // per tree: its leaves, minus those excluded whatever the input
        private readonly int[] _leafBase;       // per tree: first index in _leafValues (leaves in left-to-right order)
        private readonly double[] _leafValues;

        /// <summary>The leaves below a node, as left-to-right ranks [First, End).</summary>
        private struct LeafRange
        {
            public int First;
            public int End;
        }

        internal struct Entry
        {
            public float Threshold;
            public int Tree;
            public ulong Mask;
        }

        private QuickScorerForest(int[] features, int[] featureStart, Entry[] entries, bool[] falseWhenMissing,
            ulong[] initialMasks, int[] leafBase, double[] leafValues)
        {
            _features = features;
            _featureStart = featureStart;
            _entries = entries;
            _falseWhenMissing = falseWhenMissing;
            _initialMasks = initialMasks;
            _leafBase = leafBase;
            _leafValues = leafValues;
        }

        /// <summary>Number of trees (the size of the mask workspace).</summary>
        internal int TreeCount => _initialMasks.Length;

        // Read by FoldedTreeScoreFunction, which re-targets the same tables at frame columns.
        internal int[] Features => _features;
        internal int[] FeatureStart => _featureStart;
        internal Entry[] Entries => _entries;
        internal bool[] FalseWhenMissing => _falseWhenMissing;
        internal ulong[] InitialMasks => _initialMasks;
        internal int[] LeafBase => _leafBase;
        internal double[] LeafValues => _leafValues;

        /// <summary>Builds the evaluator, or returns null when a tree has a categorical split or more than 64 leaves.</summary>
        internal static QuickScorerForest? TryCreate(IReadOnlyList<RegressionTree> trees)
        {
            int nodes = 0, leafTotal = 0, features = 0;
            foreach (var tree in trees)
            {
                if (tree.LeafValues.Length > 64) return null;
                for (int n = 0; n < tree.NodeCount; n++)
                {
                    if (tree.CategoricalFeatures[n].Length > 0) return null;
                    if (tree.SplitFeature[n] >= features) features = tree.SplitFeature[n] + 1;
                }
                nodes += tree.NodeCount;
                leafTotal += tree.LeafValues.Length;
            }

            // Entries grouped by feature (counting sort), then sorted by threshold within each feature.
            var perFeature = new int[features + 1];
            foreach (var tree in trees)
                for (int n = 0; n < tree.NodeCount; n++)
                    if (!float.IsNaN(tree.Threshold[n])) perFeature[tree.SplitFeature[n] + 1]++;
            for (int f = 0; f < features; f++) perFeature[f + 1] += perFeature[f];
            var fill = (int[])perFeature.Clone();
            var entries = new Entry[perFeature[features]];
            var falseWhenMissing = new bool[entries.Length];
            var initialMasks = new ulong[trees.Count];
            var leafBase = new int[trees.Count];
            var leafValues = new double[leafTotal];
            int nextLeaf = 0;
            for (int t = 0; t < trees.Count; t++)
            {
                var tree = trees[t];
                int leaves = tree.LeafValues.Length;
                var rank = new int[leaves];
                var ranges = new LeafRange[tree.NodeCount];
                int nextRank = 0;
                if (tree.NodeCount == 0) rank[0] = nextRank++;
                else Number(tree, 0, rank, ranges, ref nextRank);
                ulong mask = leaves == 64 ? ulong.MaxValue : (1UL << leaves) - 1;
                for (int n = 0; n < tree.NodeCount; n++)
                {
                    // The left subtree's leaves are ranks [ranges.First, leftEnd): cleared when this node's test fails.
                    ulong cleared = ~RangeBits(ranges[n].First, LeftEnd(tree, n, ranges, rank));
                    float threshold = tree.Threshold[n];
                    if (float.IsNaN(threshold))
                    {
                        mask &= cleared; // value <= NaN is never true: the node always goes right
                        continue;
                    }
                    int at = fill[tree.SplitFeature[n]]++;
                    entries[at] = new Entry { Threshold = threshold, Tree = t, Mask = cleared };
                    falseWhenMissing[at] = !(tree.DefaultForMissing[n] <= threshold);
                }
                initialMasks[t] = mask;
                leafBase[t] = nextLeaf;
                for (int l = 0; l < leaves; l++) leafValues[nextLeaf + rank[l]] = tree.LeafValues[l];
                nextLeaf += leaves;
            }

            var used = new List<int>();
            var starts = new List<int>();
            var keys = new float[entries.Length];
            var order = new int[entries.Length];
            for (int i = 0; i < entries.Length; i++) { keys[i] = entries[i].Threshold; order[i] = i; }
            for (int f = 0; f < features; f++)
            {
                int first = perFeature[f], count = perFeature[f + 1] - first;
                if (count == 0) continue;
                used.Add(f);
                starts.Add(first);
                Array.Sort(keys, order, first, count); // ties in any order: equal thresholds apply together
            }
            starts.Add(entries.Length);
            var sortedEntries = new Entry[entries.Length];
            var sortedMissing = new bool[entries.Length];
            for (int i = 0; i < entries.Length; i++)
            {
                sortedEntries[i] = entries[order[i]];
                sortedMissing[i] = falseWhenMissing[order[i]];
            }
            return new QuickScorerForest(used.ToArray(), starts.ToArray(), sortedEntries, sortedMissing, initialMasks, leafBase, leafValues);
        }

        /// <summary>Σ leaf values in tree order, in double. <paramref name="masks"/> holds at least <see cref="TreeCount"/> values.</summary>
        [MethodImpl(HotPath.Options)]
        internal double Sum(float[] x, int offset, ulong[] masks)
        {
            FindExitLeaves(x, offset, masks);
            double sum = 0;
            for (int t = 0; t < _initialMasks.Length; t++)
                sum += _leafValues[_leafBase[t] + Bits.TrailingZeroCount(masks[t])];
            return sum;
        }

        /// <summary>Σ leaf values in tree order, accumulated in float (XGBoost's order and rounding).</summary>
        [MethodImpl(HotPath.Options)]
        internal float SumFloat(float[] x, int offset, ulong[] masks)
        {
            FindExitLeaves(x, offset, masks);
            float sum = 0f;
            for (int t = 0; t < _initialMasks.Length; t++)
                sum += (float)_leafValues[_leafBase[t] + Bits.TrailingZeroCount(masks[t])];
            return sum;
        }

        /// <summary>Leaves each tree's mask with its exit leaf as the lowest set bit.</summary>
        [MethodImpl(HotPath.Options)]
        private void FindExitLeaves(float[] x, int offset, ulong[] masks)
        {
            Array.Copy(_initialMasks, masks, _initialMasks.Length);
            Entry[] entries = _entries;
            for (int k = 0; k < _features.Length; k++)
            {
                float value = x[offset + _features[k]];
                int i = _featureStart[k], end = _featureStart[k + 1];
                if (float.IsNaN(value))
                {
                    for (; i < end; i++)
                        if (_falseWhenMissing[i]) masks[entries[i].Tree] &= entries[i].Mask;
                }
                else
                {
                    for (; i < end && entries[i].Threshold < value; i++)
                        masks[entries[i].Tree] &= entries[i].Mask;
                }
            }
        }

        /// <summary>Numbers leaves left to right below <paramref name="node"/>; records each node's leaf rank range.</summary>
        private static void Number(RegressionTree tree, int node, int[] rank, LeafRange[] ranges, ref int next)
        {
            int first = next;
            for (int side = 0; side < 2; side++)
            {
                int child = side == 0 ? tree.Left[node] : tree.Right[node];
                if (child < 0) rank[~child] = next++;
                else Number(tree, child, rank, ranges, ref next);
            }
            ranges[node] = new LeafRange { First = first, End = next };
        }

        private static int LeftEnd(RegressionTree tree, int node, LeafRange[] ranges, int[] rank)
        {
            int left = tree.Left[node];
            return left < 0 ? rank[~left] + 1 : ranges[left].End;
        }

        private static ulong RangeBits(int first, int end)
        {
            int count = end - first;
            ulong bits = count >= 64 ? ulong.MaxValue : (1UL << count) - 1;
            return bits << first;
        }
    }

    /// <summary>Bit helpers that work on .NET Framework too.</summary>
    internal static class Bits
    {
#if !NET
        private static readonly int[] DeBruijn =
        {
            0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4, 62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
            63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11, 46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
        };
#endif

        /// <summary>Index of the lowest set bit (64 for zero).</summary>
        internal static int TrailingZeroCount(ulong value)
        {
#if NET
            return System.Numerics.BitOperations.TrailingZeroCount(value);
#else
            if (value == 0) return 64;
            return DeBruijn[(int)(((value & (~value + 1)) * 0x03F79D71B4CB0A89UL) >> 58)];
#endif
        }
    }
}
