using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Hashes text or float values to keys 1..2^bits (ML.NET HashingTransformer, model version 0x00010003 and later),
    /// key 0 for missing. Follows ML.NET src/Microsoft.ML.Data/Transforms/Hashing.cs.
    /// </summary>
    public sealed class HashTransform : OneToOneTransform
    {
        private readonly uint _mask;
        private int _length;          // set by Validate
        private bool _sourceIsText;   // set by Validate

        /// <summary>Hashes each slot of <paramref name="source"/> with <paramref name="bits"/> bits (1..31).</summary>
        /// <param name="source">Text or float column.</param>
        /// <param name="destination">Key column with key count 2^bits.</param>
        /// <param name="bits">Number of bits kept, 1..31.</param>
        /// <param name="seed">Hash seed.</param>
        /// <param name="ordered">When true, slot j's seed is Round(seed, j), so equal values in different slots differ.</param>
        public HashTransform(int source, int destination, int bits, uint seed, bool ordered) : base(source, destination)
        {
            if (bits < 1 || bits > 31) throw new ModelFormatException($"Hash bit count {bits} is outside 1..31.");
            Bits = bits;
            Seed = seed;
            Ordered = ordered;
            _mask = (1u << bits) - 1;
        }

        /// <summary>Number of hash bits kept.</summary>
        public int Bits { get; }

        /// <summary>Hash seed.</summary>
        public uint Seed { get; }

        /// <summary>Whether the slot index is mixed into the seed.</summary>
        public bool Ordered { get; }

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.Hash;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteInt32(Bits);
            writer.WriteUInt32(Seed);
            writer.WriteBoolean(Ordered);
        }

        internal static HashTransform ReadBody(BlobReader reader, int destination)
        {
            int source = reader.ReadInt32();
            int bits = reader.ReadInt32InRange(1, 31, "hash bit count");
            return new HashTransform(source, destination, bits, reader.ReadUInt32(), reader.ReadBoolean());
        }

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            var source = ColumnCheck.Expect(columns, Source, where, "source");
            if (source.Kind == ColumnKind.Key) throw new ModelFormatException($"{where}: hashing key column '{source.Name}' is not supported.");
            var destination = ColumnCheck.Expect(columns, Destination, ColumnKind.Key, where, "destination");
            ColumnCheck.Length(destination.Length, source.Length, where, "destination");
            ColumnCheck.Length(destination.KeyCount, 1 << Bits, where, "destination key count");
            _length = source.Length;
            _sourceIsText = source.Kind == ColumnKind.Text;
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int j = 0; j < _length; j++)
            {
                uint seed = Ordered ? MurmurHash.Round(Seed, (uint)j) : Seed;
                frame.Keys[to + j] = _sourceIsText ? HashText(seed, frame.Texts[from + j]) : HashFloat(seed, frame.Floats[from + j]);
            }
        }

        private uint HashText(uint seed, string? text)
        {
            // Empty (or missing) is tested before trimming; then only U+0020 is trimmed, at both ends.
            if (string.IsNullOrEmpty(text)) return 0;
            int start = 0, end = text!.Length;
            while (start < end && text[start] == ' ') start++;
            while (end > start && text[end - 1] == ' ') end--;
            return (MurmurHash.HashText(seed, text, start, end - start) & _mask) + 1;
        }

        private uint HashFloat(uint seed, float value) =>
            float.IsNaN(value) ? 0 : (MurmurHash.HashSingle(seed, value) & _mask) + 1;
    }
}
