using System;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// ONNX-ML post transforms as ONNX Runtime computes them, in float (onnxruntime
    /// core/providers/cpu/ml/ml_common.h: ComputeLogistic, ComputeSoftmax, ComputeSoftmaxZero, ComputeProbit, ErfInv).
    /// exp is taken in double and rounded to float, which net48 allows; it differs from C's expf by at most one ulp.
    /// </summary>
    internal static class OnnxMath
    {
        private const float Sqrt2 = 1.41421356f;
        private const float Pi = 3.14159265f;

        /// <summary>ComputeLogistic: v = 1 / (1 + exp(−|x|)); x &lt; 0 ? 1 − v : v.</summary>
        internal static float Logistic(float x)
        {
            float v = 1f / (1f + Exp(-Math.Abs(x)));
            return x < 0 ? 1f - v : v;
        }

        /// <summary>ComputeProbit: √2 · ErfInv(2x − 1), with ONNX Runtime's closed-form ErfInv approximation (a = 0.147).</summary>
        internal static float Probit(float x) => Sqrt2 * ErfInv(2f * x - 1f);

        private static float ErfInv(float x)
        {
            float sign = x < 0 ? -1f : 1f;
            x = (1f - x) * (1f + x);
            float log = (float)Math.Log(x);
            float v = 2f / (Pi * 0.147f) + 0.5f * log;
            float v2 = 1f / 0.147f * log;
            float v3 = -v + (float)Math.Sqrt(v * v - v2);
            return sign * (float)Math.Sqrt(v3);
        }

        /// <summary>ComputeSoftmax in place: exp(v − max) in float, divided by their float sum.</summary>
        internal static void Softmax(float[] values)
        {
            float max = -float.MaxValue;
            for (int i = 0; i < values.Length; i++)
                if (values[i] > max) max = values[i];
            float sum = 0f;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Exp(values[i] - max);
                sum += values[i];
            }
            for (int i = 0; i < values.Length; i++) values[i] /= sum;
        }

        /// <summary>ComputeSoftmaxZero in place: as softmax, but values within ±1e-7 of zero stay (v · exp(−max)), outside the sum.</summary>
        internal static void SoftmaxZero(float[] values)
        {
            float max = -float.MaxValue;
            for (int i = 0; i < values.Length; i++)
                if (values[i] > max) max = values[i];
            float expNegMax = Exp(-max);
            float sum = 0f;
            for (int i = 0; i < values.Length; i++)
            {
                float v = values[i];
                if (v > 0.0000001f || v < -0.0000001f)
                {
                    values[i] = Exp(v - max);
                    sum += values[i];
                }
                else values[i] = v * expNegMax;
            }
            for (int i = 0; i < values.Length; i++) values[i] /= sum;
        }

        private static float Exp(float x) => (float)Math.Exp(x);
    }
}
