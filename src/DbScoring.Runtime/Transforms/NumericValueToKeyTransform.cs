using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Maps numbers to keys by exact value against a vocabulary (ML.NET ValueToKeyMapping over a Single column, e.g.
    /// one-hot encoding of a numeric code). Key i+1 for vocabulary[i]; −0 equals 0; NaN and unseen values give key 0.
    /// Follows ML.NET src/Microsoft.ML.Data/Transforms/ValueToKeyMappingTransformerImpl.cs (HashArray lookup).
    /// </summary>
    public sealed class NumericValueToKeyTransform : OneToOneTransform
    {
        private readonly float[] _vocabulary;
        private readonly Dictionary<float, uint> _keys; // read-only after construction: safe for concurrent readers
        private int _length;                            // set by Validate

        /// <summary>Maps each slot of float column <paramref name="source"/> to keys of <paramref name="vocabulary"/>.</summary>
        public NumericValueToKeyTransform(int source, int destination, float[] vocabulary) : base(source, destination)
        {
            _vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
            _keys = new Dictionary<float, uint>(vocabulary.Length);
            for (int i = 0; i < vocabulary.Length; i++)
            {
                float value = vocabulary[i] == 0f ? 0f : vocabulary[i]; // −0 and 0 are one value
                if (float.IsNaN(value) || _keys.ContainsKey(value))
                    throw new ModelFormatException($"Numeric ValueToKey vocabulary entry {i} ({vocabulary[i]}) is NaN or listed twice.");
                _keys.Add(value, (uint)(i + 1));
            }
        }

        /// <summary>The vocabulary; key k stands for Vocabulary[k − 1].</summary>
        public IReadOnlyList<float> Vocabulary => _vocabulary;

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.NumericValueToKey;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteSingleArray(_vocabulary);
        }

        internal static NumericValueToKeyTransform ReadBody(BlobReader reader, int destination) =>
            new NumericValueToKeyTransform(reader.ReadInt32(), destination, reader.ReadSingleArray("vocabulary size"));

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            int length = ExpectSameLength(columns, where, ColumnKind.Float, ColumnKind.Key);
            ColumnCheck.Length(columns[Destination].KeyCount, _vocabulary.Length, where, "destination key count");
            _length = length;
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _length; i++)
            {
                float value = frame.Floats[from + i];
                if (value == 0f) value = 0f;
                frame.Keys[to + i] = !float.IsNaN(value) && _keys.TryGetValue(value, out uint key) ? key : 0u;
            }
        }
    }
}
