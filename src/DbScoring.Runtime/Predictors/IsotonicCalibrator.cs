using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// Piecewise-constant isotonic (PAV) calibration with linear interpolation between blocks, clamped to
    /// [1e-15, 1 − 1e-15] in float; NaN passes through. Follows ML.NET IsotonicCalibrator
    /// (src/Microsoft.ML.Data/Prediction/Calibrator.cs).
    /// </summary>
    public sealed class IsotonicCalibrator : Calibrator
    {
        private const float MinToReturn = 1e-15f;
        private const float MaxToReturn = 1 - 1e-15f;
        private readonly float[] _mins;
        private readonly float[] _maxes;
        private readonly float[] _values;

        /// <summary>Creates the calibrator from sorted, non-overlapping blocks [mins[i], maxes[i]] with value values[i].</summary>
        public IsotonicCalibrator(float[] mins, float[] maxes, float[] values)
        {
            _mins = mins ?? throw new ArgumentNullException(nameof(mins));
            _maxes = maxes ?? throw new ArgumentNullException(nameof(maxes));
            _values = values ?? throw new ArgumentNullException(nameof(values));
            if (mins.Length != maxes.Length || mins.Length != values.Length)
                throw new ModelFormatException($"Isotonic calibrator arrays differ in length ({mins.Length}, {maxes.Length}, {values.Length}).");
            for (int i = 0; i < mins.Length; i++)
            {
                // NaN bounds would walk the block search off the arrays; blocks must be sorted and must not overlap.
                if (!(mins[i] <= maxes[i]) || (i > 0 && !(maxes[i - 1] <= mins[i])))
                    throw new ModelFormatException($"Isotonic calibrator block {i} [{mins[i]}, {maxes[i]}] is not sorted after the previous block, or has a NaN bound.");
            }
        }

        /// <summary>Lower score of each block.</summary>
        public IReadOnlyList<float> Mins => _mins;

        /// <summary>Upper score of each block.</summary>
        public IReadOnlyList<float> Maxes => _maxes;

        /// <summary>Probability of each block.</summary>
        public IReadOnlyList<float> Values => _values;

        /// <inheritdoc />
        public override CalibratorKind Kind => CalibratorKind.Isotonic;

        /// <inheritdoc />
        public override float Probability(float score)
        {
            if (float.IsNaN(score)) return score;
            int p = _values.Length;
            float v;
            if (p == 0) v = 0;
            else if (score < _mins[0]) v = _values[0];
            else if (score > _maxes[p - 1]) v = _values[p - 1];
            else
            {
                int pos = 0;
                while (_maxes[pos] < score) pos++;
                if (score >= _mins[pos]) v = _values[pos];
                else
                {
                    float t = (score - _maxes[pos - 1]) / (_mins[pos] - _maxes[pos - 1]);
                    v = _values[pos - 1] + t * (_values[pos] - _values[pos - 1]);
                }
            }
            return v < MinToReturn ? MinToReturn : v > MaxToReturn ? MaxToReturn : v;
        }

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteSingleArray(_mins);
            writer.WriteSingleArray(_maxes);
            writer.WriteSingleArray(_values);
        }

        internal static IsotonicCalibrator ReadBody(BlobReader reader) =>
            new IsotonicCalibrator(reader.ReadSingleArray("block count"), reader.ReadSingleArray("block count"), reader.ReadSingleArray("block count"));
    }
}
