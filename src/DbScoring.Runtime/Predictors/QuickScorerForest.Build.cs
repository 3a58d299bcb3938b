using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>Building the QuickScorer tables: from the trees, and folded over Concatenate(numbers…, one-hot keys…).</summary>
    internal sealed partial class QuickScorerForest
    {
        /// <summary>Builds the evaluator, or returns null when a tree has a categorical split or more than 64 leaves.</summary>
        [MethodImpl(HotPath.Options)] // load-time loops, run once per model: never in slow tier-0 code
        internal static QuickScorerForest? TryCreate(IReadOnlyList<RegressionTree> trees)
        {
            int tests = 0, leafTotal = 0, features = 0;
            foreach (var candidate in trees)
            {
                if (candidate.LeafValues.Length > 64) return null;
                for (int n = 0; n < candidate.NodeCount; n++)
                {
                    if (candidate.CategoricalFeatures[n].Length > 0) return null;
                    if (candidate.SplitFeature[n] >= features) features = candidate.SplitFeature[n] + 1;
                    if (!float.IsNaN(candidate.Threshold[n])) tests++;
                }
                leafTotal += candidate.LeafValues.Length;
            }

            var initialMasks = new ulong[trees.Count];
            var leafBase = new int[trees.Count];
            var leafValues = new double[leafTotal];
            var feature = new int[tests];
            var threshold = new float[tests];
            var tree = new int[tests];
            var clear = new ulong[tests];
            var failsWhenMissing = new bool[tests];
            int test = 0, nextLeaf = 0;
            for (int t = 0; t < trees.Count; t++)
            {
                var leaves = LeftToRight.Number(trees[t]);
                ulong mask = leaves.All;
                for (int n = 0; n < trees[t].NodeCount; n++)
                {
                    float nodeThreshold = trees[t].Threshold[n];
                    if (float.IsNaN(nodeThreshold))
                    {
                        mask &= leaves.ClearedWhenRight(n); // value <= NaN is never true: the node always goes right
                        continue;
                    }
                    feature[test] = trees[t].SplitFeature[n];
                    threshold[test] = nodeThreshold;
                    tree[test] = t;
                    clear[test] = leaves.ClearedWhenRight(n);
                    failsWhenMissing[test] = !(trees[t].DefaultForMissing[n] <= nodeThreshold);
                    test++;
                }
                initialMasks[t] = mask;
                leafBase[t] = nextLeaf;
                for (int l = 0; l < leaves.Rank.Length; l++) leafValues[nextLeaf + leaves.Rank[l]] = trees[t].LeafValues[l];
                nextLeaf += leaves.Rank.Length;
            }
            var numbers = ThresholdTests.Group(features, feature, threshold, tree, clear, failsWhenMissing);
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

            var source = new List<int>();
            var scale = new List<float>();
            var start = new List<int>();
            var tests = new List<ThresholdTest>();
            var failsWhenMissing = new List<bool>();
            var hotSlot = new List<int>();  // per test failing only for a hot slot: the slot, then tree and mask
            var hotTree = new List<int>();
            var hotClear = new List<ulong>();
            for (int g = 0; g < Numbers.GroupCount; g++)
            {
                var from = features.Locate(Numbers.Source[g]);
                int first = Numbers.Start[g], end = Numbers.Start[g + 1];
                if (!from.IsKey)
                {
                    source.Add(from.FrameIndex);
                    scale.Add(from.Scale);
                    start.Add(tests.Count);
                    for (int i = first; i < end; i++) // the group's sentinel included
                    {
                        tests.Add(Numbers.Tests[i]);
                        failsWhenMissing.Add(Numbers.FailsWhenMissing[i]);
                    }
                    continue;
                }
                float cold = 0f, hot = 1f * from.Scale;
                for (int i = first; i < end - 1; i++) // the sentinel excluded
                {
                    var test = Numbers.Tests[i];
                    bool failsCold = cold > test.Threshold, failsHot = hot > test.Threshold;
                    if (failsCold && failsHot) masks[test.Tree] &= test.ClearMask;
                    else if (failsHot)
                    {
                        hotSlot.Add(firstSlot[from.Element] + from.Key - 1);
                        hotTree.Add(test.Tree);
                        hotClear.Add(test.ClearMask);
                    }
                    else if (failsCold) return null;
                }
            }
            start.Add(tests.Count);
            var numbers = new ThresholdTests(source.ToArray(), scale.ToArray(), start.ToArray(), tests.ToArray(), failsWhenMissing.ToArray());

            var keyIndex = new int[keyElements.Count];
            var keyCount = new int[keyElements.Count];
            for (int e = 0; e < keyElements.Count; e++) { keyIndex[e] = keyElements[e].FrameIndex; keyCount[e] = keyElements[e].KeyCount; }
            var keys = KeyTests.Group(keyIndex, keyCount, firstSlot, slots, hotSlot, hotTree, hotClear);
            return new QuickScorerForest(new TreeLeaves(masks, Leaves.LeafBase, Leaves.LeafValues), numbers, keys);
        }

        /// <summary>A tree's leaves numbered left to right, and the leaf range under each node.</summary>
        private sealed class LeftToRight
        {
            private readonly int[] _first; // per node: its leftmost leaf's rank
            private readonly int[] _end;   // per node: one past its rightmost leaf's rank
            private readonly RegressionTree _tree;

            private LeftToRight(RegressionTree tree)
            {
                _tree = tree;
                Rank = new int[tree.LeafValues.Length];
                _first = new int[tree.NodeCount];
                _end = new int[tree.NodeCount];
            }

            /// <summary>Per leaf index: its rank, left to right.</summary>
            internal int[] Rank { get; }

            /// <summary>Every leaf of the tree.</summary>
            internal ulong All => Rank.Length == 64 ? ulong.MaxValue : (1UL << Rank.Length) - 1;

            [MethodImpl(HotPath.Options)]
            internal static LeftToRight Number(RegressionTree tree)
            {
                var numbered = new LeftToRight(tree);
                int next = 0;
                if (tree.NodeCount == 0) numbered.Rank[0] = next++;
                else numbered.Visit(0, ref next);
                return numbered;
            }

            /// <summary>The mask that keeps every leaf but those of <paramref name="node"/>'s left subtree.</summary>
            [MethodImpl(HotPath.Options)]
            internal ulong ClearedWhenRight(int node)
            {
                int left = _tree.Left[node];
                int end = left < 0 ? Rank[~left] + 1 : _end[left];
                int count = end - _first[node];
                ulong bits = count >= 64 ? ulong.MaxValue : (1UL << count) - 1;
                return ~(bits << _first[node]);
            }

            [MethodImpl(HotPath.Options)]
            private void Visit(int node, ref int next)
            {
                _first[node] = next;
                for (int side = 0; side < 2; side++)
                {
                    int child = side == 0 ? _tree.Left[node] : _tree.Right[node];
                    if (child < 0) Rank[~child] = next++;
                    else Visit(child, ref next);
                }
                _end[node] = next;
            }
        }
    }

    internal sealed partial class ThresholdTests
    {
        /// <summary>
        /// Groups tests by feature (a counting sort), sorts each group by threshold and ends it with a NaN sentinel.
        /// Features without tests get no group. Ties may come in any order: equal thresholds fail together.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal static ThresholdTests Group(int featureCount, int[] feature, float[] threshold, int[] tree, ulong[] clear, bool[] failsWhenMissing)
        {
            var perFeature = new int[featureCount + 1];
            foreach (int f in feature) perFeature[f + 1]++;
            int groups = 0;
            for (int f = 0; f < featureCount; f++) if (perFeature[f + 1] > 0) groups++;
            var source = new int[groups];
            var start = new int[groups + 1];
            var fill = new int[featureCount];
            int at = 0, g = 0;
            for (int f = 0; f < featureCount; f++)
            {
                if (perFeature[f + 1] == 0) continue;
                source[g] = f;
                start[g++] = at;
                fill[f] = at;
                at += perFeature[f + 1] + 1; // + the sentinel
            }
            start[groups] = at;

            var sortedThreshold = new float[at];
            var order = new int[at];
            for (int i = 0; i < feature.Length; i++)
            {
                int slot = fill[feature[i]]++;
                sortedThreshold[slot] = threshold[i];
                order[slot] = i;
            }
            for (g = 0; g < groups; g++)
            {
                int sentinel = start[g + 1] - 1;
                Array.Sort(sortedThreshold, order, start[g], sentinel - start[g]);
                sortedThreshold[sentinel] = float.NaN;
                order[sentinel] = -1;
            }
            var tests = new ThresholdTest[at];
            var sortedMissing = new bool[at];
            for (int i = 0; i < at; i++)
            {
                tests[i].Threshold = sortedThreshold[i];
                if (order[i] < 0) { tests[i].ClearMask = ulong.MaxValue; continue; } // sentinel: tree 0, clears nothing
                tests[i].Tree = tree[order[i]];
                tests[i].ClearMask = clear[order[i]];
                sortedMissing[i] = failsWhenMissing[order[i]];
            }
            var scale = new float[groups];
            for (g = 0; g < groups; g++) scale[g] = 1f;
            return new ThresholdTests(source, scale, start, tests, sortedMissing);
        }
    }

    internal sealed partial class KeyTests
    {
        /// <summary>Lists the tests of each slot together (a counting sort over <paramref name="slot"/>).</summary>
        [MethodImpl(HotPath.Options)]
        internal static KeyTests Group(int[] keyIndex, int[] keyCount, int[] firstSlot, int slots, List<int> slot, List<int> tree, List<ulong> clear)
        {
            var slotStart = new int[slots + 1];
            foreach (int s in slot) slotStart[s + 1]++;
            for (int s = 0; s < slots; s++) slotStart[s + 1] += slotStart[s];
            var fill = new int[slots];
            Array.Copy(slotStart, fill, slots);
            var sortedTree = new int[slot.Count];
            var sortedClear = new ulong[slot.Count];
            for (int i = 0; i < slot.Count; i++)
            {
                int at = fill[slot[i]]++;
                sortedTree[at] = tree[i];
                sortedClear[at] = clear[i];
            }
            return new KeyTests(keyIndex, keyCount, firstSlot, slotStart, sortedTree, sortedClear);
        }
    }
}
