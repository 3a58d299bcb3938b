using System;
using System.Runtime.CompilerServices;
#if NET
using System.Runtime.InteropServices;
#endif

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
    /// <para>
    /// One kernel serves two layouts: a forest built from the trees reads its features from the feature vector
    /// (<see cref="TryCreate(System.Collections.Generic.IReadOnlyList{RegressionTree}, int, int[])"/>); a folded forest (<see cref="Fold"/>) reads numbers straight from the frame and turns
    /// one-hot blocks into per-key test lists, so the concatenated vector is never built. Tables: <see cref="TreeLeaves"/>,
    /// <see cref="ThresholdTests"/>, <see cref="KeyTests"/>.
    /// </para>
    /// </summary>
    internal sealed partial class QuickScorerForest
    {
        /// <summary>Per tree: leaf values in left-to-right order and the leaves that remain before any test.</summary>
        internal readonly TreeLeaves Leaves;

        /// <summary>Threshold tests on numbers, per value read.</summary>
        internal readonly ThresholdTests Numbers;

        /// <summary>Tests decided by one-hot keys (folded forests only; empty otherwise).</summary>
        internal readonly KeyTests Keys;

        private QuickScorerForest(TreeLeaves leaves, ThresholdTests numbers, KeyTests keys)
        {
            Leaves = leaves;
            Numbers = numbers;
            Keys = keys;
        }

        /// <summary>Number of trees (the size of the mask workspace).</summary>
        internal int TreeCount => Leaves.TreeCount;

        /// <summary>
        /// Σ leaf values of trees [0, <see cref="TreeCount"/>) in tree order, in double. <paramref name="values"/> holds
        /// the numbers at <paramref name="offset"/> + source index; <paramref name="keys"/> the one-hot keys (folded
        /// forests; unused otherwise); <paramref name="masks"/> at least <see cref="TreeCount"/> values of scratch space.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal double Sum(float[] values, int offset, uint[]? keys, ulong[] masks)
        {
            FindExitLeaves(values, offset, keys, masks);
            return Leaves.Sum(masks, 0, Leaves.TreeCount);
        }

        /// <summary>Like <see cref="Sum"/>, accumulated in float (XGBoost's order and rounding; <see cref="TreeEnsembleScoreFunction.FloatSum"/>).</summary>
        [MethodImpl(HotPath.Options)]
        internal float SumFloat(float[] values, int offset, uint[]? keys, ulong[] masks)
        {
            FindExitLeaves(values, offset, keys, masks);
            return Leaves.SumFloat(masks, 0, Leaves.TreeCount);
        }

        /// <summary>Leaves each tree's exit leaf as the lowest set bit of its mask in <paramref name="masks"/>.</summary>
        internal void FindExitLeaves(float[] values, int offset, uint[]? keys, ulong[] masks)
        {
            Array.Copy(Leaves.InitialMasks, masks, Leaves.TreeCount);
            Numbers.Apply(values, offset, masks);
            if (keys != null) Keys.Apply(keys, masks);
        }
    }

    /// <summary>
    /// The trees' leaves: <see cref="LeafValues"/> of tree t start at <see cref="LeafBase"/>[t], left to right, so a
    /// tree's exit leaf is the index of the lowest set bit of its mask. <see cref="InitialMasks"/>[t] holds every leaf
    /// of tree t except those excluded whatever the input (nodes with a NaN threshold always go right).
    /// </summary>
    internal sealed partial class TreeLeaves
    {
        internal TreeLeaves(ulong[] initialMasks, int[] leafBase, double[] leafValues)
        {
            InitialMasks = initialMasks;
            LeafBase = leafBase;
            LeafValues = leafValues;
        }

        internal ulong[] InitialMasks { get; }

        internal int[] LeafBase { get; }

        internal double[] LeafValues { get; }

        internal int TreeCount => InitialMasks.Length;

        /// <summary>Σ exit-leaf values of trees [<paramref name="first"/>, <paramref name="end"/>), in tree order, in double.</summary>
        [MethodImpl(HotPath.Options)]
        internal double Sum(ulong[] masks, int first, int end)
        {
            int[] leafBase = LeafBase;
            double[] leafValues = LeafValues;
            double sum = 0;
            for (int t = first; t < end; t++)
                sum += leafValues[leafBase[t] + Bits.TrailingZeroCount(masks[t])];
            return sum;
        }

        /// <summary>Σ exit-leaf values of trees [<paramref name="first"/>, <paramref name="end"/>), in tree order, each added to a float.</summary>
        [MethodImpl(HotPath.Options)]
        internal float SumFloat(ulong[] masks, int first, int end)
        {
            int[] leafBase = LeafBase;
            double[] leafValues = LeafValues;
            float sum = 0f;
            for (int t = first; t < end; t++)
                sum += (float)leafValues[leafBase[t] + Bits.TrailingZeroCount(masks[t])];
            return sum;
        }
    }

    /// <summary>One node's threshold test: when the value exceeds <see cref="Threshold"/>, tree <see cref="Tree"/>'s mask loses the node's left subtree (&amp;= <see cref="ClearMask"/>).</summary>
    internal struct ThresholdTest
    {
        public float Threshold;
        public int Tree;
        public ulong ClearMask;
    }

    /// <summary>
    /// Threshold tests on numbers, grouped by the value they read. Group g reads values[offset + <see cref="Source"/>[g]]
    /// times <see cref="Scale"/>[g] (1 when the features are not normalized; x · 1 is exactly x), and owns
    /// <see cref="Tests"/> [<see cref="Start"/>[g], <see cref="Start"/>[g + 1]) sorted by ascending threshold. The last
    /// test of every group is a sentinel with a NaN threshold, which no value exceeds, so a scan stops there. For a NaN
    /// value the tests with <see cref="FailsWhenMissing"/>[i] fail instead (the node's default-for-missing goes right).
    /// </summary>
    internal sealed partial class ThresholdTests
    {
        internal ThresholdTests(int[] source, float[] scale, int[] start, ThresholdTest[] tests, bool[] failsWhenMissing)
        {
            Source = source;
            Scale = scale;
            Start = start;
            Tests = tests;
            FailsWhenMissing = failsWhenMissing;
            LargestTree = CheckScanBounds(start, tests, source.Length);
            TreeInClearMask = CarryTrees(tests);
        }

        /// <summary>Whether every test's clear mask carries its tree (<see cref="TreeInMask"/>): the .NET 10 scan then reads one field less.</summary>
        internal bool TreeInClearMask { get; }

        private static bool CarryTrees(ThresholdTest[] tests)
        {
            foreach (var test in tests)
                if (!float.IsNaN(test.Threshold) && !TreeInMask.Carries(test.ClearMask, test.Tree)) return false;
            return true;
        }

        /// <summary>The largest tree index a test (not a sentinel) names: the scan needs masks for trees [0, LargestTree]; −1 when there are no tests.</summary>
        internal int LargestTree { get; }

        /// <summary>
        /// What keeps every scan inside the arrays (the .NET 10 scan indexes without bounds checks): each group starts
        /// inside <paramref name="tests"/>, the last test is a NaN sentinel (no value exceeds it, so no scan runs past it),
        /// and tree indices are not negative. Returns the largest tree index.
        /// </summary>
        private static int CheckScanBounds(int[] start, ThresholdTest[] tests, int groups)
        {
            if (start.Length != groups + 1) throw new ModelFormatException($"QuickScorer tables: {start.Length} group starts for {groups} groups.");
            for (int g = 0; g < groups; g++)
                if (start[g] < 0 || start[g] >= tests.Length || start[g + 1] < start[g])
                    throw new ModelFormatException($"QuickScorer tables: group {g} starts at test {start[g]} of {tests.Length}.");
            if (groups > 0 && (start[groups] != tests.Length || !float.IsNaN(tests[tests.Length - 1].Threshold)))
                throw new ModelFormatException("QuickScorer tables: the threshold tests do not end with a NaN sentinel.");
            int largest = -1; // sentinels (NaN thresholds) never clear a mask
            for (int i = 0; i < tests.Length; i++)
            {
                if (float.IsNaN(tests[i].Threshold)) continue;
                if (tests[i].Tree < 0) throw new ModelFormatException($"QuickScorer tables: test {i} names tree {tests[i].Tree}.");
                if (tests[i].Tree > largest) largest = tests[i].Tree;
            }
            return largest;
        }

        internal int[] Source { get; }

        internal float[] Scale { get; }

        internal int[] Start { get; }

        internal ThresholdTest[] Tests { get; }

        internal bool[] FailsWhenMissing { get; }

        /// <summary>Number of value groups.</summary>
        internal int GroupCount => Source.Length;

        /// <summary>Clears, for every group, the left subtrees of the tests its value fails.</summary>
        [MethodImpl(HotPath.Options)]
        internal void Apply(float[] values, int offset, ulong[] masks)
        {
            int[] source = Source, start = Start;
            float[] scale = Scale;
            ThresholdTest[] tests = Tests;
            if (masks.Length <= LargestTree) LeafMasks.ThrowTooFew(masks.Length, LargestTree);
            for (int g = 0; g < source.Length; g++)
            {
                float value = values[offset + source[g]] * scale[g];
                if (float.IsNaN(value))
                {
                    ApplyMissing(g, masks);
                    continue;
                }
#if NET
                if (TreeInClearMask) FailTestsOfNarrowTrees(tests, start[g], value, masks);
                else FailTests(tests, start[g], value, masks);
#else
                for (int i = start[g]; i < tests.Length; i++)
                {
                    ThresholdTest test = tests[i];
                    if (!(test.Threshold < value)) break; // at the latest on the group's NaN sentinel
                    masks[test.Tree] &= test.ClearMask;
                }
#endif
            }
        }

#if NET
        /// <summary>
        /// The tests from <paramref name="first"/> on whose threshold <paramref name="value"/> exceeds, up to the group's NaN
        /// sentinel: each clears its left subtree from its tree's mask. The hottest loop of every tree model, so on .NET 10
        /// it runs without bounds checks (7 instructions per failed test instead of 16): the constructor checked that every
        /// scan starts inside the tests and ends at a NaN sentinel, and <see cref="Apply"/> that the masks cover every tree
        /// a test names. The same tests, in the same order, as the checked loop .NET Framework runs.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void FailTests(ThresholdTest[] tests, int first, float value, ulong[] masks)
        {
            ref ThresholdTest test = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(tests), first);
            ref ulong mask = ref MemoryMarshal.GetArrayDataReference(masks);
            while (test.Threshold < value) // false at the latest on the group's NaN sentinel
            {
                Unsafe.Add(ref mask, test.Tree) &= test.ClearMask;
                test = ref Unsafe.Add(ref test, 1);
            }
        }

        /// <summary>
        /// <see cref="FailTests"/> for tables whose clear masks carry their trees (<see cref="TreeInClearMask"/>, checked at
        /// construction for every test): the tree is taken from the mask, so a failed test costs one load less.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void FailTestsOfNarrowTrees(ThresholdTest[] tests, int first, float value, ulong[] masks)
        {
            ref ThresholdTest test = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(tests), first);
            ref ulong mask = ref MemoryMarshal.GetArrayDataReference(masks);
            while (test.Threshold < value) // false at the latest on the group's NaN sentinel
            {
                ulong clear = test.ClearMask;
                Unsafe.Add(ref mask, TreeInMask.TreeOf(clear)) &= clear;
                test = ref Unsafe.Add(ref test, 1);
            }
        }
