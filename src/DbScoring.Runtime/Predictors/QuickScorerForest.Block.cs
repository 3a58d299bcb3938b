#if NET
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// The block kernel (.NET 10 only; <see cref="Scorer.PredictBatch"/>): QuickScorer over <see cref="BlockRows"/> rows
    /// at once, one SIMD lane per row (V-QuickScorer, Lucchese et al., SIGIR 2016). The block's leaf masks are
    /// <see cref="BlockMasks"/>: tree t's eight lanes side by side, so a threshold test is compared with every row's value
    /// in one instruction and clears its left subtree in the lanes whose value exceeds the threshold with one vector
    /// read-modify-write; a feature's scan stops at the block's largest value. The rows' leaf sums then run as eight
    /// independent chains of additions. Every row gets exactly the one-row kernel's masks (the same clears, and AND does
    /// not depend on their order) and the same sum in the same tree order: bit-identical (tested). The one-row kernel
    /// stays the only path on .NET Framework (SQL Server).
    /// </summary>
    internal sealed partial class QuickScorerForest
    {
        /// <summary>Rows per block: one 512-bit vector (or two 256-bit ones) of 64-bit leaf masks per tree.</summary>
        internal const int BlockRows = RowBlock.Rows;

        /// <summary>Whether the block kernel runs in hardware here.</summary>
        internal static bool BlockKernelAvailable => Vector256.IsHardwareAccelerated;

        /// <summary>
        /// Whether <see cref="Scorer.PredictBatch"/> scores forests in blocks: wherever the kernel runs in hardware. Session 4's
        /// four-row kernel (a <c>Vector256&lt;ulong&gt;[]</c> per tree, bounds-checked, key tests as lane inserts) ran at
        /// 0.47–0.71× one row at a time and was not selected; this layout (eight lanes side by side, one vector
        /// read-modify-write per test without bounds checks, the rows sharing a category clearing its tests together) ran
        /// faster than scoring row by row on every tree model of the benchmark (docs/performance.md, "Batch path (session 6)").
        /// </summary>
        internal static bool BlockKernelSelected => BlockKernelAvailable;

        /// <summary>
        /// <paramref name="sums"/>[r] = Σ leaf values, in tree order, of row r of the block, for r in [0, <see cref="BlockRows"/>).
        /// Row r reads its numbers at values[r · <paramref name="valueStride"/> + <paramref name="valueOffset"/> + source] and its
        /// keys at keys[r · <paramref name="keyStride"/> + index]. <paramref name="masks"/> is scratch space of at least
        /// <see cref="TreeCount"/> · <see cref="BlockRows"/> values (<see cref="BlockMasks"/>). Every lane is computed; lanes
        /// past the caller's last row hold earlier rows' values and are ignored by it. With <paramref name="floatSum"/> each
        /// row's leaves are added to a float (<see cref="SumFloat"/>), whose value <paramref name="sums"/> then holds exactly.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal void SumBlock(float[] values, int valueStride, int valueOffset, uint[]? keys, int keyStride, bool floatSum,
            ulong[] masks, double[] sums)
        {
            ulong[] initial = Leaves.InitialMasks;
            if (masks.Length < initial.Length * BlockRows) throw new ArgumentException($"{masks.Length} block masks for {initial.Length} trees.", nameof(masks));
            for (int t = 0; t < initial.Length; t++) BlockMasks.Fill(masks, t, initial[t]);
            Numbers.ApplyBlock(values, valueStride, valueOffset, masks);
            if (keys != null) Keys.ApplyBlock(keys, keyStride, masks);
            if (floatSum) Leaves.SumBlockFloat(masks, sums);
            else Leaves.SumBlock(masks, sums);
        }
    }

    /// <summary>
    /// The leaf masks of a block of <see cref="QuickScorerForest.BlockRows"/> rows in one <c>ulong[]</c>: tree t's mask of
    /// row r at [t · 8 + r], so one tree's eight lanes are one 512-bit vector. The vector operations index without bounds
    /// checks: their callers check once that the array covers every tree they name.
    /// </summary>
    internal static class BlockMasks
    {
        internal const int Lanes = RowBlock.Rows;

        /// <summary>Every lane of tree <paramref name="tree"/> set to <paramref name="mask"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Fill(ulong[] masks, int tree, ulong mask)
        {
            ref ulong lanes = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(masks), tree * Lanes);
            if (Vector512.IsHardwareAccelerated) Vector512.Create(mask).StoreUnsafe(ref lanes);
            else
            {
                Vector256.Create(mask).StoreUnsafe(ref lanes);
                Vector256.Create(mask).StoreUnsafe(ref lanes, 4);
            }
        }

        /// <summary>The eight rows' values of one feature, as doubles (every float converts exactly, so comparisons are the float ones).</summary>
        internal struct Values
        {
            internal Vector512<double> Wide;      // with 512-bit hardware
            internal Vector256<double> Low, High; // otherwise: rows 0–3 and 4–7
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Values CreateValues(float v0, float v1, float v2, float v3, float v4, float v5, float v6, float v7)
        {
            var values = new Values();
            if (Vector512.IsHardwareAccelerated) values.Wide = Vector512.Create(v0, v1, v2, v3, v4, v5, v6, (double)v7);
            else
            {
                values.Low = Vector256.Create(v0, v1, v2, (double)v3);
                values.High = Vector256.Create(v4, v5, v6, (double)v7);
            }
            return values;
        }

        /// <summary>The largest value of the block, missing (NaN) values ignored; −∞ when every value is missing (then no test fails).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static float Largest(in Values values)
        {
            Vector256<double> half;
            if (Vector512.IsHardwareAccelerated)
            {
                var known = Vector512.ConditionalSelect(Vector512.Equals(values.Wide, values.Wide), values.Wide, Vector512.Create(double.NegativeInfinity));
                half = Vector256.Max(known.GetLower(), known.GetUpper());
            }
            else
            {
                var low = Vector256.ConditionalSelect(Vector256.Equals(values.Low, values.Low), values.Low, Vector256.Create(double.NegativeInfinity));
                var high = Vector256.ConditionalSelect(Vector256.Equals(values.High, values.High), values.High, Vector256.Create(double.NegativeInfinity));
                half = Vector256.Max(low, high);
            }
            var quarter = Vector128.Max(half.GetLower(), half.GetUpper());
            return (float)Math.Max(quarter.GetElement(0), quarter.GetElement(1)); // a float converted to double and back: exact
        }

        /// <summary>The lanes whose value is missing (NaN), lane r = bit r.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static uint MissingLanes(in Values values)
        {
            if (Vector512.IsHardwareAccelerated) return (uint)(~Vector512.Equals(values.Wide, values.Wide)).ExtractMostSignificantBits();
            return (~Vector256.Equals(values.Low, values.Low)).ExtractMostSignificantBits()
                | (~Vector256.Equals(values.High, values.High)).ExtractMostSignificantBits() << 4;
        }

        /// <summary>A set of lanes: all ones in a lane of the set, zero elsewhere.</summary>
        internal struct LaneSet
        {
            internal Vector512<ulong> Wide;      // with 512-bit hardware
            internal Vector256<ulong> Low, High; // otherwise: lanes 0–3 and 4–7
        }

        /// <summary>The lanes whose value exceeds <paramref name="threshold"/> (never a NaN lane).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static LaneSet Greater(in Values values, float threshold)
        {
            var set = new LaneSet();
            if (Vector512.IsHardwareAccelerated) set.Wide = Vector512.GreaterThan(values.Wide, Vector512.Create((double)threshold)).AsUInt64();
            else
            {
                var limit = Vector256.Create((double)threshold);
                set.Low = Vector256.GreaterThan(values.Low, limit).AsUInt64();
                set.High = Vector256.GreaterThan(values.High, limit).AsUInt64();
            }
            return set;
        }

        /// <summary>The lanes whose slot is <paramref name="slot"/>, and their bits (lane r = bit r) in <paramref name="bits"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static LaneSet Equal(in Slots slots, long slot, out uint bits)
        {
            var set = new LaneSet();
            if (Vector512.IsHardwareAccelerated)
            {
                set.Wide = Vector512.Equals(slots.Wide, Vector512.Create(slot)).AsUInt64();
                bits = (uint)set.Wide.ExtractMostSignificantBits();
            }
            else
            {
                var wanted = Vector256.Create(slot);
                set.Low = Vector256.Equals(slots.Low, wanted).AsUInt64();
                set.High = Vector256.Equals(slots.High, wanted).AsUInt64();
                bits = set.Low.ExtractMostSignificantBits() | set.High.ExtractMostSignificantBits() << 4;
            }
            return set;
        }

        /// <summary>The eight rows' one-hot slots of one key element (−1: the row's key selects none).</summary>
        internal struct Slots
        {
            internal Vector512<long> Wide;
            internal Vector256<long> Low, High;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Slots CreateSlots(long s0, long s1, long s2, long s3, long s4, long s5, long s6, long s7)
        {
            var slots = new Slots();
            if (Vector512.IsHardwareAccelerated) slots.Wide = Vector512.Create(s0, s1, s2, s3, s4, s5, s6, s7);
            else
            {
                slots.Low = Vector256.Create(s0, s1, s2, s3);
                slots.High = Vector256.Create(s4, s5, s6, s7);
            }
            return slots;
        }

        /// <summary>
        /// In the lanes of <paramref name="lanes"/>, tree <paramref name="tree"/>'s mask loses the bits not in
        /// <paramref name="clear"/>: one vector read-modify-write for the whole block.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Clear(ref ulong masks, int tree, in LaneSet lanes, ulong clear)
        {
            ref ulong at = ref Unsafe.Add(ref masks, tree * Lanes);
            if (Vector512.IsHardwareAccelerated)
            {
                (Vector512.LoadUnsafe(ref at) & (Vector512.Create(clear) | ~lanes.Wide)).StoreUnsafe(ref at);
            }
            else
            {
                var keep = Vector256.Create(clear);
                (Vector256.LoadUnsafe(ref at) & (keep | ~lanes.Low)).StoreUnsafe(ref at);
                (Vector256.LoadUnsafe(ref at, 4) & (keep | ~lanes.High)).StoreUnsafe(ref at, 4);
            }
        }
    }

    internal sealed partial class TreeLeaves
    {
        /// <summary>Per row of the block, Σ exit-leaf values in tree order in double: eight independent chains of additions.</summary>
        [MethodImpl(HotPath.Options)]
        internal void SumBlock(ulong[] masks, double[] sums)
        {
            int[] leafBase = LeafBase;
            double[] leafValues = LeafValues;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (int t = 0, at = 0; t < leafBase.Length; t++, at += BlockMasks.Lanes)
            {
                int first = leafBase[t];
                s0 += leafValues[first + Bits.TrailingZeroCount(masks[at])];
                s1 += leafValues[first + Bits.TrailingZeroCount(masks[at + 1])];
                s2 += leafValues[first + Bits.TrailingZeroCount(masks[at + 2])];
                s3 += leafValues[first + Bits.TrailingZeroCount(masks[at + 3])];
                s4 += leafValues[first + Bits.TrailingZeroCount(masks[at + 4])];
                s5 += leafValues[first + Bits.TrailingZeroCount(masks[at + 5])];
                s6 += leafValues[first + Bits.TrailingZeroCount(masks[at + 6])];
                s7 += leafValues[first + Bits.TrailingZeroCount(masks[at + 7])];
            }
            sums[0] = s0; sums[1] = s1; sums[2] = s2; sums[3] = s3; sums[4] = s4; sums[5] = s5; sums[6] = s6; sums[7] = s7;
        }

        /// <summary>As <see cref="SumBlock"/>, each leaf added to a float (<see cref="SumFloat"/>).</summary>
        [MethodImpl(HotPath.Options)]
        internal void SumBlockFloat(ulong[] masks, double[] sums)
        {
            int[] leafBase = LeafBase;
            double[] leafValues = LeafValues;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            for (int t = 0, at = 0; t < leafBase.Length; t++, at += BlockMasks.Lanes)
            {
                int first = leafBase[t];
                s0 += (float)leafValues[first + Bits.TrailingZeroCount(masks[at])];
                s1 += (float)leafValues[first + Bits.TrailingZeroCount(masks[at + 1])];
                s2 += (float)leafValues[first + Bits.TrailingZeroCount(masks[at + 2])];
                s3 += (float)leafValues[first + Bits.TrailingZeroCount(masks[at + 3])];
                s4 += (float)leafValues[first + Bits.TrailingZeroCount(masks[at + 4])];
                s5 += (float)leafValues[first + Bits.TrailingZeroCount(masks[at + 5])];
                s6 += (float)leafValues[first + Bits.TrailingZeroCount(masks[at + 6])];
                s7 += (float)leafValues[first + Bits.TrailingZeroCount(masks[at + 7])];
            }
            sums[0] = s0; sums[1] = s1; sums[2] = s2; sums[3] = s3; sums[4] = s4; sums[5] = s5; sums[6] = s6; sums[7] = s7;
        }
    }

    internal sealed partial class ThresholdTests
    {
        /// <summary>
        /// Per group: compares each test with the eight rows' values up to the block's largest value (one vector
        /// read-modify-write per test for the whole block), then applies the missing-value tests of the NaN rows. The scan
        /// runs without bounds checks as the one-row scan does (<see cref="FailTests"/>): every group ends at a NaN
        /// sentinel, and the masks are checked here to cover every tree.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal void ApplyBlock(float[] values, int stride, int offset, ulong[] masks)
        {
            int[] source = Source, start = Start;
            float[] scale = Scale;
            if (masks.Length < (LargestTree + 1) * BlockMasks.Lanes) throw new ArgumentException($"{masks.Length} block masks for trees up to {LargestTree}.", nameof(masks));
            ref ThresholdTest tests = ref MemoryMarshal.GetArrayDataReference(Tests);
            ref ulong lanes = ref MemoryMarshal.GetArrayDataReference(masks);
            for (int g = 0; g < source.Length; g++)
            {
                int at = offset + source[g];
                float s = scale[g];
                float v0 = values[at] * s, v1 = values[at + stride] * s, v2 = values[at + 2 * stride] * s, v3 = values[at + 3 * stride] * s;
                float v4 = values[at + 4 * stride] * s, v5 = values[at + 5 * stride] * s, v6 = values[at + 6 * stride] * s, v7 = values[at + 7 * stride] * s;
                var row = BlockMasks.CreateValues(v0, v1, v2, v3, v4, v5, v6, v7);
                FailTestsBlock(ref Unsafe.Add(ref tests, start[g]), ref lanes, row, BlockMasks.Largest(row));
                for (uint missing = BlockMasks.MissingLanes(row); missing != 0; missing &= missing - 1)
                    ApplyMissing(g, System.Numerics.BitOperations.TrailingZeroCount(missing), masks);
            }
        }

        /// <summary>
        /// The tests from <paramref name="test"/> on whose threshold the block's <paramref name="largest"/> value exceeds, up to
        /// the group's NaN sentinel: each clears its left subtree in the lanes whose value exceeds its threshold.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void FailTestsBlock(ref ThresholdTest test, ref ulong lanes, in BlockMasks.Values row, float largest)
        {
            while (test.Threshold < largest) // false at the latest on the group's NaN sentinel
            {
                BlockMasks.Clear(ref lanes, test.Tree, BlockMasks.Greater(row, test.Threshold), test.ClearMask);
                test = ref Unsafe.Add(ref test, 1);
            }
        }

        /// <summary>The tests of group <paramref name="group"/> that a missing value fails, applied to lane <paramref name="lane"/>.</summary>
        private void ApplyMissing(int group, int lane, ulong[] masks)
        {
            for (int i = Start[group], end = Start[group + 1]; i < end; i++)
                if (FailsWhenMissing[i]) masks[Tests[i].Tree * BlockMasks.Lanes + lane] &= Tests[i].ClearMask;
        }

    }

    internal sealed partial class KeyTests
    {
        /// <summary>
        /// Per key element, the rows that select the same one-hot slot fail its tests together: each test of a slot clears
        /// its left subtree in those rows' lanes with one vector read-modify-write (rows often share a category).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal void ApplyBlock(uint[] keys, int stride, ulong[] masks)
        {
            int[] keyIndex = KeyIndex, keyCount = KeyCount, firstSlot = FirstSlot, slotStart = SlotStart;
            if (masks.Length < (LargestTree + 1) * BlockMasks.Lanes) throw new ArgumentException($"{masks.Length} block masks for trees up to {LargestTree}.", nameof(masks));
            ref KeyTest tests = ref MemoryMarshal.GetArrayDataReference(Tests);
            ref ulong lanes = ref MemoryMarshal.GetArrayDataReference(masks);
            for (int e = 0; e < keyIndex.Length; e++)
            {
                int at = keyIndex[e], count = keyCount[e], first = firstSlot[e];
                int s0 = SlotOf(keys[at], count, first), s1 = SlotOf(keys[at + stride], count, first);
                int s2 = SlotOf(keys[at + 2 * stride], count, first), s3 = SlotOf(keys[at + 3 * stride], count, first);
                int s4 = SlotOf(keys[at + 4 * stride], count, first), s5 = SlotOf(keys[at + 5 * stride], count, first);
                int s6 = SlotOf(keys[at + 6 * stride], count, first), s7 = SlotOf(keys[at + 7 * stride], count, first);
                var slots = BlockMasks.CreateSlots(s0, s1, s2, s3, s4, s5, s6, s7);
                BlockMasks.Equal(slots, -1, out uint pending);
                pending = ~pending & 0xFF; // the rows whose key selects a slot
                while (pending != 0)
                {
                    int lane = System.Numerics.BitOperations.TrailingZeroCount(pending);
                    int slot = lane switch { 0 => s0, 1 => s1, 2 => s2, 3 => s3, 4 => s4, 5 => s5, 6 => s6, _ => s7 };
                    var rows = BlockMasks.Equal(slots, slot, out uint same);
                    pending &= ~same;
                    for (int i = slotStart[slot], end = slotStart[slot + 1]; i < end; i++)
                    {
                        ref KeyTest test = ref Unsafe.Add(ref tests, i);
                        BlockMasks.Clear(ref lanes, test.Tree, rows, test.ClearMask);
                    }
                }
            }
        }

        /// <summary>The one-hot slot a key selects: key k in 1..<paramref name="count"/> selects slot first + k − 1; any other key none (−1).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int SlotOf(uint key, int count, int first) => key == 0 || key > (uint)count ? -1 : first + (int)key - 1;
    }
}
#endif
