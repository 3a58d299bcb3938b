using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Replaces NaN with a per-slot float value (ML.NET ReplaceMissingValues; values are floats, as ML.NET stores
    /// them). Follows ML.NET MissingValueReplacingTransformer.
    /// </summary>
    public sealed class ReplaceMissingTransform : Transform
    {
        private readonly int[] _sources;
        private readonly float[] _values;

        /// <summary>Replaces NaN in <paramref name="source"/> by <paramref name="values"/>[slot].</summary>
        public ReplaceMissingTransform(int source, int destination, float[] values) : base(destination)
        {
            Source = source;
            _sources = new[] { source };
            _values = values;
        }

        /// <summary>The column read.</summary>
        public int Source { get; }

        /// <summary>Replacement value per slot.</summary>
        public IReadOnlyList<float> Values => _values;

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.ReplaceMissing;

        /// <inheritdoc />
        public override IReadOnlyList<int> Sources => _sources;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteSingleArray(_values);
        }

        internal static ReplaceMissingTransform ReadBody(BlobReader reader, int destination) =>
            new ReplaceMissingTransform(reader.ReadInt32(), destination, reader.ReadSingleArray("replacement value count"));

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            var source = ColumnCheck.Expect(columns, Source, ColumnKind.Float, where, "source");
            var destination = ColumnCheck.Expect(columns, Destination, ColumnKind.Float, where, "destination");
            ColumnCheck.Length(destination.Length, source.Length, where, "destination");
            ColumnCheck.Length(_values.Length, source.Length, where, "replacement values");
        }

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
