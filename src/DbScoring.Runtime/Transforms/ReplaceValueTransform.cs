using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Per slot: x equal to the replaced value (a float compare: −0 equals 0) → the slot's value, else x — ONNX's Imputer
    /// with a replaced value other than NaN (imputer.cc compares x == replaced_value), such as scikit-learn's
    /// SimpleImputer(missing_values=0). NaN never equals it and stays NaN, as in ONNX Runtime. Format 1.1, transform 19.
    /// </summary>
    public sealed class ReplaceValueTransform : OneToOneTransform
    {
        private readonly float _replaced;
        private readonly float[] _values;

        /// <summary>Replaces <paramref name="replaced"/> in <paramref name="source"/> by <paramref name="values"/>[slot].</summary>
        public ReplaceValueTransform(int source, int destination, float replaced, float[] values) : base(source, destination)
        {
            if (float.IsNaN(replaced)) throw new System.ArgumentException("NaN is replaced by ReplaceMissing.", nameof(replaced));
            _replaced = replaced;
            _values = values ?? throw new System.ArgumentNullException(nameof(values));
        }

        /// <summary>The value replaced.</summary>
        public float Replaced => _replaced;

        /// <summary>Replacement value per slot.</summary>
        public IReadOnlyList<float> Values => _values;

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.ReplaceValue;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteSingle(_replaced);
            writer.WriteSingleArray(_values);
        }

        internal static ReplaceValueTransform ReadBody(BlobReader reader, int destination)
        {
            int source = reader.ReadInt32();
            float replaced = reader.ReadSingle();
            if (float.IsNaN(replaced)) throw reader.Fail("ReplaceValue replaces NaN (that is ReplaceMissing)");
            return new ReplaceValueTransform(source, destination, replaced, reader.ReadSingleArray("replacement value count"));
        }

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
                f[to + i] = x == _replaced ? _values[i] : x;
            }
        }
    }
}
