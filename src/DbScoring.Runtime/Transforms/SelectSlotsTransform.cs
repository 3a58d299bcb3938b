using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Picks slots of a column, in the listed order (a slot may be listed more than once): slot j of the destination is
    /// slot Slots[j] of the source. ONNX's ArrayFeatureExtractor and Gather along the last axis with constant indices,
    /// which exporters put in front of a model to take its columns from one [N, F] input (format 1.1, transform 14).
    /// </summary>
    public sealed class SelectSlotsTransform : Transform
    {
        private readonly int _source;
        private readonly int[] _sources;
        private readonly int[] _slots;
        private ColumnKind _kind;     // set by Validate

        /// <summary>Writes slots <paramref name="slots"/> of column <paramref name="source"/> into <paramref name="destination"/>.</summary>
        public SelectSlotsTransform(int source, int destination, int[] slots) : base(destination)
        {
            _source = source;
            _sources = new[] { source };
            _slots = slots ?? throw new ArgumentNullException(nameof(slots));
        }

        /// <summary>The source column.</summary>
        public int Source => _source;

        /// <summary>Per destination slot, the source slot it copies.</summary>
        public IReadOnlyList<int> Slots => _slots;

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.SelectSlots;

        /// <inheritdoc />
        public override IReadOnlyList<int> Sources => _sources;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(_source);
            writer.WriteInt32Array(_slots);
        }

        internal static SelectSlotsTransform ReadBody(BlobReader reader, int destination) =>
            new SelectSlotsTransform(reader.ReadInt32(), destination, reader.ReadInt32Array("slot count"));

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            var source = ColumnCheck.Expect(columns, _source, where, "source");
            var destination = ColumnCheck.Expect(columns, Destination, source.Kind, where, "destination");
            if (_slots.Length == 0) throw new ModelFormatException($"{where}: no slots to select.");
            ColumnCheck.Length(destination.Length, _slots.Length, where, "destination");
            if (source.Kind == ColumnKind.Key && destination.KeyCount != source.KeyCount)
                throw new ModelFormatException($"{where}: the destination's key count {destination.KeyCount} differs from the source's {source.KeyCount}.");
            for (int j = 0; j < _slots.Length; j++)
                if (_slots[j] < 0 || _slots[j] >= source.Length)
                    throw new ModelFormatException($"{where}: slot {j} selects slot {_slots[j]} of a source of length {source.Length}.");
            _kind = source.Kind;
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            int from = frame.Offsets[_source], to = frame.Offsets[Destination];
            switch (_kind)
            {
                case ColumnKind.Float:
                    for (int j = 0; j < _slots.Length; j++) frame.Floats[to + j] = frame.Floats[from + _slots[j]];
                    break;
                case ColumnKind.Key:
                    for (int j = 0; j < _slots.Length; j++) frame.Keys[to + j] = frame.Keys[from + _slots[j]];
                    break;
                default:
                    for (int j = 0; j < _slots.Length; j++) frame.Texts[to + j] = frame.Texts[from + _slots[j]];
                    break;
            }
        }
    }
}
