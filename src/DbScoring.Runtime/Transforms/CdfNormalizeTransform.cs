using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// Per-slot CDF normalization (ML.NET NormalizeLogMeanVariance, NormalizeMeanVariance with useCdf): the normal
    /// CDF of (v − mean) / std through Winitzki's erf approximation (a = 0.147), with ML.NET's exact mix of float and
    /// double arithmetic. Non-finite v (NaN, ±∞, log of x ≤ 0) gives 0. Follows ML.NET
    /// src/Microsoft.ML.Data/Transforms/NormalizeColumnSng.cs (CdfColumnFunction) and NormalizeColumn.cs.
    /// </summary>
    public sealed class CdfNormalizeTransform : OneToOneTransform
    {
        private readonly float[] _mean;
        private readonly float[] _stdDev;

        /// <summary>Normalizes <paramref name="source"/> by per-slot mean and population standard deviation.</summary>
        public CdfNormalizeTransform(int source, int destination, float[] mean, float[] stdDev, bool useLog) : base(source, destination)
        {
            _mean = mean;
            _stdDev = stdDev;
            UseLog = useLog;
        }

        /// <summary>Whether values are log-transformed before standardizing.</summary>
        public bool UseLog { get; }

        /// <inheritdoc />
        public override TransformKind Kind => TransformKind.CdfNormalize;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteInt32(Source);
            writer.WriteSingleArray(_mean);
            writer.WriteSingleArray(_stdDev);
            writer.WriteBoolean(UseLog);
        }

        internal static CdfNormalizeTransform ReadBody(BlobReader reader, int destination) =>
            new CdfNormalizeTransform(reader.ReadInt32(), destination, reader.ReadSingleArray("mean count"),
                reader.ReadSingleArray("standard deviation count"), reader.ReadBoolean());

        internal override void Validate(IReadOnlyList<ColumnDefinition> columns, string where)
        {
            int length = ExpectSameLength(columns, where, ColumnKind.Float, ColumnKind.Float);
            ColumnCheck.Length(_mean.Length, length, where, "means");
            ColumnCheck.Length(_stdDev.Length, length, where, "standard deviations");
            for (int i = 0; i < _mean.Length; i++)
                if (float.IsNaN(_mean[i]) || float.IsNaN(_stdDev[i]))
                    throw new ModelFormatException($"{where}: slot {i} has mean {_mean[i]} and standard deviation {_stdDev[i]}; NaN is not allowed.");
        }

        [MethodImpl(HotPath.Options)]
        internal override void Apply(Frame frame)
        {
            float[] f = frame.Floats;
            int from = frame.Offsets[Source], to = frame.Offsets[Destination];
            for (int i = 0; i < _mean.Length; i++)
                f[to + i] = Cdf(f[from + i], _mean[i], _stdDev[i], UseLog);
        }

        internal static float Cdf(float x, float mean, float stdDev, bool useLog)
        {
            if (stdDev <= float.Epsilon) return 0f;
            float v = useLog ? (float)Math.Log(x) : x;
            if (float.IsNaN(v) || float.IsInfinity(v)) return 0f;
            float z = (v - mean) / stdDev;
            float x2 = z * z / 2;
            float ax2 = 0.147f * x2;
            float den = 1f + ax2;
            double t = -(double)x2 * (4 / Math.PI + (double)ax2) / (double)den;
            double r = 0.5 + 0.5 * Math.Sign(z) * Math.Sqrt(1 - Math.Exp(t));
            return (float)r;
        }
    }
}
