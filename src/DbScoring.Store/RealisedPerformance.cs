using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DbScoring.Store
{
    /// <summary>A known outcome of a row: its key (as PredictionLog.RowKey), the actual label or value, when it was observed.</summary>
    public sealed record OutcomeRecord(string RowKey, string Actual, DateTime? ObservedAt = null);

    /// <summary>One logged prediction joined to the latest outcome of its key.</summary>
    public sealed record ScoredOutcome(string? PredictedLabel, double? Score, double? Probability, string Actual);

    /// <summary>One calibration bin: predicted probabilities in [Lower, Upper), how many, their mean, and the share that were positive.</summary>
    public sealed record CalibrationBin(double Lower, double Upper, long Rows, double? MeanProbability, double? PositiveShare);

    /// <summary>
    /// How well one model version predicted, once the outcomes were known, over one period (scoring.RealisedPerformance on
    /// SQL Server). Binary: AUC (of the Score, ties counted half, as ML.NET's evaluator), log loss (base 2, of the
    /// Probability, as ML.NET's BinaryClassifierEvaluator), accuracy of the predicted label, calibration in ten bins.
    /// Multiclass: accuracy and macro F1. Regression: MAE and RMSE. A metric that cannot be computed is null.
    /// </summary>
    public sealed class RealisedPerformance
    {
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>Version that made the predictions.</summary>
        public int Version { get; init; }
        /// <summary>Start of the period (UTC day, or Monday of the ISO week); null for all time.</summary>
        public DateTime? PeriodStart { get; init; }
        /// <summary>Predictions with a known outcome.</summary>
        public long Rows { get; init; }
        /// <summary>Rows whose actual is positive (binary).</summary>
        public long? Positives { get; init; }
        /// <summary>Binary: area under the ROC curve of the Score.</summary>
        public double? Auc { get; init; }
        /// <summary>Binary with probabilities: mean −log₂ p of the actual class.</summary>
        public double? LogLoss { get; init; }
        /// <summary>Share of rows whose predicted label equals the actual (binary, multiclass).</summary>
        public double? Accuracy { get; init; }
        /// <summary>Multiclass: the mean over the classes seen of 2·precision·recall / (precision + recall).</summary>
        public double? MacroF1 { get; init; }
        /// <summary>Regression: mean absolute error.</summary>
        public double? Mae { get; init; }
        /// <summary>Regression: root mean squared error.</summary>
        public double? Rmse { get; init; }
        /// <summary>Binary with probabilities: ten bins of width 0.1.</summary>
        public IReadOnlyList<CalibrationBin> Calibration { get; init; } = Array.Empty<CalibrationBin>();

        /// <summary>The metrics of <paramref name="rows"/> for a model of <paramref name="kind"/> (BinaryClassification, MulticlassClassification, Regression).</summary>
        public static RealisedPerformance Compute(string model, int version, DateTime? periodStart, string kind, IReadOnlyList<ScoredOutcome> rows)
        {
            if (rows == null) throw new ArgumentNullException(nameof(rows));
            var result = new RealisedPerformance { Model = model, Version = version, PeriodStart = periodStart, Rows = rows.Count };
            if (rows.Count == 0) return result;
            switch (kind)
            {
                case "BinaryClassification": return Binary(result, rows);
                case "Regression": return Regression(result, rows);
                default: return Multiclass(result, rows);
            }
        }

        /// <summary>The start of the period of a prediction made at <paramref name="at"/>: its day, its ISO week's Monday, or null (all).</summary>
        internal static DateTime? PeriodOf(DateTime at, string? by) => by switch
        {
            "day" => at.Date,
            "week" => at.Date.AddDays(-(((int)at.DayOfWeek + 6) % 7)), // Monday, as ISO 8601 weeks
            _ => null,
        };

        /// <summary>The task name of a persisted PredictionKind (1 binary, 2 regression, 3 multiclass).</summary>
        internal static string KindName(int kind) => kind switch
        {
            1 => "BinaryClassification",
            2 => "Regression",
            _ => "MulticlassClassification",
        };

        /// <summary>Reads an actual of a binary model: true/1/yes are positive, false/0/no negative (case-insensitive).</summary>
        public static bool IsPositive(string actual)
        {
            string a = actual.Trim();
            if (a == "1" || a.Equals("true", StringComparison.OrdinalIgnoreCase) || a.Equals("yes", StringComparison.OrdinalIgnoreCase)) return true;
            if (a == "0" || a.Equals("false", StringComparison.OrdinalIgnoreCase) || a.Equals("no", StringComparison.OrdinalIgnoreCase)) return false;
            throw new FormatException($"The outcome '{actual}' is not a binary label (true/false, 1/0, yes/no).");
        }

        private static RealisedPerformance Binary(RealisedPerformance r, IReadOnlyList<ScoredOutcome> rows)
        {
            var labelled = rows.Select(x => (Row: x, Positive: IsPositive(x.Actual))).ToList();
            var scored = labelled.Where(x => x.Row.Score.HasValue && double.IsFinite(x.Row.Score.Value)).ToList();
            var probabilities = labelled.Where(x => x.Row.Probability.HasValue).ToList();
            return new RealisedPerformance
            {
                Model = r.Model, Version = r.Version, PeriodStart = r.PeriodStart, Rows = r.Rows,
                Positives = labelled.Count(x => x.Positive),
                Auc = AreaUnderCurve(scored.Select(x => (x.Row.Score!.Value, x.Positive)).ToList()),
                LogLoss = probabilities.Count == 0 ? null
                    : probabilities.Average(x => -Math.Log(x.Positive ? x.Row.Probability!.Value : 1 - x.Row.Probability!.Value, 2)),
                Accuracy = labelled.Count(x => x.Row.PredictedLabel != null && IsPositive(x.Row.PredictedLabel) == x.Positive) / (double)labelled.Count,
                Calibration = probabilities.Count == 0 ? Array.Empty<CalibrationBin>() : Enumerable.Range(0, 10).Select(b =>
                {
                    var bin = probabilities.Where(x => Math.Min(9, (int)Math.Floor(x.Row.Probability!.Value * 10)) == b).ToList();
                    return new CalibrationBin(b / 10.0, (b + 1) / 10.0, bin.Count, bin.Count == 0 ? null : bin.Average(x => x.Row.Probability!.Value),
                        bin.Count == 0 ? null : bin.Count(x => x.Positive) / (double)bin.Count);
                }).ToList(),
            };
        }

        /// <summary>AUC = P(score of a positive > score of a negative) + ½ P(equal); null without both classes.</summary>
        private static double? AreaUnderCurve(List<(double Score, bool Positive)> rows)
        {
            long positives = rows.Count(x => x.Positive), negatives = rows.Count - positives;
            if (positives == 0 || negatives == 0) return null;
            rows.Sort((a, b) => a.Score.CompareTo(b.Score));
            double wins = 0, negativesBelow = 0;
            for (int i = 0; i < rows.Count;)
            {
                int j = i;
                long tiePositives = 0, tieNegatives = 0;
                while (j < rows.Count && rows[j].Score == rows[i].Score) { if (rows[j].Positive) tiePositives++; else tieNegatives++; j++; }
                wins += tiePositives * (negativesBelow + 0.5 * tieNegatives);
                negativesBelow += tieNegatives;
                i = j;
            }
            return wins / ((double)positives * negatives);
        }

        private static RealisedPerformance Multiclass(RealisedPerformance r, IReadOnlyList<ScoredOutcome> rows)
        {
            var classes = rows.Select(x => x.Actual).Distinct(StringComparer.Ordinal).ToList();
            double f1Sum = 0;
            foreach (string c in classes)
            {
                double tp = rows.Count(x => x.Actual == c && x.PredictedLabel == c), predicted = rows.Count(x => x.PredictedLabel == c), actual = rows.Count(x => x.Actual == c);
                double precision = predicted == 0 ? 0 : tp / predicted, recall = actual == 0 ? 0 : tp / actual;
                f1Sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            }
            return new RealisedPerformance
            {
                Model = r.Model, Version = r.Version, PeriodStart = r.PeriodStart, Rows = r.Rows,
                Accuracy = rows.Count(x => x.PredictedLabel == x.Actual) / (double)rows.Count,
                MacroF1 = f1Sum / classes.Count,
            };
        }

        private static RealisedPerformance Regression(RealisedPerformance r, IReadOnlyList<ScoredOutcome> rows)
        {
            var errors = rows.Where(x => x.Score.HasValue).Select(x =>
                double.TryParse(x.Actual, NumberStyles.Float, CultureInfo.InvariantCulture, out double actual)
                    ? x.Score!.Value - actual : throw new FormatException($"The outcome '{x.Actual}' is not a number.")).ToList();
            return new RealisedPerformance
            {
                Model = r.Model, Version = r.Version, PeriodStart = r.PeriodStart, Rows = r.Rows,
                Mae = errors.Count == 0 ? null : errors.Average(Math.Abs),
                Rmse = errors.Count == 0 ? null : Math.Sqrt(errors.Average(e => e * e)),
            };
        }
    }
}
