using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// p = logistic(score) in float as ONNX Runtime's ComputeLogistic (ml_common.h): v = 1 / (1 + exp(−|s|)),
    /// s &lt; 0 ? 1 − v : v — the ONNX-ML post transform LOGISTIC of a two-class classifier (format 1.1, empty body).
    /// NaN passes through.
    /// </summary>
    public sealed class LogisticCalibrator : Calibrator
    {
        /// <inheritdoc />
        public override CalibratorKind Kind => CalibratorKind.Logistic;

        /// <inheritdoc />
        public override float Probability(float score) => OnnxMath.Logistic(score);

        internal override void WriteBody(BlobWriter writer)
        {
        }
    }
}
