using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>The norm an <see cref="LpNormalizeTransform"/> divides a row by. Persisted — never renumber.</summary>
    public enum LpNorm : byte
    {
        /// <summary>The largest slot.</summary>
        Max = 0,
        /// <summary>The sum of absolute values.</summary>
        L1 = 1,
        /// <summary>The square root of the sum of squares (applied per slot as ±√(x² / Σ x²)).</summary>
        L2 = 2,
    }

    /// <summary>
    /// Divides each row of a float column by its norm, in ONNX Runtime's float arithmetic and order of operations
    /// (onnxruntime/core/providers/cpu/ml/normalizer.cc, the ai.onnx.ml Normalizer):
    /// <list type="bullet">
    /// <item>MAX: m starts at −float.MaxValue and becomes each slot that is larger (NaN never is); y = x / m.</item>
    /// <item>L1: s = Σ |x| added slot by slot in float; y = x / s.</item>
    /// <item>L2: q = x · x in float per slot, s = Σ q slot by slot in float; y = √(q / s) in float, negated where x &lt; 0 —
    /// not x / √s, which rounds differently.</item>
    /// </list>
    /// A norm of exactly 0 leaves the row as it is. Every output slot depends on every slot of its row, so for
    /// explanations a slot is attributed to all the inputs of the row. Format 1.1, transform 15.
    /// </summary>
    public sealed class LpNormalizeTransform : Transform
    {
        private readonly int _source;
        private readonly int[] _sources;
        private int _length;   // set by Validate

        /// <summary>Normalizes the rows of float column <paramref name="source"/> by <paramref name="norm"/>.</summary>
        public LpNormalizeTransform(int source, int destination, LpNorm norm) : base(destination)
        {
            if (norm != LpNorm.Max && norm != LpNorm.L1 && norm != LpNorm.L2)
                throw new ModelFormatException($"Unknown norm {(byte)norm}; this runtime supports 0 (MAX), 1 (L1) and 2 (L2) (a newer DbScoring may be needed).");
            _source = source;
            _sources = new[] { source };
            Norm = norm;
        }

        /// <summary>The column read.</summary>
        public int Source => _source;

        /// <summary>The norm.</summary>
        public LpNorm Norm { get; }

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.LpNormalize;

        /// <inheritdoc />
        public override IReadOnlyList<int> Sources => _sources;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(_source);
            writer.WriteByte((byte)Norm);
        }

        internal static LpNormalizeTransform ReadBody(BlobReader reader, int destination)
        {
            int source = reader.ReadInt32();
            byte norm = reader.ReadByte();
            if (norm > (byte)LpNorm.L2) throw reader.Fail($"unknown norm {norm}; this runtime supports 0..2 (a newer DbScoring may be needed)");
            return new LpNormalizeTransform(source, destination, (LpNorm)norm);
        }

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            var source = ColumnCheck.Expect(columns, _source, ColumnKind.Float, where, "source");
            var destination = ColumnCheck.Expect(columns, Destination, ColumnKind.Float, where, "destination");
            ColumnCheck.Length(destination.Length, source.Length, where, "destination");
            _length = source.Length;
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            float[] f = frame.Floats;
            int from = frame.Offsets[_source], to = frame.Offsets[Destination];
            float norm;
            switch (Norm)
            {
                case LpNorm.Max:
                    norm = -float.MaxValue;
                    for (int i = 0; i < _length; i++)
                        if (norm < f[from + i]) norm = f[from + i];   // std::max(norm, x): NaN never replaces it
                    break;
                case LpNorm.L1:
                    norm = 0f;
                    for (int i = 0; i < _length; i++) norm = (float)(norm + Math.Abs(f[from + i]));
                    break;
                default:
                    norm = 0f;
                    for (int i = 0; i < _length; i++)
                    {
                        float square = (float)(f[from + i] * f[from + i]);
                        f[to + i] = square;
                        norm = (float)(norm + square);
                    }
                    break;
            }
            if (norm == 0f)
            {
                Array.Copy(f, from, f, to, _length);
                return;
            }
            if (Norm != LpNorm.L2)
            {
                for (int i = 0; i < _length; i++) f[to + i] = (float)(f[from + i] / norm);
                return;
            }
            for (int i = 0; i < _length; i++)
            {
                // √ of a float through double is the correctly rounded float square root (as std::sqrt(float)).
                float root = (float)Math.Sqrt((float)(f[to + i] / norm));
                f[to + i] = f[from + i] < 0f ? -root : root;
            }
        }
    }
}
