using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Maps text to a key by exact ordinal match against a vocabulary (ML.NET ValueToKeyMapping; vocabulary in
    /// ML.NET's order, first seen first). Key i+1 for vocabulary[i]; missing, empty or unseen text gives key 0.
    /// </summary>
    public sealed class ValueToKeyTransform : OneToOneTransform
    {
        private readonly string[] _vocabulary;
        private readonly VocabularyLookup _keys;           // read-only after construction: safe for concurrent readers
        private int _length;                              // set by Validate

        /// <summary>Maps each slot of text column <paramref name="source"/> to keys of <paramref name="vocabulary"/>.</summary>
        public ValueToKeyTransform(int source, int destination, string[] vocabulary) : base(source, destination)
        {
            _vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
            _keys = new VocabularyLookup(vocabulary);
        }

        /// <summary>The vocabulary; key k stands for Vocabulary[k - 1].</summary>
        public IReadOnlyList<string> Vocabulary => _vocabulary;

        /// <summary>The text → key lookup over the vocabulary.</summary>
        internal VocabularyLookup Lookup => _keys;

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.ValueToKey;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteStringArray(_vocabulary);
        }

        internal static ValueToKeyTransform ReadBody(BlobReader reader, int destination) =>
            new ValueToKeyTransform(reader.ReadInt32(), destination, reader.ReadStringArray("vocabulary size"));

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            int length = ExpectSameLength(columns, where, ColumnKind.Text, ColumnKind.Key);
            ColumnCheck.Length(columns[Destination].KeyCount, _vocabulary.Length, where, "destination key count");
            _length = length;
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _length; i++)
            {
                frame.Keys[to + i] = _keys.Find(frame.Texts[from + i]);
            }
        }
    }
}
