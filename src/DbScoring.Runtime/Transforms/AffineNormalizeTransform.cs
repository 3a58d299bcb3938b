using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Per-slot affine normalization in float: (x − offset) · scale, no clipping; NaN and ±∞ pass through the
    /// arithmetic. Covers ML.NET NormalizeMinMax and NormalizeMeanVariance without CDF (fixZero gives offset 0).
    /// Follows ML.NET src/Microsoft.ML.Data/Transforms/NormalizeColumnSng.cs (AffineColumnFunction).
    /// </summary>
    public sealed class AffineNormalizeTransform : OneToOneTransform
    {
        private readonly float[] _scale;
        private readonly float[] _offset;

        /// <summary>Normalizes <paramref name="source"/> with one scale and offset per slot.</summary>
        public AffineNormalizeTransform(int source, int destination, float[] scale, float[] offset) : base(source, destination)
        {
            _scale = scale;
            _offset = offset;
        }

        /// <summary>Scale per slot.</summary>
        public IReadOnlyList<float> Scale => _scale;

        /// <summary>Offset per slot (subtracted before scaling).</summary>
        public IReadOnlyList<float> Offset => _offset;

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.AffineNormalize;

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
            int length = ExpectSameLength(columns, where, ColumnKind.Float, ColumnKind.Float);
            ColumnCheck.Length(_scale.Length, length, where, "scales");
            ColumnCheck.Length(_offset.Length, length, where, "offsets");
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            float[] f = frame.Floats;
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _scale.Length; i++)
                f[to + i] = (f[from + i] - _offset[i]) * _scale[i];
        }
    }
}
