using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Per slot: 1 when x &gt; threshold, else 0 (ONNX's ai.onnx.ml Binarizer, onnxruntime/core/providers/cpu/ml/binarizer.cc).
    /// A missing value (NaN) stays missing: ONNX Runtime refuses to score such a row, and DbScoring passes the missing
    /// value on to the predictor's own missing-value rule rather than invent 0 or 1. Format 1.1, transform 16.
    /// </summary>
    public sealed class BinarizeTransform : OneToOneTransform
    {
        private int _length;   // set by Validate

        /// <summary>Binarizes float column <paramref name="source"/> at <paramref name="threshold"/>.</summary>
        public BinarizeTransform(int source, int destination, float threshold) : base(source, destination)
        {
            Threshold = threshold;
        }

        /// <summary>Values greater than it become 1.</summary>
        public float Threshold { get; }

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.Binarize;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteSingle(Threshold);
        }

        internal static BinarizeTransform ReadBody(BlobReader reader, int destination) =>
            new BinarizeTransform(reader.ReadInt32(), destination, reader.ReadSingle());

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where) =>
            _length = ExpectSameLength(columns, where, ColumnKind.Float, ColumnKind.Float);

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            float[] f = frame.Floats;
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _length; i++)
            {
                float x = f[from + i];
                f[to + i] = float.IsNaN(x) ? float.NaN : x > Threshold ? 1f : 0f;
            }
        }
    }
}
