using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Cli.FileScoring;
using DbScoring.Conversion.Data;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;

namespace DbScoring.Cli
{
    /// <summary>
    /// Scores a CSV file into another, streaming: constant memory, rows in input order. Columns are matched to model
    /// inputs by name (case-insensitive); extra columns are ignored; a missing input column is refused by name.
    /// Three threads share the work (<see cref="ChunkPipeline"/>): one reads and parses the next rows while a second
    /// scores the rows before them with <see cref="Scorer.PredictBatch"/> and a third writes the rows before those.
    /// </summary>
    public sealed class FileScorer
    {
        /// <summary>
        /// Rows per chunk: large enough that handing a chunk on costs next to nothing per row even on a busy machine (where a
        /// thread woken for the next chunk may wait for a core), small enough that memory stays a few megabytes.
        /// </summary>
        private const int ChunkRows = 8192;

        /// <summary>Chunks in flight: one per stage and one waiting in front of the busiest.</summary>
        private const int Chunks = 4;

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
        /// when given, counts missing, unseen and out-of-range values per input. A bad value stops the run with an
        /// <see cref="InvalidDataException"/> naming its line, the input and the value.
        /// </summary>
        public long Score(CsvReader input, TextWriter output, IReadOnlyList<string> keyColumns, ProgressDisplay.ProgressSink? progress, InputStatisticsCounter? statistics = null)
        {
            var reader = new RowParser(_model, input, _missingTokens, keyColumns, statistics);
            var scorer = _model.CreateScorer();
            var explanation = _explain == null ? null : new Explanation(_model);
            using var csv = new CsvWriter(output, (keyColumns.Count > 0 ? keyColumns : new[] { "Row" }).Concat(OutputColumns).ToArray());
            var clock = Stopwatch.StartNew();
            long written = 0, nextLine = 100_000, nextBar = 0;
            var chunks = Enumerable.Range(0, Chunks)
                .Select(_ => new RowChunk(_model, ChunkRows, keyColumns.Count, _explain?.ValuesPerRow ?? 0, _explain?.RanksPerRow ?? 0)).ToArray();
            ChunkPipeline.Run(chunks, reader.Fill,
                chunk => ScoreChunk(scorer, explanation, chunk),
                chunk =>
                {
                    WriteChunk(csv, chunk, keyColumns.Count);
                    written += chunk.Count;
                    if (progress == null) return;
                    if (written >= nextBar) { progress.Report(written, chunk.BytesRead, input.Length); nextBar = written + 8192; } // a live bar: how far into the file
                    if (written >= nextLine)
                    {
                        progress.Line($"  {Plural.Count(written, "row")} scored ({written / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0} rows/s)");
                        nextLine += 100_000;
                    }
                });
            csv.Flush();
            output.Flush();
            progress?.Report(written, input.Length, input.Length); // the whole file is read
            return written;
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

        /// <summary>Scores the chunk's rows into its score arrays: in one batch, or row by row with reason codes.</summary>
        private void ScoreChunk(Scorer scorer, Explanation? explanation, RowChunk chunk)
        {
            if (explanation == null)
            {
                scorer.PredictBatch(chunk.Count, chunk.Numbers, chunk.Texts, chunk.Scores, chunk.Probabilities, chunk.Classes,
                    chunk.ClassCount > 0 ? chunk.ClassScores : null);
                return;
            }
            for (int row = 0; row < chunk.Count; row++)
            {
                for (int i = 0; i < chunk.Numbers.Length; i++)
                {
                    if (chunk.Texts[i] is { } texts) scorer.SetText(i, texts[row]);
                    else scorer.SetNumber(i, chunk.Numbers[i]![row]);
                }
                var prediction = scorer.Explain(explanation);
                chunk.Scores[row] = prediction.Score;
                chunk.Probabilities[row] = prediction.Probability;
                chunk.Classes[row] = prediction.PredictedClass;
                prediction.ClassScores.CopyTo(chunk.ClassScores, row * chunk.ClassCount);
                _explain!.Keep(explanation, chunk.Explained.AsSpan(row * chunk.ExplainedValues, chunk.ExplainedValues), chunk.Ranks.AsSpan(row * chunk.ExplainedRanks, chunk.ExplainedRanks));
            }
        }

        private void WriteChunk(CsvWriter csv, RowChunk chunk, int keyColumns)
        {
            var labels = _model.ClassLabels;
            for (int row = 0; row < chunk.Count; row++)
            {
                var record = csv.NewRow();
                if (keyColumns > 0) for (int k = 0; k < keyColumns; k++) record.Add(chunk.Key(row, k));
                else record.Add(chunk.FirstRow + row);
                int predicted = chunk.Classes[row];
                switch (_model.Kind)
                {
                    case PredictionKind.BinaryClassification:
                        record.Add(predicted < 0 ? "" : labels[predicted]);
                        record.Add(chunk.Scores[row]);
                        record.Add(chunk.Probabilities[row]);
                        break;
                    case PredictionKind.Regression:
                        record.Add(chunk.Scores[row]);
                        break;
                    default:
                        record.Add(predicted < 0 ? "" : labels[predicted]);
                        for (int c = 0; c < chunk.ClassCount; c++) record.Add(chunk.ClassScores[row * chunk.ClassCount + c]);
                        break;
                }
                _explain?.Append(ref record, chunk.Explained.AsSpan(row * chunk.ExplainedValues, chunk.ExplainedValues), chunk.Ranks.AsSpan(row * chunk.ExplainedRanks, chunk.ExplainedRanks));
                record.Dispose(); // writes the row
            }
        }
    }
}
