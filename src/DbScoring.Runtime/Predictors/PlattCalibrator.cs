using System;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// p = 1 / (1 + exp(slope · score + offset)) in double, returned as float; NaN passes through.
    /// Follows ML.NET PlattCalibrator (src/Microsoft.ML.Data/Prediction/Calibrator.cs).
    /// </summary>
    public sealed class PlattCalibrator : Calibrator
    {
        /// <summary>Creates the calibrator.</summary>
        public PlattCalibrator(double slope, double offset)
        {
            Slope = slope;
            Offset = offset;
        }

        /// <summary>Multiplies the score (negative for an increasing probability).</summary>
        public double Slope { get; }

        /// <summary>Added after the slope.</summary>
        public double Offset { get; }

        /// <inheritdoc />
        public override CalibratorKind Kind => CalibratorKind.Platt;

        /// <inheritdoc />
        public override float Probability(float score) =>
            float.IsNaN(score) ? float.NaN : (float)(1 / (1 + Math.Exp(Slope * score + Offset)));

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteDouble(Slope);
            writer.WriteDouble(Offset);
        }

        internal static PlattCalibrator ReadBody(BlobReader reader) => new PlattCalibrator(reader.ReadDouble(), reader.ReadDouble());
    }
}
