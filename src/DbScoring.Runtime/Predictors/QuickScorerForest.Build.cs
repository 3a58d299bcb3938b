using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>Building the QuickScorer tables: from the trees, and folded over Concatenate(numbers…, one-hot keys…).</summary>
    internal sealed partial class QuickScorerForest
    {
        /// <summary>
        /// Builds the evaluator over trees validated elsewhere (tests, the benchmark): <see cref="TryCreate(IReadOnlyList{RegressionTree}, int, int[])"/>
        /// with no limit on the feature index.
        /// </summary>
        internal static QuickScorerForest? TryCreate(IReadOnlyList<RegressionTree> trees, int[]? storedOrder = null) => TryCreate(trees, int.MaxValue, storedOrder);

        /// <summary>
        /// Validates the trees and builds the evaluator, or returns null — having validated nothing — when a tree has a
        /// categorical split or more than 64 leaves (the caller validates and walks those). Each tree is validated
        /// (<see cref="RegressionTree.Validate"/>, features in 0..<paramref name="featureCount"/> − 1) just before its
        /// tests are taken, and the same walk numbers its leaves left to right: one traversal per tree. The tests are put
        /// in <paramref name="storedOrder"/> when the blob brought one (section 8, checked in one pass by
        /// <see cref="ThresholdTests.FromOrder"/>), else in the order <see cref="ThresholdTests.CanonicalOrder"/> sorts.
        /// </summary>
        [MethodImpl(HotPath.Options)] // load-time loops, run once per model: never in slow tier-0 code
        internal static QuickScorerForest? TryCreate(IReadOnlyList<RegressionTree> trees, int featureCount, int[]? storedOrder)
        {
            // Sizes from the arrays as they are (each tree is validated below before anything indexes by node).
            int tests = 0, leafTotal = 0, widest = 0;
            foreach (var candidate in trees)
            {
                if (candidate.LeafValues.Length > 64 || candidate.HasCategoricalSplit) return null;
                if (candidate.LeafValues.Length > widest) widest = candidate.LeafValues.Length;
                foreach (float nodeThreshold in candidate.Threshold)
                    if (!float.IsNaN(nodeThreshold)) tests++;
                leafTotal += candidate.LeafValues.Length;
            }
            var leaves = new TreeLeaves(Arrays.Uninitialized<ulong>(trees.Count), Arrays.Uninitialized<int>(trees.Count), Arrays.Uninitialized<double>(leafTotal));

            // A stored order is placed straight into the final table (the usual case); anything unexpected falls back to
            // the general build below, which validates every tree and names the error.
            bool narrow = widest <= TreeInMask.MaxLeaves; // each clear mask then carries its tree (TreeInMask)
            if (storedOrder != null && InStoredOrder(trees, featureCount, narrow, storedOrder, tests, leaves) is { } placed)
                return new QuickScorerForest(leaves, placed, KeyTests.None());

            var feature = new int[tests];
            var byNumber = new ThresholdTest[tests]; // threshold, tree and left-subtree mask per test number
            var failsWhenMissing = new bool[tests];
            TakeTrees(trees, featureCount, narrow, leaves, byNumber, failsWhenMissing, feature, null);
            int features = 0;
            foreach (int f in feature)
                if (f >= features) features = f + 1;
            int[] order = storedOrder ?? ThresholdTests.CanonicalOrder(features, feature, byNumber);
            var numbers = ThresholdTests.FromOrder(order, feature, byNumber, failsWhenMissing);
            return new QuickScorerForest(leaves, numbers, KeyTests.None());
        }

        /// <summary>
        /// Validates each tree (<see cref="RegressionTree.Validate"/>) and takes its leaves, left to right, into
        /// <paramref name="leaves"/> and its threshold tests — numbered tree by tree, node by node — into
        /// <paramref name="tests"/> and <paramref name="failsWhenMissing"/>: at the test's number, with its feature in
        /// <paramref name="feature"/>, when <paramref name="placement"/> is null; otherwise where the placement puts it.
        /// Returns false, having thrown nothing, when the placement cannot hold a test (then the stored order disagrees
        /// with the trees). With <paramref name="narrow"/> each clear mask carries its tree (<see cref="TreeInMask"/>).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private static bool TakeTrees(IReadOnlyList<RegressionTree> trees, int featureCount, bool narrow, TreeLeaves leaves, ThresholdTest[] tests,
            bool[] failsWhenMissing, int[]? feature, StoredPlacement? placement)
        {
            ulong[] initialMasks = leaves.InitialMasks;
            int[] leafBase = leaves.LeafBase;
            double[] leafValues = leaves.LeafValues;
            var walk = new RegressionTree.Validation(); // one set of work arrays for every tree: no allocation per tree
            int test = 0, nextLeaf = 0;
            for (int t = 0; t < trees.Count; t++)
            {
                var current = trees[t];
                current.Validate(featureCount, t, walk);
                double[] values = current.LeafValues;
                ulong mask = values.Length == 64 ? ulong.MaxValue : (1UL << values.Length) - 1;
                float[] nodeThresholds = current.Threshold;
                int[] splitFeature = current.SplitFeature;
                float[]? defaults = current.StoredDefaults; // null: every default is NaN
                for (int n = 0; n < nodeThresholds.Length; n++)
                {
                    float nodeThreshold = nodeThresholds[n];
                    ulong clear = walk.ClearedWhenRight(current, n);
                    if (float.IsNaN(nodeThreshold))
                    {
                        mask &= clear; // value <= NaN is never true: the node always goes right
                        continue;
                    }
                    int at = test;
                    if (placement == null) feature![test] = splitFeature[n];
                    else if ((at = placement.Place(test, splitFeature[n])) < 0) return false;
                    tests[at].Threshold = nodeThreshold;
                    tests[at].Tree = t;
                    tests[at].ClearMask = narrow ? TreeInMask.Pack(clear, t) : clear;
                    failsWhenMissing[at] = defaults == null || !(defaults[n] <= nodeThreshold); // NaN goes right
                    test++;
                }
                initialMasks[t] = mask;
                leafBase[t] = nextLeaf;
                int[] rank = walk.LeafRank;
                for (int l = 0; l < values.Length; l++) leafValues[nextLeaf + rank[l]] = values[l];
                nextLeaf += values.Length;
            }
            return true;
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
    }

    internal sealed partial class KeyTests
    {
        /// <summary>
        /// Lists the first <paramref name="count"/> tests of each slot together (a counting sort over <paramref name="slot"/>),
        /// and merges a slot's tests on one tree into one clear mask (the AND of theirs): the masks clear the same leaves,
        /// since AND does not depend on order or repetition, with one read-modify-write per tree instead of one per node.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal static KeyTests Group(int[] keyIndex, int[] keyCount, int[] firstSlot, int slots, int[] slot, int[] tree, ulong[] clear, int count)
        {
            var slotStart = new int[slots + 1];
            int trees = 0;
            for (int i = 0; i < count; i++)
            {
                slotStart[slot[i] + 1]++;
                if (tree[i] >= trees) trees = tree[i] + 1;
            }
            for (int s = 0; s < slots; s++) slotStart[s + 1] += slotStart[s];
            var fill = new int[slots];
            Array.Copy(slotStart, fill, slots);
            var sorted = new KeyTest[count];
            for (int i = 0; i < count; i++)
            {
                int at = fill[slot[i]]++;
                sorted[at].Tree = tree[i];
                sorted[at].ClearMask = clear[i];
            }

            // Merge in place, slot by slot: a tree already listed in the current slot takes the test's mask into its entry.
            var listedIn = new int[trees];  // per tree: 1 + the last slot that lists it (0: none yet)
            var listedAt = new int[trees];  // per tree: where that slot lists it
            int kept = 0;
            for (int s = 0; s < slots; s++)
            {
                int first = slotStart[s], end = slotStart[s + 1];
                slotStart[s] = kept;
                for (int i = first; i < end; i++)
                {
                    int t = sorted[i].Tree;
                    if (listedIn[t] == s + 1) sorted[listedAt[t]].ClearMask &= sorted[i].ClearMask;
                    else
                    {
                        listedIn[t] = s + 1;
                        listedAt[t] = kept;
                        sorted[kept++] = sorted[i];
                    }
                }
            }
            slotStart[slots] = kept;
            if (kept < count) Array.Resize(ref sorted, kept);
            return new KeyTests(keyIndex, keyCount, firstSlot, slotStart, sorted);
        }
    }
}
