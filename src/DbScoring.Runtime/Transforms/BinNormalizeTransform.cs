using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Per-slot binning normalization (ML.NET NormalizeBinning): idx = first i in [0, count − 1) with
    /// upperBounds[i] ≥ x, else count − 1; output idx / density − offset in float; NaN passes through.
    /// Follows ML.NET src/Microsoft.ML.Data/Transforms/NormalizeColumnSng.cs (BinColumnFunction).
    /// </summary>
    public sealed class BinNormalizeTransform : OneToOneTransform
    {
        private readonly float[][] _upperBounds;
        private readonly float[] _density;
        private readonly float[] _offset;

        /// <summary>Bins each slot of <paramref name="source"/> by its sorted upper bounds (the last is +∞).</summary>
        public BinNormalizeTransform(int source, int destination, float[][] upperBounds, float[] density, float[] offset) : base(source, destination)
        {
            _upperBounds = upperBounds;
            _density = density;
            _offset = offset;
        }

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.BinNormalize;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteInt32(_upperBounds.Length);
            foreach (float[] bounds in _upperBounds) writer.WriteSingleArray(bounds);
            writer.WriteSingleArray(_density);
            writer.WriteSingleArray(_offset);
        }

        internal static BinNormalizeTransform ReadBody(BlobReader reader, int destination)
        {
            int source = reader.ReadInt32();
            var bounds = new float[reader.ReadCount(4, "slot count")][];
            for (int i = 0; i < bounds.Length; i++)
            {
                bounds[i] = reader.ReadSingleArray("upper bound count");
                if (bounds[i].Length == 0) throw reader.Fail($"slot {i} has no upper bounds");
            }
            return new BinNormalizeTransform(source, destination, bounds, reader.ReadSingleArray("density count"), reader.ReadSingleArray("offset count"));
        }

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            int length = ExpectSameLength(columns, where, ColumnKind.Float, ColumnKind.Float);
            ColumnCheck.Length(_upperBounds.Length, length, where, "upper bounds");
            ColumnCheck.Length(_density.Length, length, where, "densities");
            ColumnCheck.Length(_offset.Length, length, where, "offsets");
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            float[] f = frame.Floats;
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int s = 0; s < _upperBounds.Length; s++)
            {
                float x = f[from + s];
                f[to + s] = float.IsNaN(x) ? x : BinIndex(_upperBounds[s], x) / _density[s] - _offset[s];
            }
        }

        private static int BinIndex(float[] bounds, float x)
        {
            int last = bounds.Length - 1;
            for (int i = 0; i < last; i++)
                if (bounds[i] >= x) return i;
            return last;
        }
    }
}
