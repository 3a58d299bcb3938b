using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// Binned calibration: bin = (int)((score − min) / binSize) in float, clamped to the bins; NaN passes through.
    /// Follows ML.NET NaiveCalibrator (src/Microsoft.ML.Data/Prediction/Calibrator.cs). Out-of-range quotients
    /// saturate like .NET 9+'s float-to-int cast (ML.NET 5 on .NET 10), on every host including .NET Framework.
    /// </summary>
    public sealed class NaiveCalibrator : Calibrator
    {
        private readonly float[] _binProbabilities;

        /// <summary>Creates the calibrator.</summary>
        public NaiveCalibrator(float binSize, float min, float[] binProbabilities)
        {
            BinSize = binSize;
            Min = min;
            _binProbabilities = binProbabilities ?? throw new ArgumentNullException(nameof(binProbabilities));
        }

        /// <summary>Width of each bin on the score axis.</summary>
        public float BinSize { get; }

        /// <summary>Lower edge of bin 0.</summary>
        public float Min { get; }

        /// <summary>Probability of each bin.</summary>
        public IReadOnlyList<float> BinProbabilities => _binProbabilities;

        /// <inheritdoc />
        public override CalibratorKind Kind => CalibratorKind.Naive;

        /// <inheritdoc />
        public override float Probability(float score)
        {
            if (float.IsNaN(score)) return score;
            float quotient = (score - Min) / BinSize;
            int bin = float.IsNaN(quotient) ? 0 : quotient >= int.MaxValue ? int.MaxValue : quotient <= int.MinValue ? int.MinValue : (int)quotient;
            if (bin >= _binProbabilities.Length) bin = _binProbabilities.Length - 1;
            if (bin < 0) bin = 0;
            return _binProbabilities[bin];
        }

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteSingle(BinSize);
            writer.WriteSingle(Min);
            writer.WriteSingleArray(_binProbabilities);
        }

        internal static NaiveCalibrator ReadBody(BlobReader reader)
        {
            float binSize = reader.ReadSingle(), min = reader.ReadSingle();
            float[] bins = reader.ReadSingleArray("bin count");
            if (bins.Length == 0) throw reader.Fail("a naive calibrator needs at least one bin");
            return new NaiveCalibrator(binSize, min, bins);
        }
    }
}
