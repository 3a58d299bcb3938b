using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>Copies a column of any kind (ML.NET CopyColumns, and a no-op TypeConvert).</summary>
    public sealed class CopyColumnTransform : OneToOneTransform
    {
        private int _length;          // set by Validate
        private ColumnKind _kind;     // set by Validate

        /// <summary>Copies column <paramref name="source"/> into column <paramref name="destination"/>.</summary>
        public CopyColumnTransform(int source, int destination) : base(source, destination)
        {
        }

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.CopyColumn;

        internal override void WriteBody(BlobWriter writer) => writer.WriteInt32(Source);

        internal static CopyColumnTransform ReadBody(BlobReader reader, int destination) =>
            new CopyColumnTransform(reader.ReadInt32(), destination);

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            var source = ColumnCheck.Expect(columns, Source, where, "source");
            var destination = ColumnCheck.Expect(columns, Destination, source.Kind, where, "destination");
            ColumnCheck.Length(destination.Length, source.Length, where, "destination");
            _length = source.Length;
            _kind = source.Kind;
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            switch (_kind)
            {
                case ColumnKind.Float: Array.Copy(frame.Floats, from, frame.Floats, to, _length); break;
                case ColumnKind.Key: Array.Copy(frame.Keys, from, frame.Keys, to, _length); break;
                default: Array.Copy(frame.Texts, from, frame.Texts, to, _length); break;
            }
        }
    }
}
