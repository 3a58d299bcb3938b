using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Per slot: key k (1..K) → Values[k − 1], key 0 (unseen or missing) → <see cref="Absent"/>. After a ValueToKey or
    /// NumericValueToKey over the same keys this is ONNX's ai.onnx.ml LabelEncoder from text or numbers to numbers
    /// (values_int64s, values_floats; default_int64, default_float). Format 1.1, transform 18.
    /// </summary>
    public sealed class KeyToNumberTransform : OneToOneTransform
    {
        private readonly float[] _values;
        private int _length;   // set by Validate

        /// <summary>Maps the keys of column <paramref name="source"/> to <paramref name="values"/>, key 0 to <paramref name="absent"/>.</summary>
        public KeyToNumberTransform(int source, int destination, float[] values, float absent) : base(source, destination)
        {
            _values = values ?? throw new System.ArgumentNullException(nameof(values));
            Absent = absent;
        }

        /// <summary>Value per key; key k maps to Values[k − 1].</summary>
        public IReadOnlyList<float> Values => _values;

        /// <summary>The value of key 0.</summary>
        public float Absent { get; }

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.KeyToNumber;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteSingleArray(_values);
            writer.WriteSingle(Absent);
        }

        internal static KeyToNumberTransform ReadBody(BlobReader reader, int destination)
        {
            int source = reader.ReadInt32();
            float[] values = reader.ReadSingleArray("value count");
            return new KeyToNumberTransform(source, destination, values, reader.ReadSingle());
        }

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            _length = ExpectSameLength(columns, where, ColumnKind.Key, ColumnKind.Float);
            ColumnCheck.Length(_values.Length, columns[Source].KeyCount, where, "values (one per key of the source)");
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _length; i++)
            {
                uint key = frame.Keys[from + i];
                frame.Floats[to + i] = key == 0u ? Absent : _values[key - 1u];
            }
        }
    }
}
