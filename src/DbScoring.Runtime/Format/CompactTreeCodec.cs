using System;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Runtime.Format
{
    /// <summary>
    /// The compact tree encoding (format 1.3: score function kinds 5 and 6; docs/model-format.md). It stores the same
    /// arrays as a <see cref="RegressionTree"/> in the older encoding (kinds 2 and 3), but children and split features
    /// only as wide as the tree needs (1, 2 or 4 bytes), defaults for missing values only when one is not NaN,
    /// categorical lists only when the tree has a categorical split, and one node count instead of a length per array:
    /// about half the bytes of a boosted ensemble's trees, so about half the SHA-256 and the copying at load. Reading
    /// gives exactly the arrays the tree was written from (a default that is not stored is NaN, as it was); the
    /// ensemble then validates them as it validates trees of the older encoding.
    /// </summary>
    internal static class CompactTreeCodec
    {
        // The layout byte that starts every tree. Persisted — never renumber.
        private const int ChildWidthMask = 0x03;  // bits 0–1, children: 0 = i8, 1 = i16, 2 = i32
        private const int FeatureWidthShift = 2;  // bits 2–3, split features: 0 = u8, 1 = u16, 2 = i32
        private const int WidthMask = 0x03;
        private const int HasDefaults = 0x10;     // bit 4: defaultForMissing f32 × nodes follows; otherwise every default is NaN
        private const int HasCategorical = 0x20;  // bit 5: one categorical list i32[] per node follows; otherwise every list is empty
        private const int KnownBits = 0x3F;

        /// <summary>Bytes an internal node takes at least: two 1-byte children, a 1-byte feature, its f32 threshold and one more f64 leaf.</summary>
        private const int MinimumNodeBytes = 15;

        /// <summary>Bytes a tree takes at least: its node count, its layout byte and one f64 leaf.</summary>
        internal const int MinimumTreeBytes = 13;

        /// <summary>The bits of <see cref="float.NaN"/>: a default with exactly these bits need not be stored.</summary>
        private static uint CanonicalNaN => FloatBits.ToBits(float.NaN);

        /// <summary>Writes one tree (validated: its arrays agree in length).</summary>
        internal static void Write(BlobWriter writer, RegressionTree tree)
        {
            int childCode = Math.Max(WidthCode(tree.Left, signed: true), WidthCode(tree.Right, signed: true));
            int featureCode = WidthCode(tree.SplitFeature, signed: false);
            bool defaults = false;
            foreach (float value in tree.StoredDefaults ?? Array.Empty<float>()) // none stored: every default is NaN
                if (FloatBits.ToBits(value) != CanonicalNaN) { defaults = true; break; }
            bool categorical = tree.HasCategoricalSplit;

            writer.WriteUInt32((uint)tree.NodeCount);
            writer.WriteByte((byte)(childCode | featureCode << FeatureWidthShift | (defaults ? HasDefaults : 0) | (categorical ? HasCategorical : 0)));
            WriteIntegers(writer, tree.Left, childCode);
            WriteIntegers(writer, tree.Right, childCode);
            WriteIntegers(writer, tree.SplitFeature, featureCode);
            foreach (float value in tree.Threshold) writer.WriteSingle(value);
            if (defaults)
                foreach (float value in tree.DefaultForMissing) writer.WriteSingle(value);
            if (categorical)
                foreach (int[] list in tree.CategoricalFeatures) writer.WriteInt32Array(list);
            foreach (double value in tree.LeafValues) writer.WriteDouble(value);
        }

        /// <summary>Reads one tree as <see cref="Write"/> wrote it; every read is bounds-checked, unknown layout bits are refused.</summary>
        internal static RegressionTree Read(BlobReader reader)
        {
            int n = reader.ReadCount(MinimumNodeBytes, "node count");
            int at = reader.Position;
            int layout = reader.ReadByte();
            int childCode = layout & ChildWidthMask, featureCode = (layout >> FeatureWidthShift) & WidthMask;
            if ((layout & ~KnownBits) != 0 || childCode == 3 || featureCode == 3)
                throw reader.Fail($"tree layout byte 0x{layout:X2} is not one this runtime knows (a newer DbScoring may be needed)", at);
            int[] left = reader.ReadIntegers(n, 1 << childCode, signed: true);
            int[] right = reader.ReadIntegers(n, 1 << childCode, signed: true);
            int[] feature = reader.ReadIntegers(n, 1 << featureCode, signed: featureCode == 2);
            float[] threshold = reader.ReadSingles(n);
            float[]? missing = (layout & HasDefaults) != 0 ? reader.ReadSingles(n) : null; // null: every default NaN
            int[][]? categorical = null; // null: no categorical split
            if ((layout & HasCategorical) != 0)
            {
                categorical = new int[n][];
                for (int i = 0; i < n; i++) categorical[i] = reader.ReadInt32Array("categorical feature count");
            }
            double[] leaves = reader.ReadDoubles(n + 1);
            return RegressionTree.Stored(left, right, feature, threshold, missing, categorical, leaves);
        }

        /// <summary>0, 1 or 2: whether every value fits 1, 2 or only 4 bytes (signed, or unsigned when not <paramref name="signed"/>).</summary>
        private static int WidthCode(int[] values, bool signed)
        {
            int min = 0, max = 0;
            foreach (int value in values)
            {
                if (value < min) min = value;
                if (value > max) max = value;
            }
            if (signed)
                return min >= sbyte.MinValue && max <= sbyte.MaxValue ? 0 : min >= short.MinValue && max <= short.MaxValue ? 1 : 2;
            return min < 0 ? 2 : max <= byte.MaxValue ? 0 : max <= ushort.MaxValue ? 1 : 2;
        }

        private static void WriteIntegers(BlobWriter writer, int[] values, int code)
        {
            foreach (int value in values)
            {
                if (code == 0) writer.WriteByte(unchecked((byte)value));
                else if (code == 1) writer.WriteUInt16(unchecked((ushort)value));
                else writer.WriteInt32(value);
            }
        }
    }
}
