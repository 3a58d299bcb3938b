using System;
using System.Collections.Generic;
using System.Globalization;
using DbScoring.Runtime;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Conversion.Parity
{
    /// <summary>
    /// Scores the same rows with ML.NET and with the runtime and compares Score, Probability and PredictedLabel under
    /// <see cref="ParityComparer"/>'s rule. The relative part of the rule matters for ML.NET: it sums dense rows with
    /// SIMD (TensorPrimitives.Dot) in an order the runtime does not reproduce, which moves large scores (and
    /// exp(score) for Poisson/Tweedie) by a few float ulps — below float resolution for an absolute 1e-5.
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
            var comparer = new ParityComparer(model, tolerance, "ML.NET " + ModelConverter.MlNetVersion);
            int index = 0;

            using var cursor = scored.GetRowCursor(schema);
            var readScores = ScoreReader(cursor, scoreColumn);
            var readProbability = probabilityColumn == null ? null : cursor.GetGetter<float>(probabilityColumn.Value);
            var readLabel = labelColumn == null ? null : LabelReader(cursor, labelColumn.Value, model);
            bool multiclass = model.Kind == PredictionKind.MulticlassClassification;
            var expectedScores = new float[Math.Max(1, model.ClassLabels.Count)];
            while (cursor.MoveNext())
            {
                if (index >= rows.Count) throw new ModelConversionException($"ML.NET returned more rows than the {rows.Count} sample rows.");
                var row = rows[index];
                row.SetOn(scorer);
                var actual = scorer.Predict();
                readScores(expectedScores);
                var expected = new ExpectedOutput
                {
                    ClassScores = multiclass ? expectedScores : null,
                    Score = multiclass ? null : expectedScores[0],
                    Label = readLabel?.Invoke(),
                };
                if (readProbability != null)
                {
                    float p = 0;
                    readProbability(ref p);
                    expected.Probability = p;
                }
                comparer.Add(index, expected, actual);
                index++;
            }
            if (index != rows.Count) throw new ModelConversionException($"ML.NET returned {index} rows for {rows.Count} sample rows.");
            return comparer.Report(sample);
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

    }
}
