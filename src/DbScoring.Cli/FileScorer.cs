using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Conversion.Data;
using DbScoring.Runtime;

namespace DbScoring.Cli
{
    /// <summary>
    /// Scores a CSV file into another, streaming: constant memory, rows in input order. Columns are matched to model
    /// inputs by name (case-insensitive); extra columns are ignored; a missing input column is refused by name.
    /// </summary>
    public sealed class FileScorer
    {
        private readonly ScoringModel _model;
        private readonly HashSet<string> _missingTokens;

        /// <summary>Creates a scorer; <paramref name="missingTokens"/> are the field values read as missing.</summary>
        public FileScorer(ScoringModel model, IEnumerable<string> missingTokens)
        {
            _model = model;
            _missingTokens = new HashSet<string>(missingTokens, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>The output columns after the keys, for this model's task.</summary>
        public IReadOnlyList<string> OutputColumns => _model.Kind switch
        {
            PredictionKind.BinaryClassification => new[] { "PredictedLabel", "Score", "Probability" },
            PredictionKind.Regression => new[] { "Score" },
            _ => new[] { "PredictedLabel" }.Concat(_model.ClassLabels.Select(c => "Score." + c)).ToArray(),
        };

        /// <summary>Scores <paramref name="input"/> into <paramref name="output"/>; returns the number of rows.</summary>
        public long Score(CsvReader input, TextWriter output, IReadOnlyList<string> keyColumns, TextWriter? progress)
        {
            var fieldOfColumn = input.Header.Select(h => _model.FindInput(h)).ToArray();
            var absent = _model.Inputs.Where(i => !fieldOfColumn.Contains(i.Index)).Select(i => i.Name).ToList();
            if (absent.Count > 0)
                throw new InvalidDataException($"{input.Source} lacks the model's input column(s): {string.Join(", ", absent)}. Columns found: {string.Join(", ", input.Header)}.");
            var keyIndexes = keyColumns.Select(k =>
            {
                int index = input.Header.ToList().FindIndex(h => string.Equals(h, k, StringComparison.OrdinalIgnoreCase));
                return index >= 0 ? index : throw new InvalidDataException($"{input.Source} has no key column '{k}'.");
            }).ToArray();

            var csv = new CsvWriter(output);
            csv.WriteRow(keyColumns.Count > 0 ? keyColumns.Concat(OutputColumns) : new[] { "Row" }.Concat(OutputColumns));
            var scorer = _model.CreateScorer();
            var fields = new List<string>();
            var record = new List<string>();
            var clock = Stopwatch.StartNew();
            long rows = 0, nextReport = 100_000;
            while (input.ReadRow(fields))
            {
                rows++;
                for (int c = 0; c < fieldOfColumn.Length; c++)
                {
                    int field = fieldOfColumn[c];
                    if (field < 0) continue;
                    string value = c < fields.Count ? fields[c] : "";
                    if (_missingTokens.Contains(value.Trim())) { scorer.SetMissing(field); continue; }
                    try { scorer.SetText(field, value); }
                    catch (FormatException ex) { throw new InvalidDataException($"{input.Source} line {input.LineNumber}: {ex.Message}"); }
                }
                var prediction = scorer.Predict();
                record.Clear();
                if (keyIndexes.Length > 0) record.AddRange(keyIndexes.Select(k => k < fields.Count ? fields[k] : ""));
                else record.Add(rows.ToString(CultureInfo.InvariantCulture));
                AppendPrediction(record, prediction);
                csv.WriteRow(record);
                if (progress != null && rows >= nextReport)
                {
                    progress.WriteLine($"  {rows:N0} rows scored ({rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0} rows/s)");
                    nextReport += 100_000;
                }
            }
            output.Flush();
            return rows;
        }

        private void AppendPrediction(List<string> record, Prediction p)
        {
            switch (_model.Kind)
            {
                case PredictionKind.BinaryClassification:
                    record.Add(p.PredictedLabel ?? "");
                    record.Add(Number(p.Score));
                    record.Add(Number(p.Probability));
                    break;
                case PredictionKind.Regression:
                    record.Add(Number(p.Score));
                    break;
                default:
                    record.Add(p.PredictedLabel ?? "");
                    foreach (float score in p.ClassScores) record.Add(Number(score));
                    break;
            }
        }

        /// <summary>Round-trippable invariant text; empty for NaN (missing).</summary>
        public static string Number(float value) => float.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Writes RFC 4180 CSV: fields with commas, quotes or line breaks are quoted.</summary>
    public sealed class CsvWriter
    {
        private readonly TextWriter _writer;

        /// <summary>Writes to <paramref name="writer"/>.</summary>
        public CsvWriter(TextWriter writer) => _writer = writer;

        /// <summary>Writes one row.</summary>
        public void WriteRow(IEnumerable<string> fields)
        {
            bool first = true;
            foreach (string field in fields)
            {
                if (!first) _writer.Write(',');
                first = false;
                if (field.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 || field.StartsWith(' ') || field.EndsWith(' '))
                    _writer.Write("\"" + field.Replace("\"", "\"\"") + "\"");
                else _writer.Write(field);
            }
            _writer.Write('\n');
        }
    }
}
