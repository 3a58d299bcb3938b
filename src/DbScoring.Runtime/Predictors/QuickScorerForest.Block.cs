#if NET
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// The block kernel (.NET 10 only; <see cref="Scorer.PredictBatch"/>): QuickScorer over <see cref="BlockRows"/> rows
    /// at once, one SIMD lane per row (V-QuickScorer, Lucchese et al., SIGIR 2016). Each test is compared with every
    /// row's value in one instruction and clears its left subtree in the lanes whose value exceeds the threshold; a
    /// feature's scan stops at the block's largest value. The leaf sums of the rows run side by side, so the additions
    /// no longer wait on each other. Every row gets exactly the one-row kernel's masks and the same sum in the same tree
    /// order: bit-identical (tested). The one-row kernel stays the only path on .NET Framework (SQL Server).
    /// </summary>
    internal sealed partial class QuickScorerForest
    {
        /// <summary>Rows per block: one 256-bit vector of 64-bit leaf masks.</summary>
        internal const int BlockRows = RowBlock.Rows;

        /// <summary>Whether the block kernel runs in hardware here.</summary>
        internal static bool BlockKernelAvailable => Vector256.IsHardwareAccelerated;

        /// <summary>
        /// Whether <see cref="Scorer.PredictBatch"/> scores forests in blocks. It does not: measured against the one-row
        /// kernel on every tree shape of the benchmark (FastTree and LightGbm with 100 and 500 trees of 20 leaves, multiclass
        /// LightGbm 6 × 100; `DbScoring.Benchmarks --batch`, alternating rounds, 2026-11-30), the block path ran at 0.47–0.71×
        /// one row at a time, and the batch path scoring row by row at 0.98–1.39×. A block of four rows scans each
        /// feature's tests up to the block's largest value, so it applies more tests per row than it saves by comparing four
        /// values at once. The kernel stays, tested bit for bit against the one-row kernel, for a layout that measures faster.
        /// </summary>
        internal static bool BlockKernelSelected => false;

        /// <summary>
        /// <paramref name="sums"/>[r] = Σ leaf values, in tree order, of row r of the block, for r in [0, <see cref="BlockRows"/>).
        /// Row r reads its numbers at values[r · <paramref name="valueStride"/> + <paramref name="valueOffset"/> + source] and its
        /// keys at keys[r · <paramref name="keyStride"/> + index]. <paramref name="masks"/>[t] holds tree t's leaf masks, lane
        /// r for row r (at least <see cref="TreeCount"/> vectors). Every lane is computed; lanes past the caller's last row
        /// hold earlier rows' values and are ignored by it. With <paramref name="floatSum"/> each row's leaves are added
        /// to a float (<see cref="SumFloat"/>), whose value <paramref name="sums"/> then holds exactly.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal void SumBlock(float[] values, int valueStride, int valueOffset, uint[]? keys, int keyStride, bool floatSum,
            Vector256<ulong>[] masks, double[] sums)
        {
            ulong[] initial = Leaves.InitialMasks;
            for (int t = 0; t < initial.Length; t++) masks[t] = Vector256.Create(initial[t]);
            Numbers.ApplyBlock(values, valueStride, valueOffset, masks);
            if (keys != null) Keys.ApplyBlock(keys, keyStride, masks);
            if (floatSum) Leaves.SumBlockFloat(masks, sums);
            else Leaves.SumBlock(masks, sums);
        }
    }

    internal sealed partial class TreeLeaves
    {
        [MethodImpl(HotPath.Options)]
        internal void SumBlock(Vector256<ulong>[] masks, double[] sums)
        {
            int[] leafBase = LeafBase;
            double[] leafValues = LeafValues;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int t = 0; t < leafBase.Length; t++)
            {
                int first = leafBase[t];
                var m = masks[t];
                s0 += leafValues[first + Bits.TrailingZeroCount(m.GetElement(0))];
                s1 += leafValues[first + Bits.TrailingZeroCount(m.GetElement(1))];
                s2 += leafValues[first + Bits.TrailingZeroCount(m.GetElement(2))];
                s3 += leafValues[first + Bits.TrailingZeroCount(m.GetElement(3))];
            }
            sums[0] = s0; sums[1] = s1; sums[2] = s2; sums[3] = s3;
        }

        [MethodImpl(HotPath.Options)]
        internal void SumBlockFloat(Vector256<ulong>[] masks, double[] sums)
        {
            int[] leafBase = LeafBase;
            double[] leafValues = LeafValues;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int t = 0; t < leafBase.Length; t++)
            {
                int first = leafBase[t];
                var m = masks[t];
                s0 += (float)leafValues[first + Bits.TrailingZeroCount(m.GetElement(0))];
                s1 += (float)leafValues[first + Bits.TrailingZeroCount(m.GetElement(1))];
                s2 += (float)leafValues[first + Bits.TrailingZeroCount(m.GetElement(2))];
                s3 += (float)leafValues[first + Bits.TrailingZeroCount(m.GetElement(3))];
            }
            sums[0] = s0; sums[1] = s1; sums[2] = s2; sums[3] = s3;
        }
    }

    internal sealed partial class ThresholdTests
    {
        /// <summary>
        /// Per group: compares each test with the four rows' values (as doubles: every float converts exactly, so the
        /// comparison is the float one) up to the largest value, then applies the missing-value tests of the NaN rows.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal void ApplyBlock(float[] values, int stride, int offset, Vector256<ulong>[] masks)
        {
            int[] source = Source, start = Start;
            float[] scale = Scale;
            ThresholdTest[] tests = Tests;
            for (int g = 0; g < source.Length; g++)
            {
                int at = offset + source[g];
                float s = scale[g];
                float a = values[at] * s, b = values[at + stride] * s, c = values[at + 2 * stride] * s, d = values[at + 3 * stride] * s;
                var row = Vector256.Create((double)a, b, c, d);
                float largest = Largest(Largest(a, b), Largest(c, d)); // NaN only when every row is missing
                for (int i = start[g]; i < tests.Length; i++)
                {
                    ThresholdTest test = tests[i];
                    if (!(test.Threshold < largest)) break; // at the latest on the group's NaN sentinel
                    var fails = Vector256.GreaterThan(row, Vector256.Create((double)test.Threshold)).AsUInt64();
                    masks[test.Tree] = Vector256.AndNot(masks[test.Tree], fails & Vector256.Create(~test.ClearMask));
                }
                if (float.IsNaN(a)) ApplyMissing(g, 0, masks);
                if (float.IsNaN(b)) ApplyMissing(g, 1, masks);
                if (float.IsNaN(c)) ApplyMissing(g, 2, masks);
                if (float.IsNaN(d)) ApplyMissing(g, 3, masks);
            }
        }

        /// <summary>The tests of group <paramref name="group"/> that a missing value fails, applied to lane <paramref name="lane"/>.</summary>
        private void ApplyMissing(int group, int lane, Vector256<ulong>[] masks)
        {
            for (int i = Start[group], end = Start[group + 1]; i < end; i++)
                if (FailsWhenMissing[i]) ClearInLane(masks, Tests[i].Tree, lane, Tests[i].ClearMask);
        }

        /// <summary>The larger of two values, ignoring a NaN unless both are NaN.</summary>
        private static float Largest(float x, float y) => float.IsNaN(x) || y > x ? y : x;

        /// <summary>masks[tree] &amp;= clear in lane <paramref name="lane"/> only.</summary>
        internal static void ClearInLane(Vector256<ulong>[] masks, int tree, int lane, ulong clear)
        {
            var m = masks[tree];
            masks[tree] = m.WithElement(lane, m.GetElement(lane) & clear);
        }
    }

    internal sealed partial class KeyTests
    {
        [MethodImpl(HotPath.Options)]
        internal void ApplyBlock(uint[] keys, int stride, Vector256<ulong>[] masks)
        {
            int[] keyIndex = KeyIndex, keyCount = KeyCount, firstSlot = FirstSlot, slotStart = SlotStart, tree = Tree;
            ulong[] clear = ClearMask;
            for (int lane = 0; lane < QuickScorerForest.BlockRows; lane++)
            {
                for (int e = 0; e < keyIndex.Length; e++)
                {
                    uint key = keys[lane * stride + keyIndex[e]];
                    if (key == 0 || key > (uint)keyCount[e]) continue;
                    int slot = firstSlot[e] + (int)key - 1;
                    for (int i = slotStart[slot], end = slotStart[slot + 1]; i < end; i++)
                        ThresholdTests.ClearInLane(masks, tree[i], lane, clear[i]);
                }
            }
        }
    }
}
#endif