#endif

        /// <summary>The tests of group <paramref name="group"/> that a missing (NaN) value fails, applied to one row's masks.</summary>
        private void ApplyMissing(int group, ulong[] masks)
        {
            for (int i = Start[group], end = Start[group + 1]; i < end; i++)
                if (FailsWhenMissing[i]) masks[Tests[i].Tree] &= Tests[i].ClearMask;
        }
    }

    /// <summary>
    /// One key test: when its slot is hot, tree <see cref="Tree"/>'s mask keeps only the bits of <see cref="ClearMask"/>
    /// (&amp;=). Tree and mask side by side, as in <see cref="ThresholdTest"/>, so a test is one 16-byte read.
    /// </summary>
    internal struct KeyTest
    {
        public int Tree;
        public ulong ClearMask;
    }

    /// <summary>
    /// Tests decided by one-hot keys. Key element e reads keys[<see cref="KeyIndex"/>[e]]; a key k in
    /// 1..<see cref="KeyCount"/>[e] selects slot <see cref="FirstSlot"/>[e] + k − 1, whose tests
    /// <see cref="Tests"/> [<see cref="SlotStart"/>[slot], <see cref="SlotStart"/>[slot + 1]) fail; any other key selects
    /// no slot. A slot lists each tree at most once when built by <see cref="Group"/> (a slot's several nodes on one tree
    /// merged into one clear mask).
    /// </summary>
    internal sealed partial class KeyTests
    {
        internal KeyTests(int[] keyIndex, int[] keyCount, int[] firstSlot, int[] slotStart, KeyTest[] tests)
        {
            KeyIndex = keyIndex;
            KeyCount = keyCount;
            FirstSlot = firstSlot;
            SlotStart = slotStart;
            Tests = tests;
            LargestTree = CheckSlotBounds(slotStart, tests);
            foreach (var test in tests)
                if (!TreeInMask.Carries(test.ClearMask, test.Tree)) return;
            TreeInClearMask = true;
        }

        /// <summary>Whether every test's clear mask carries its tree (<see cref="TreeInMask"/>): the .NET 10 loop then reads one field less.</summary>
        internal bool TreeInClearMask { get; }

        /// <summary>The largest tree index a test names (−1 when there are none): <see cref="Apply"/> needs masks up to it.</summary>
        internal int LargestTree { get; }

        /// <summary>
        /// What keeps the .NET 10 loop over a slot's tests inside the arrays (it reads them without bounds checks): slot
        /// starts that never decrease and stay within the tests, no negative tree. Returns the largest tree index.
        /// </summary>
        private static int CheckSlotBounds(int[] slotStart, KeyTest[] tests)
        {
            if (slotStart.Length == 0 || slotStart[0] < 0) throw new ModelFormatException("QuickScorer key tables: the slot starts do not start at a test.");
            for (int s = 1; s < slotStart.Length; s++)
                if (slotStart[s] < slotStart[s - 1] || slotStart[s] > tests.Length)
                    throw new ModelFormatException($"QuickScorer key tables: slot {s - 1} ends at test {slotStart[s]} of {tests.Length}.");
            int largest = -1;
            for (int i = 0; i < tests.Length; i++)
            {
                if (tests[i].Tree < 0) throw new ModelFormatException($"QuickScorer key tables: test {i} names tree {tests[i].Tree}.");
                if (tests[i].Tree > largest) largest = tests[i].Tree;
            }
            return largest;
        }

        /// <summary>No key tests (a forest over a plain feature vector).</summary>
        internal static KeyTests None() => new KeyTests(new int[0], new int[0], new int[0], new[] { 0 }, new KeyTest[0]);

        internal int[] KeyIndex { get; }

        internal int[] KeyCount { get; }

        internal int[] FirstSlot { get; }

        internal int[] SlotStart { get; }

        internal KeyTest[] Tests { get; }

        /// <summary>Clears the left subtrees of the tests each key's slot fails.</summary>
        [MethodImpl(HotPath.Options)]
        internal void Apply(uint[] keys, ulong[] masks)
        {
            int[] keyIndex = KeyIndex, keyCount = KeyCount, firstSlot = FirstSlot, slotStart = SlotStart;
            if (masks.Length <= LargestTree) LeafMasks.ThrowTooFew(masks.Length, LargestTree);
#if !NET
            KeyTest[] tests = Tests;
#endif
            for (int e = 0; e < keyIndex.Length; e++)
            {
                uint key = keys[keyIndex[e]];
                if (key == 0 || key > (uint)keyCount[e]) continue;
                int slot = firstSlot[e] + (int)key - 1;
#if NET
                FailTests(slotStart[slot], slotStart[slot + 1], masks);
#else
                for (int i = slotStart[slot], end = slotStart[slot + 1]; i < end; i++)
                    masks[tests[i].Tree] &= tests[i].ClearMask;
#endif
            }
        }

#if NET
        /// <summary>
        /// Tests [<paramref name="first"/>, <paramref name="end"/>) of a slot clear their left subtrees; without bounds checks
        /// on .NET 10, as <see cref="ThresholdTests"/>' scan: the constructor checked that slot starts stay within the tests,
        /// and <see cref="Apply"/> that the masks cover every tree.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void FailTests(int first, int end, ulong[] masks)
        {
            ref KeyTest tests = ref MemoryMarshal.GetArrayDataReference(Tests);
            ref KeyTest test = ref Unsafe.Add(ref tests, first);
            ref KeyTest stop = ref Unsafe.Add(ref tests, end);
            ref ulong mask = ref MemoryMarshal.GetArrayDataReference(masks);
            if (TreeInClearMask)
            {
                for (; Unsafe.IsAddressLessThan(ref test, ref stop); test = ref Unsafe.Add(ref test, 1))
                {
                    ulong clear = test.ClearMask;
                    Unsafe.Add(ref mask, TreeInMask.TreeOf(clear)) &= clear;
                }
            }
            else
            {
                for (; Unsafe.IsAddressLessThan(ref test, ref stop); test = ref Unsafe.Add(ref test, 1))
                    Unsafe.Add(ref mask, test.Tree) &= test.ClearMask;
            }
        }
#endif
    }

    /// <summary>The one-row kernel's refusal of a leaf-mask array too small for the tables (kept out of the per-row methods).</summary>
    internal static class LeafMasks
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        internal static void ThrowTooFew(int masks, int largestTree) =>
            throw new ArgumentException($"{masks} leaf masks for trees up to {largestTree}.", "masks");
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
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
