using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Replaces NaN with a per-slot float value (ML.NET ReplaceMissingValues; values are floats, as ML.NET stores
    /// them). Follows ML.NET MissingValueReplacingTransformer.
    /// </summary>
    public sealed class ReplaceMissingTransform : OneToOneTransform
    {
        private readonly float[] _values;

        /// <summary>Replaces NaN in <paramref name="source"/> by <paramref name="values"/>[slot].</summary>
        public ReplaceMissingTransform(int source, int destination, float[] values) : base(source, destination)
        {
            _values = values;
        }

        /// <summary>Replacement value per slot.</summary>
        public IReadOnlyList<float> Values => _values;

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.ReplaceMissing;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteSingleArray(_values);
        }

        internal static ReplaceMissingTransform ReadBody(BlobReader reader, int destination) =>
            new ReplaceMissingTransform(reader.ReadInt32(), destination, reader.ReadSingleArray("replacement value count"));

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            int length = ExpectSameLength(columns, where, ColumnKind.Float, ColumnKind.Float);
            ColumnCheck.Length(_values.Length, length, where, "replacement values");
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            float[] f = frame.Floats;
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _values.Length; i++)
            {
                float x = f[from + i];
                f[to + i] = float.IsNaN(x) ? _values[i] : x;
            }
        }
    }
}
