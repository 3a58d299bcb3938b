using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>Concatenates columns of one kind, in the listed order (ML.NET ColumnConcatenatingTransformer).</summary>
    public sealed class ConcatenateTransform : Transform
    {
        private readonly int[] _sources;
        private int[] _lengths = Array.Empty<int>(); // set by Validate
        private ColumnKind _kind;                     // set by Validate

        /// <summary>Concatenates <paramref name="sources"/> into <paramref name="destination"/>.</summary>
        public ConcatenateTransform(int[] sources, int destination) : base(destination)
        {
            _sources = sources ?? throw new ArgumentNullException(nameof(sources));
        }

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.Concatenate;

        /// <inheritdoc />
        public override IReadOnlyList<int> Sources => _sources;

        internal override void WriteBody(BlobWriter writer) => writer.WriteInt32Array(_sources);

        internal static ConcatenateTransform ReadBody(BlobReader reader, int destination) =>
            new ConcatenateTransform(reader.ReadInt32Array("source count"), destination);

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            if (_sources.Length == 0) throw new ModelFormatException($"{where}: no source columns.");
            var destination = ColumnCheck.Expect(columns, Destination, where, "destination");
            long total = 0;
            _lengths = new int[_sources.Length];
            for (int i = 0; i < _sources.Length; i++)
            {
                var source = ColumnCheck.Expect(columns, _sources[i], destination.Kind, where, "source");
                _lengths[i] = source.Length;
                total += source.Length;
            }
            ColumnCheck.Length(destination.Length, (int)Math.Min(total, int.MaxValue), where, "destination");
            _kind = destination.Kind;
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            int to = frame.Offsets[Destination];
            for (int i = 0; i < _sources.Length; i++)
            {
                int from = frame.Offsets[_sources[i]], length = _lengths[i];
                switch (_kind)
                {
                    case ColumnKind.Float:
                        if (length == 1) frame.Floats[to] = frame.Floats[from];
                        else Array.Copy(frame.Floats, from, frame.Floats, to, length);
                        break;
                    case ColumnKind.Key: Array.Copy(frame.Keys, from, frame.Keys, to, length); break;
                    default: Array.Copy(frame.Texts, from, frame.Texts, to, length); break;
                }
                to += length;
            }
        }
    }
}
