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
        private readonly ExplainColumns? _explain;

        /// <summary>
        /// Creates a scorer; <paramref name="missingTokens"/> are the field values read as missing; <paramref name="explain"/>
        /// adds reason-code columns (null: none).
        /// </summary>
        public FileScorer(ScoringModel model, IEnumerable<string> missingTokens, ExplainColumns? explain = null)
        {
            _model = model;
            _missingTokens = new HashSet<string>(missingTokens, StringComparer.OrdinalIgnoreCase);
            _explain = explain;
        }

        /// <summary>The output columns after the keys, for this model's task (and the reason codes, when asked for).</summary>
        public IReadOnlyList<string> OutputColumns => (_model.Kind switch
        {
            PredictionKind.BinaryClassification => new[] { "PredictedLabel", "Score", "Probability" },
            PredictionKind.Regression => new[] { "Score" },
            _ => new[] { "PredictedLabel" }.Concat(_model.ClassLabels.Select(c => "Score." + c)).ToArray(),
        }).Concat(_explain?.Headers ?? Array.Empty<string>()).ToArray();

        /// <summary>
        /// Scores <paramref name="input"/> into <paramref name="output"/>; returns the number of rows. <paramref name="statistics"/>,
        /// when given, counts missing, unseen and out-of-range values per input.
        /// </summary>
        public long Score(CsvReader input, TextWriter output, IReadOnlyList<string> keyColumns, ProgressDisplay.ProgressSink? progress, InputStatisticsCounter? statistics = null)
        {
            var fieldOfColumn = MapInputs(_model, input);
            var keyIndexes = keyColumns.Select(k =>
            {
                int index = input.Header.ToList().FindIndex(h => string.Equals(h, k, StringComparison.OrdinalIgnoreCase));
                return index >= 0 ? index : throw new InvalidDataException($"{input.Source} has no key column '{k}'.");
            }).ToArray();

            using var csv = new CsvWriter(output, (keyColumns.Count > 0 ? keyColumns : new[] { "Row" }).Concat(OutputColumns).ToArray());
            var missing = _missingTokens.GetAlternateLookup<ReadOnlySpan<char>>();
            int longestToken = _missingTokens.Count == 0 ? -1 : _missingTokens.Max(t => t.Length);
            var kinds = _model.Inputs.Select(i => i.Kind).ToArray();
            var isNumber = kinds.Select(k => k == InputKind.Number).ToArray();
            var scorer = _model.CreateScorer();
            var explanation = _explain == null ? null : new Runtime.Explanations.Explanation(_model);
            var clock = Stopwatch.StartNew();
            long rows = 0, nextReport = 100_000;
            while (input.ReadRow())
            {
                rows++;
                statistics?.AddRow();
                for (int c = 0; c < fieldOfColumn.Length; c++)
                {
                    int field = fieldOfColumn[c];
                    if (field < 0) continue;
                    var value = input.Field(c).Trim();
                    if (value.Length <= longestToken && missing.Contains(value)) { scorer.SetMissing(field); statistics?.Missing(field); continue; }
                    // Fast path: a number the runtime would parse the same way (float, invariant, trimmed) is set without a string;
                    // anything else ("?", "NA", booleans, text, bad values) goes through the runtime's own parsing and messages.
                    if (isNumber[field] && float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float number))
                    {
                        scorer.SetNumber(field, number);
                        statistics?.Number(field, number);
                        continue;
                    }
                    if (statistics != null)
                    {
                        // What the runtime will read: text as it is; a number or boolean here can only be one of its missing tokens.
                        if (kinds[field] == InputKind.Text) statistics.Text(field, input.FieldText(c));
                        else if (value.Length == 0 || value.SequenceEqual("?") || value.Equals("NA", StringComparison.OrdinalIgnoreCase) || value.Equals("NaN", StringComparison.OrdinalIgnoreCase))
                            statistics.Missing(field);
                    }
                    try { scorer.SetText(field, input.FieldText(c)); }
                    catch (FormatException ex) { throw new InvalidDataException($"{input.Source} line {input.LineNumber}: {ex.Message}"); }
                }
                var prediction = explanation == null ? scorer.Predict() : scorer.Explain(explanation);
                var record = csv.NewRow();
                if (keyIndexes.Length > 0) foreach (int k in keyIndexes) record.Add(input.Field(k));
                else record.Add(rows);
                AppendPrediction(ref record, prediction);
                if (explanation != null) _explain!.Append(ref record, explanation);
                record.Dispose(); // writes the row
                if (progress != null && (rows & 0x1FFF) == 0) progress.Report(rows, input.BytesRead, input.Length); // a live bar: how far into the file
                if (progress != null && rows >= nextReport)
                {
                    progress.Line($"  {Plural.Count(rows, "row")} scored ({rows / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0} rows/s)");
                    nextReport += 100_000;
                }
            }
            csv.Flush();
            output.Flush();
            progress?.Report(rows, input.Length, input.Length); // the whole file is read
            return rows;
        }

        /// <summary>
        /// The model input of each file column (−1 for extra columns), matched by name case-insensitively;
        /// <see cref="InvalidDataException"/> naming the model inputs the file lacks.
        /// </summary>
        internal static int[] MapInputs(ScoringModel model, CsvReader input)
        {
            var fieldOfColumn = input.Header.Select(h => model.FindInput(h)).ToArray();
            var absent = model.Inputs.Where(i => !fieldOfColumn.Contains(i.Index)).Select(i => i.Name).ToList();
            if (absent.Count > 0)
                throw new InvalidDataException($"{input.Source} lacks the model's input column(s): {string.Join(", ", absent)}. Columns found: {string.Join(", ", input.Header)}.");
            return fieldOfColumn;
        }

        private void AppendPrediction(ref CsvRow record, Prediction p)
        {
            switch (_model.Kind)
            {
                case PredictionKind.BinaryClassification:
                    record.Add(p.PredictedLabel ?? "");
                    record.Add(p.Score);
                    record.Add(p.Probability);
                    break;
                case PredictionKind.Regression:
                    record.Add(p.Score);
                    break;
                default:
                    record.Add(p.PredictedLabel ?? "");
                    foreach (float score in p.ClassScores) record.Add(score);
                    break;
            }
        }
    }
}
