using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Per slot: x / divisor in float — ONNX's Div by a constant. A true division (IEEE-754 rounds it once, as ONNX
    /// Runtime's float division does), not a multiplication by the reciprocal, which rounds twice and differs for most
    /// divisors. Format 1.1, transform 17.
    /// </summary>
    public sealed class DivideTransform : OneToOneTransform
    {
        private readonly float[] _divisors;

        /// <summary>Divides each slot of float column <paramref name="source"/> by its divisor.</summary>
        public DivideTransform(int source, int destination, float[] divisors) : base(source, destination)
        {
            _divisors = divisors ?? throw new System.ArgumentNullException(nameof(divisors));
        }

        /// <summary>Divisor per slot.</summary>
        public IReadOnlyList<float> Divisors => _divisors;

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.Divide;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteSingleArray(_divisors);
        }

        internal static DivideTransform ReadBody(BlobReader reader, int destination) =>
            new DivideTransform(reader.ReadInt32(), destination, reader.ReadSingleArray("divisor count"));

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            int length = ExpectSameLength(columns, where, ColumnKind.Float, ColumnKind.Float);
            ColumnCheck.Length(_divisors.Length, length, where, "divisors");
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            float[] f = frame.Floats;
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _divisors.Length; i++) f[to + i] = (float)(f[from + i] / _divisors[i]);
        }
    }
}
