using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// One-hot encodes keys (ML.NET KeyToVectorMapping). Indicator: slot j·K + key_j − 1 is 1 for each element j of a
    /// key column of n elements (n·K slots); bag: K slots holding counts. Key 0 (missing) sets nothing.
    /// </summary>
    public sealed class KeyToVectorTransform : OneToOneTransform
    {
        private int _elements;   // set by Validate
        private int _keyCount;   // set by Validate

        /// <summary>Encodes key column <paramref name="source"/>; <paramref name="bag"/> sums the elements' indicators.</summary>
        public KeyToVectorTransform(int source, int destination, bool bag) : base(source, destination)
        {
            Bag = bag;
        }

        /// <summary>True: counts in K slots; false: one indicator block per element.</summary>
        public bool Bag { get; }

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.KeyToVector;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteBoolean(Bag);
        }

        internal static KeyToVectorTransform ReadBody(BlobReader reader, int destination) =>
            new KeyToVectorTransform(reader.ReadInt32(), destination, reader.ReadBoolean());

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            var source = ColumnCheck.Expect(columns, Source, ColumnKind.Key, where, "source");
            var destination = ColumnCheck.Expect(columns, Destination, ColumnKind.Float, where, "destination");
            if (source.KeyCount <= 0) throw new ModelFormatException($"{where}: source column '{source.Name}' has no key count.");
            long expected = Bag ? source.KeyCount : (long)source.KeyCount * source.Length;
            ColumnCheck.Length(destination.Length, (int)Math.Min(expected, int.MaxValue), where, "destination");
            _elements = source.Length;
            _keyCount = source.KeyCount;
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            float[] f = frame.Floats;
            int width = Bag ? _keyCount : _keyCount * _elements;
            Array.Clear(f, to, width);
            for (int j = 0; j < _elements; j++)
            {
                uint key = frame.Keys[from + j];
                if (key == 0 || key > (uint)_keyCount) continue;
                int slot = (Bag ? 0 : j * _keyCount) + (int)key - 1;
                f[to + slot] += 1f;
            }
        }
    }
}
