using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>Building the QuickScorer tables: from the trees, and folded over Concatenate(numbers…, one-hot keys…).</summary>
    internal sealed partial class QuickScorerForest
    {
        /// <summary>
        /// Builds the evaluator, or returns null when a tree has a categorical split or more than 64 leaves. The tests are
        /// put in <paramref name="storedOrder"/> when the blob brought one (section 8, checked in one pass by
        /// <see cref="ThresholdTests.FromOrder"/>), else in the order <see cref="ThresholdTests.CanonicalOrder"/> sorts.
        /// </summary>
        [MethodImpl(HotPath.Options)] // load-time loops, run once per model: never in slow tier-0 code
        internal static QuickScorerForest? TryCreate(IReadOnlyList<RegressionTree> trees, int[]? storedOrder = null)
        {
            int tests = 0, leafTotal = 0, features = 0, widest = 0;
            foreach (var candidate in trees)
            {
                if (candidate.LeafValues.Length > 64) return null;
                for (int n = 0; n < candidate.NodeCount; n++)
                {
                    if (candidate.CategoricalFeatures[n].Length > 0) return null;
                    if (candidate.SplitFeature[n] >= features) features = candidate.SplitFeature[n] + 1;
                    if (IsTest(candidate, n)) tests++;
                }
                leafTotal += candidate.LeafValues.Length;
                if (candidate.NodeCount > widest) widest = candidate.NodeCount;
            }

            var initialMasks = new ulong[trees.Count];
            var leafBase = new int[trees.Count];
            var leafValues = new double[leafTotal];
            var feature = new int[tests];
            var threshold = new float[tests];
            var tree = new int[tests];
            var clear = new ulong[tests];
            var failsWhenMissing = new bool[tests];
            var leaves = new LeftToRight(widest); // one numbering buffer for every tree: no allocation per tree
            int test = 0, nextLeaf = 0;
            for (int t = 0; t < trees.Count; t++)
            {
                var current = trees[t];
                leaves.Number(current);
                ulong mask = leaves.All;
                float[] nodeThresholds = current.Threshold;
                for (int n = 0; n < nodeThresholds.Length; n++)
                {
                    float nodeThreshold = nodeThresholds[n];
                    if (!IsTest(current, n))
                    {
                        mask &= leaves.ClearedWhenRight(n); // value <= NaN is never true: the node always goes right
                        continue;
                    }
                    feature[test] = current.SplitFeature[n];
                    threshold[test] = nodeThreshold;
                    tree[test] = t;
                    clear[test] = leaves.ClearedWhenRight(n);
                    failsWhenMissing[test] = !(current.DefaultForMissing[n] <= nodeThreshold);
                    test++;
                }
                initialMasks[t] = mask;
                leafBase[t] = nextLeaf;
                double[] values = current.LeafValues;
                for (int l = 0; l < values.Length; l++) leafValues[nextLeaf + leaves.Rank[l]] = values[l];
                nextLeaf += values.Length;
            }
            int[] order = storedOrder ?? ThresholdTests.CanonicalOrder(features, feature, threshold);
            var numbers = ThresholdTests.FromOrder(order, feature, threshold, tree, clear, failsWhenMissing);
            return new QuickScorerForest(new TreeLeaves(initialMasks, leafBase, leafValues), numbers, KeyTests.None());
        }

        /// <summary>
        /// Re-targets the tables at frame columns for features Concatenate(numbers…, one-hot keys…), optionally normalized
        /// with zero offsets: a number's tests read its frame float; a one-hot slot is 0 (cold) or 1 · scale (hot), so its
        /// tests either fail whatever the key (applied to the initial masks), fail only when the key selects the slot
        /// (listed under that key), or never fail. Returns null when a test would fail only for a cold slot (a negative
        /// scale), which a key list cannot express. Same masks, same exit leaves, same sums.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal QuickScorerForest? Fold(FoldedFeatures features)
        {
            var masks = (ulong[])Leaves.InitialMasks.Clone();
            var keyElements = features.KeyElements;
            var firstSlot = new int[keyElements.Count];
            int slots = 0;
            for (int e = 0; e < keyElements.Count; e++) { firstSlot[e] = slots; slots += keyElements[e].KeyCount; }

            // First pass: where each group's value comes from, and how large the folded tables get (arrays sized once,
            // number groups copied as whole runs: this runs at every load).
            var from = new FeatureSource[Numbers.GroupCount];
            int numberGroups = 0, numberTests = 0, keyTests = 0;
            for (int g = 0; g < from.Length; g++)
            {
                from[g] = features.Locate(Numbers.Source[g]);
                int run = Numbers.Start[g + 1] - Numbers.Start[g]; // the group's sentinel included
                if (from[g].IsKey) keyTests += run - 1;
                else { numberGroups++; numberTests += run; }
            }

            var source = new int[numberGroups];
            var scale = new float[numberGroups];
            var start = new int[numberGroups + 1];
            var tests = new ThresholdTest[numberTests];
            var failsWhenMissing = new bool[numberTests];
            var hotSlot = new int[keyTests];  // per test failing only for a hot slot: the slot, then tree and mask
            var hotTree = new int[keyTests];
            var hotClear = new ulong[keyTests];
            int group = 0, at = 0, hot = 0;
            for (int g = 0; g < from.Length; g++)
            {
                int first = Numbers.Start[g], end = Numbers.Start[g + 1];
                if (!from[g].IsKey)
                {
                    source[group] = from[g].FrameIndex;
                    scale[group] = from[g].Scale;
                    start[group++] = at;
                    Array.Copy(Numbers.Tests, first, tests, at, end - first); // the group's sentinel included
                    Array.Copy(Numbers.FailsWhenMissing, first, failsWhenMissing, at, end - first);
                    at += end - first;
                    continue;
                }
                float cold = 0f, hotValue = 1f * from[g].Scale;
                int slot = firstSlot[from[g].Element] + from[g].Key - 1;
                for (int i = first; i < end - 1; i++) // the sentinel excluded
                {
                    var test = Numbers.Tests[i];
                    bool failsCold = cold > test.Threshold, failsHot = hotValue > test.Threshold;
                    if (failsCold && failsHot) masks[test.Tree] &= test.ClearMask;
                    else if (failsHot)
                    {
                        hotSlot[hot] = slot;
                        hotTree[hot] = test.Tree;
                        hotClear[hot++] = test.ClearMask;
                    }
                    else if (failsCold) return null;
                }
            }
            start[numberGroups] = at;
            var numbers = new ThresholdTests(source, scale, start, tests, failsWhenMissing);

            var keyIndex = new int[keyElements.Count];
            var keyCount = new int[keyElements.Count];
            for (int e = 0; e < keyElements.Count; e++) { keyIndex[e] = keyElements[e].FrameIndex; keyCount[e] = keyElements[e].KeyCount; }
            var keys = KeyTests.Group(keyIndex, keyCount, firstSlot, slots, hotSlot, hotTree, hotClear, hot);
            return new QuickScorerForest(new TreeLeaves(masks, Leaves.LeafBase, Leaves.LeafValues), numbers, keys);
        }

        /// <summary>
        /// A tree's leaves numbered left to right, and the leaf range under each node. One instance numbers one tree after
        /// another in the same buffers (sized for the ensemble's largest tree).
        /// </summary>
        private sealed class LeftToRight
        {
            private readonly int[] _first; // per node: its leftmost leaf's rank
            private readonly int[] _end;   // per node: one past its rightmost leaf's rank
            private RegressionTree? _tree;
            private int _leafCount;

            internal LeftToRight(int nodes)
            {
                Rank = new int[nodes + 1];
                _first = new int[nodes];
                _end = new int[nodes];
            }

            /// <summary>Per leaf index of the tree last numbered: its rank, left to right.</summary>
            internal int[] Rank { get; }

            /// <summary>Every leaf of the tree last numbered.</summary>
            internal ulong All => _leafCount == 64 ? ulong.MaxValue : (1UL << _leafCount) - 1;

            [MethodImpl(HotPath.Options)]
            internal void Number(RegressionTree tree)
            {
                _tree = tree;
                _leafCount = tree.LeafValues.Length;
                int next = 0;
                if (tree.NodeCount == 0) Rank[0] = next++;
                else Visit(tree.Left, tree.Right, 0, ref next);
            }

            /// <summary>The mask that keeps every leaf but those of <paramref name="node"/>'s left subtree.</summary>
            [MethodImpl(HotPath.Options)]
            internal ulong ClearedWhenRight(int node)
            {
                int left = _tree!.Left[node];
                int end = left < 0 ? Rank[~left] + 1 : _end[left];
                int count = end - _first[node];
                ulong bits = count >= 64 ? ulong.MaxValue : (1UL << count) - 1;
                return ~(bits << _first[node]);
            }

            [MethodImpl(HotPath.Options)]
            private void Visit(int[] left, int[] right, int node, ref int next)
            {
                _first[node] = next;
                int child = left[node];
                if (child < 0) Rank[~child] = next++;
                else Visit(left, right, child, ref next);
                child = right[node];
                if (child < 0) Rank[~child] = next++;
                else Visit(left, right, child, ref next);
                _end[node] = next;
            }
        }
    }

    internal sealed partial class KeyTests
    {
        /// <summary>Lists the first <paramref name="count"/> tests of each slot together (a counting sort over <paramref name="slot"/>).</summary>
        [MethodImpl(HotPath.Options)]
        internal static KeyTests Group(int[] keyIndex, int[] keyCount, int[] firstSlot, int slots, int[] slot, int[] tree, ulong[] clear, int count)
        {
            var slotStart = new int[slots + 1];
            for (int i = 0; i < count; i++) slotStart[slot[i] + 1]++;
            for (int s = 0; s < slots; s++) slotStart[s + 1] += slotStart[s];
            var fill = new int[slots];
            Array.Copy(slotStart, fill, slots);
            var sortedTree = new int[count];
            var sortedClear = new ulong[count];
            for (int i = 0; i < count; i++)
            {
                int at = fill[slot[i]]++;
                sortedTree[at] = tree[i];
                sortedClear[at] = clear[i];
            }
            return new KeyTests(keyIndex, keyCount, firstSlot, slotStart, sortedTree, sortedClear);
        }
    }
}
