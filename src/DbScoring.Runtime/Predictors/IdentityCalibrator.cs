using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// p = score: the score already is the probability of the positive class, as in an ONNX-ML tree ensemble whose
    /// leaf weights are class probabilities (a random forest) and which has no post transform (format 1.1, empty body).
    /// </summary>
    public sealed class IdentityCalibrator : Calibrator
    {
        /// <inheritdoc />
        public override CalibratorKind Kind => CalibratorKind.Identity;

        /// <inheritdoc />
        public override float Probability(float score) => score;

        internal override void WriteBody(BlobWriter writer)
        {
        }
    }
}
