using System;
using System.Collections.Generic;
using System.Globalization;
using DbScoring.Runtime;

namespace DbScoring.Conversion.Parity
{
    /// <summary>What the oracle (ML.NET, XGBoost, ONNX Runtime) produced for one row; null members are not compared.</summary>
    internal sealed class ExpectedOutput
    {
        /// <summary>Score (binary, regression); null when the oracle has none.</summary>
        public float? Score { get; set; }

        /// <summary>Probability (binary); null when the oracle has none.</summary>
        public float? Probability { get; set; }

        /// <summary>Class scores (multiclass), in the model's class order; null when not compared.</summary>
        public float[]? ClassScores { get; set; }

        /// <summary>The predicted label as the runtime writes it ("True", a class label, "" for none); null when not compared.</summary>
        public string? Label { get; set; }
    }

    /// <summary>
    /// The parity rule, in one place for every source: a value passes when |Δ| ≤ tolerance, or |Δ| ≤ tolerance ·
    /// |expected| for values beyond ±1 (a few float ulps of a large score are below an absolute 1e-5); NaN matches
    /// only NaN; ±∞ only itself; labels must be identical.
    /// </summary>
    internal sealed class ParityComparer
    {
        private readonly ScoringModel _model;
        private readonly double _tolerance;
        private readonly string _oracle;
        private readonly List<string> _examples = new List<string>();
        private double _maxScore, _maxProbability;
        private int _labelMismatches, _failed, _rows;

        public ParityComparer(ScoringModel model, double tolerance, string oracle)
        {
            _model = model;
            _tolerance = tolerance;
            _oracle = oracle;
        }

        /// <summary>Compares one row (0-based <paramref name="row"/>, for the examples).</summary>
        public void Add(int row, ExpectedOutput expected, Prediction actual)
        {
            _rows++;
            bool ok = true;
            string? firstDifference = null;
            if (expected.ClassScores != null)
            {
                for (int k = 0; k < expected.ClassScores.Length; k++)
                    if (!Compare(expected.ClassScores[k], actual.ClassScores[k], ref _maxScore))
                    {
                        ok = false;
                        firstDifference ??= $"class {_model.ClassLabels[k]} score {_oracle} {Format(expected.ClassScores[k])}, DbScoring {Format(actual.ClassScores[k])}";
                    }
            }
            if (expected.Score is float score && !Compare(score, actual.Score, ref _maxScore))
            {
                ok = false;
                firstDifference ??= $"Score {_oracle} {Format(score)}, DbScoring {Format(actual.Score)}";
            }
            if (expected.Probability is float probability && !Compare(probability, actual.Probability, ref _maxProbability))
            {
                ok = false;
                firstDifference ??= $"Probability {_oracle} {Format(probability)}, DbScoring {Format(actual.Probability)}";
            }
            if (expected.Label != null && !string.Equals(expected.Label, actual.PredictedLabel ?? "", StringComparison.Ordinal))
            {
                _labelMismatches++;
                ok = false;
                firstDifference ??= $"PredictedLabel {_oracle} '{expected.Label}', DbScoring '{actual.PredictedLabel}'";
            }
            if (ok) return;
            _failed++;
            if (_examples.Count < 10) _examples.Add($"row {row + 1}: {firstDifference}");
        }

        public ParityReport Report(string sample, int oracleRefusedRows = 0, string oracleRefusal = "") => new ParityReport
        {
            Rows = _rows, Sample = sample, Oracle = _oracle, MaxScoreDifference = _maxScore, MaxProbabilityDifference = _maxProbability,
            LabelMismatches = _labelMismatches, FailedRows = _failed, Tolerance = _tolerance, Examples = _examples,
            OracleRefusedRows = oracleRefusedRows, OracleRefusal = oracleRefusal,
        };

        private bool Compare(float expected, float actual, ref double max)
        {
            if (float.IsNaN(expected) || float.IsNaN(actual))
            {
                if (float.IsNaN(expected) && float.IsNaN(actual)) return true;
                max = double.PositiveInfinity;
                return false;
            }
            if (expected == actual) return true;
            double difference = Math.Abs((double)expected - actual);
            if (double.IsNaN(difference)) difference = double.PositiveInfinity;
            if (difference > max) max = difference;
            return difference <= _tolerance * Math.Max(1.0, Math.Abs((double)expected));
        }

        private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
