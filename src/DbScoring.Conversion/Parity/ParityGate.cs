using System;
using System.Collections.Generic;
using System.Globalization;
using DbScoring.Runtime;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Conversion.Parity
{
    /// <summary>
    /// Scores the same rows with ML.NET and with the runtime and compares Score, Probability and PredictedLabel.
    /// A value passes when |Δ| ≤ tolerance, or |Δ| ≤ tolerance · |ML.NET's value| for values beyond ±1: ML.NET sums
    /// dense rows with SIMD (TensorPrimitives.Dot) in an order the runtime does not reproduce, which moves large
    /// scores (and exp(score) for Poisson/Tweedie) by a few float ulps — below float resolution for an absolute 1e-5.
    /// NaN matches only NaN; ±∞ only itself.
    /// </summary>
    internal static class ParityGate
    {
        public static ParityReport Run(ITransformer mlModel, IDataView data, ScoringModel model, IReadOnlyList<SampleRow> rows, string sample, double tolerance)
        {
            var scored = mlModel.Transform(data);
            var schema = scored.Schema;
            var scoreColumn = schema.GetColumnOrNull("Score") ?? throw new ModelConversionException("ML.NET's output has no Score column.");
            var probabilityColumn = model.Kind == PredictionKind.BinaryClassification ? schema.GetColumnOrNull("Probability") : null;
            var labelColumn = model.Kind == PredictionKind.Regression ? null : schema.GetColumnOrNull("PredictedLabel");
            var scorer = model.CreateScorer();
            var examples = new List<string>();
            double maxScore = 0, maxProbability = 0;
            int labelMismatches = 0, failed = 0, index = 0;

            using var cursor = scored.GetRowCursor(schema);
            var readScores = ScoreReader(cursor, scoreColumn);
            var readProbability = probabilityColumn == null ? null : cursor.GetGetter<float>(probabilityColumn.Value);
            var readLabel = labelColumn == null ? null : LabelReader(cursor, labelColumn.Value, model);
            var expectedScores = new float[Math.Max(1, model.ClassLabels.Count)];
            while (cursor.MoveNext())
            {
                var row = rows[index];
                row.SetOn(scorer);
                var actual = scorer.Predict();
                bool ok = true;
                readScores(expectedScores);
                if (model.Kind == PredictionKind.MulticlassClassification)
                    for (int k = 0; k < expectedScores.Length; k++) ok &= Compare(expectedScores[k], actual.ClassScores[k], tolerance, ref maxScore);
                else ok &= Compare(expectedScores[0], actual.Score, tolerance, ref maxScore);
                if (readProbability != null)
                {
                    float p = 0;
                    readProbability(ref p);
                    ok &= Compare(p, actual.Probability, tolerance, ref maxProbability);
                }
                if (readLabel != null)
                {
                    string expectedLabel = readLabel();
                    if (!string.Equals(expectedLabel, actual.PredictedLabel ?? "", StringComparison.Ordinal))
                    {
                        labelMismatches++;
                        ok = false;
                        if (examples.Count < 10) examples.Add($"row {index + 1}: PredictedLabel ML.NET '{expectedLabel}', DbScoring '{actual.PredictedLabel}'");
                    }
                }
                if (!ok)
                {
                    failed++;
                    if (examples.Count < 10)
                        examples.Add($"row {index + 1}: Score ML.NET {Format(expectedScores[0])}, DbScoring {Format(model.Kind == PredictionKind.MulticlassClassification ? actual.ClassScores[0] : actual.Score)}");
                }
                index++;
            }
            if (index != rows.Count) throw new ModelConversionException($"ML.NET returned {index} rows for {rows.Count} sample rows.");
            return new ParityReport
            {
                Rows = index, Sample = sample, MaxScoreDifference = maxScore, MaxProbabilityDifference = maxProbability,
                LabelMismatches = labelMismatches, FailedRows = failed, Tolerance = tolerance, Examples = examples,
            };
        }

        private static bool Compare(float expected, float actual, double tolerance, ref double max)
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
            return difference <= tolerance * Math.Max(1.0, Math.Abs((double)expected));
        }

        private static Action<float[]> ScoreReader(DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            if (column.Type is VectorDataViewType)
            {
                var get = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> buffer = default;
                return target => { get(ref buffer); buffer.CopyTo(target); };
            }
            var getScalar = cursor.GetGetter<float>(column);
            return target => { float v = 0; getScalar(ref v); target[0] = v; };
        }

        /// <summary>Reads PredictedLabel as text comparable with <see cref="Prediction.PredictedLabel"/>.</summary>
        private static Func<string> LabelReader(DataViewRowCursor cursor, DataViewSchema.Column column, ScoringModel model)
        {
            var type = column.Type;
            if (type is BooleanDataViewType)
            {
                var get = cursor.GetGetter<bool>(column);
                return () => { bool v = false; get(ref v); return v ? "True" : "False"; };
            }
            if (type is KeyDataViewType)
            {
                var get = cursor.GetGetter<uint>(column);
                return () => { uint k = 0; get(ref k); return k == 0 || k > model.ClassLabels.Count ? "" : model.ClassLabels[(int)k - 1]; };
            }
            if (type is TextDataViewType)
            {
                var get = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                return () => { ReadOnlyMemory<char> v = default; get(ref v); return v.ToString(); };
            }
            if (type.RawType == typeof(float))
            {
                var get = cursor.GetGetter<float>(column);
                return () => { float v = 0; get(ref v); return float.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture); };
            }
            if (type.RawType == typeof(double))
            {
                var get = cursor.GetGetter<double>(column);
                return () => { double v = 0; get(ref v); return double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture); };
            }
            throw new ModelConversionException($"ML.NET's PredictedLabel has type {type}, which the parity gate cannot compare.");
        }

        private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
