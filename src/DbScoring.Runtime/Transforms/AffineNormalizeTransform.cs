using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Per-slot affine normalization in float: (x − offset) · scale, no clipping; NaN and ±∞ pass through the
    /// arithmetic. Covers ML.NET NormalizeMinMax and NormalizeMeanVariance without CDF (fixZero gives offset 0).
    /// Follows ML.NET src/Microsoft.ML.Data/Transforms/NormalizeColumnSng.cs (AffineColumnFunction).
    /// </summary>
    public sealed class AffineNormalizeTransform : Transform
    {
        private readonly int[] _sources;
        private readonly float[] _scale;
        private readonly float[] _offset;

        /// <summary>Normalizes <paramref name="source"/> with one scale and offset per slot.</summary>
        public AffineNormalizeTransform(int source, int destination, float[] scale, float[] offset) : base(destination)
        {
            Source = source;
            _sources = new[] { source };
            _scale = scale;
            _offset = offset;
        }

        /// <summary>The float column read.</summary>
        public int Source { get; }

        /// <summary>Scale per slot.</summary>
        public IReadOnlyList<float> Scale => _scale;

        /// <summary>Offset per slot (subtracted before scaling).</summary>
        public IReadOnlyList<float> Offset => _offset;

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.AffineNormalize;

        /// <inheritdoc />
        public override IReadOnlyList<int> Sources => _sources;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteSingleArray(_scale);
            writer.WriteSingleArray(_offset);
        }

        internal static AffineNormalizeTransform ReadBody(BlobReader reader, int destination) =>
            new AffineNormalizeTransform(reader.ReadInt32(), destination, reader.ReadSingleArray("scale count"), reader.ReadSingleArray("offset count"));

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            var source = ColumnCheck.Expect(columns, Source, ColumnKind.Float, where, "source");
            var destination = ColumnCheck.Expect(columns, Destination, ColumnKind.Float, where, "destination");
            ColumnCheck.Length(destination.Length, source.Length, where, "destination");
            ColumnCheck.Length(_scale.Length, source.Length, where, "scales");
            ColumnCheck.Length(_offset.Length, source.Length, where, "offsets");
        }

        internal override void Apply(Frame frame)
        {
            float[] f = frame.Floats;
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _scale.Length; i++)
                f[to + i] = (f[from + i] - _offset[i]) * _scale[i];
        }
    }
}
