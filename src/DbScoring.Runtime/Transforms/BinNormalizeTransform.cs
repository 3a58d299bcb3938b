using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Per-slot binning normalization (ML.NET NormalizeBinning): idx = first i in [0, count − 1) with
    /// upperBounds[i] ≥ x, else count − 1; output idx / density − offset in float; NaN passes through.
    /// Follows ML.NET src/Microsoft.ML.Data/Transforms/NormalizeColumnSng.cs (BinColumnFunction).
    /// </summary>
    public sealed class BinNormalizeTransform : Transform
    {
        private readonly int[] _sources;
        private readonly float[][] _upperBounds;
        private readonly float[] _density;
        private readonly float[] _offset;

        /// <summary>Bins each slot of <paramref name="source"/> by its sorted upper bounds (the last is +∞).</summary>
        public BinNormalizeTransform(int source, int destination, float[][] upperBounds, float[] density, float[] offset) : base(destination)
        {
            Source = source;
            _sources = new[] { source };
            _upperBounds = upperBounds;
            _density = density;
            _offset = offset;
        }

        /// <summary>The float column read.</summary>
        public int Source { get; }

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.BinNormalize;

        /// <inheritdoc />
        public override IReadOnlyList<int> Sources => _sources;

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
            var source = ColumnCheck.Expect(columns, Source, ColumnKind.Float, where, "source");
            var destination = ColumnCheck.Expect(columns, Destination, ColumnKind.Float, where, "destination");
            ColumnCheck.Length(destination.Length, source.Length, where, "destination");
            ColumnCheck.Length(_upperBounds.Length, source.Length, where, "upper bounds");
            ColumnCheck.Length(_density.Length, source.Length, where, "densities");
            ColumnCheck.Length(_offset.Length, source.Length, where, "offsets");
        }

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
