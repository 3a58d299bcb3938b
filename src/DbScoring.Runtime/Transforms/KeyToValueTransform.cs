using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>Maps keys back to their text values (ML.NET KeyToValueMapping); key 0 gives missing (null).</summary>
    public sealed class KeyToValueTransform : OneToOneTransform
    {
        private readonly string[] _values;
        private int _length; // set by Validate

        /// <summary>Maps key k of <paramref name="source"/> to <paramref name="values"/>[k − 1].</summary>
        public KeyToValueTransform(int source, int destination, string[] values) : base(source, destination)
        {
            _values = values ?? throw new ArgumentNullException(nameof(values));
        }

        /// <summary>Value of each key, key k at index k − 1.</summary>
        public IReadOnlyList<string> Values => _values;

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.KeyToValue;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteStringArray(_values);
        }

        internal static KeyToValueTransform ReadBody(BlobReader reader, int destination) =>
            new KeyToValueTransform(reader.ReadInt32(), destination, reader.ReadStringArray("key value count"));

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            int length = ExpectSameLength(columns, where, ColumnKind.Key, ColumnKind.Text);
            _length = length;
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _length; i++)
            {
                uint key = frame.Keys[from + i];
                frame.Texts[to + i] = key >= 1 && key <= (uint)_values.Length ? _values[key - 1] : null;
            }
        }
    }
}
