using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using DbScoring.Runtime;
using DbScoring.Runtime.Monitoring;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    public sealed partial class SqliteModelStore
    {
        /// <summary>
        /// A batch's input statistics, counted row by row as the batch is scored (the input values as read and the outputs,
        /// in memory) and written inside the batch transaction. They describe the rows the run's own version scored — not
        /// the split's arm B, the fallback's or refused rows (docs/monitoring.md), as on SQL Server — and a batch without
        /// such a row writes none (nor does SQL Server). Per input the rows, missing values, unseen categories and
        /// numbers outside the range seen at conversion (ScoringRunInputStats); and, when the version has a training profile,
        /// every input and output counted in the profile's buckets (ScoringRunDriftCounts), returned so that the run can add
        /// them up once the batch commits.
        /// </summary>
        /// <remarks>
        /// Missing follows the runtime: NULL; for text inputs also the empty text; for number and boolean inputs also a text
        /// the runtime reads as missing ("", "?", "NA", "NaN"). Unseen: a non-missing text outside the model's categories
        /// (exact match, as ML.NET's ValueToKey). Out of range: a number below the smallest or above the largest value seen
        /// at conversion.
        /// </remarks>
        private sealed class BatchStatistics
        {
            private readonly ScoringModel _model;
            private readonly HashSet<string>[] _categories;
            private long[,] _stats; // rows, missing, unseen, below, above
            private long _rows;
            private DriftCounter? _drift;

            internal BatchStatistics(ScoringModel model)
                : this(model, model.Inputs.Select(i => new HashSet<string>(i.Categories, StringComparer.Ordinal)).ToArray())
            {
            }

            private BatchStatistics(ScoringModel model, HashSet<string>[] categories)
            {
                _model = model;
                _categories = categories;
                _stats = new long[model.Inputs.Count, 5];
                _drift = model.Profile != null ? new DriftCounter(model) : null;
            }

            /// <summary>Empty statistics of the same model for the next batch (the categories shared, read only), counted while this batch is written.</summary>
            internal BatchStatistics ForNextBatch() => new BatchStatistics(_model, _categories);

            [System.Runtime.CompilerServices.MethodImpl(HotPath.Options)]
            internal void Add(BatchRow row)
            {
                if (row.Status != "Scored" || (row.Arm ?? "A") != "A") return;
                var inputs = _model.Inputs;
                var stats = _stats;
                var rowDrift = _drift;
                _rows++;
                for (int i = 0; i < inputs.Count; i++)
                {
                    stats[i, 0]++;
                    var input = inputs[i];
                    object? value = row.Values[i];
                    if (input.Kind == InputKind.Text)
                    {
                        string? text = value == null ? null : value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
                        if (string.IsNullOrEmpty(text)) stats[i, 1]++;
                        else if (_categories[i].Count > 0 && !_categories[i].Contains(text)) stats[i, 2]++;
                        rowDrift?.SetText(i, text);
                        continue;
                    }
                    double? number = Number(value, input);
                    if (number == null) continue; // not a value of its kind (the version scored the row, so this does not happen)
                    if (double.IsNaN(number.Value)) stats[i, 1]++;
                    else if (number < input.TrainingMin) stats[i, 3]++;
                    else if (number > input.TrainingMax) stats[i, 4]++;
                    rowDrift?.SetNumber(i, number.Value);
                }
                rowDrift?.CountOutputs(row.Output.Score ?? double.NaN, row.Output.Probability ?? double.NaN, row.Output.Label);
            }

            /// <summary>Writes the batch's statistics and starts counting the next batch; returns the batch's drift counts (null without a profile).</summary>
            internal DriftCounter? Write(SqliteConnection connection, long runId, int batch)
            {
                var inputs = _model.Inputs;
                if (_rows > 0) WriteInputStats(connection, runId, batch);
                var drift = _drift;
                if (drift != null) WriteDriftCounts(connection, drift, runId, batch);
                _stats = new long[inputs.Count, 5];
                _rows = 0;
                _drift = _model.Profile != null ? new DriftCounter(_model) : null;
                return drift;
            }

            private void WriteInputStats(SqliteConnection connection, long runId, int batch)
            {
                var stats = _stats;
                using var insert = Command(connection,
                    "INSERT INTO ScoringRunInputStats (ScoringRunId, BatchNumber, InputName, RowsScored, MissingValues, UnseenCategories, BelowRange, AboveRange) " +
                    "VALUES ($run, $batch, $name, $rows, $missing, $unseen, $below, $above)",
                    ("$run", runId), ("$batch", batch), ("$name", ""), ("$rows", 0L), ("$missing", 0L), ("$unseen", 0L), ("$below", 0L), ("$above", 0L));
                for (int i = 0; i < _model.Inputs.Count; i++)
                {
                    insert.Parameters["$name"].Value = _model.Inputs[i].Name;
                    insert.Parameters["$rows"].Value = stats[i, 0];
                    insert.Parameters["$missing"].Value = stats[i, 1];
                    insert.Parameters["$unseen"].Value = stats[i, 2];
                    insert.Parameters["$below"].Value = stats[i, 3];
                    insert.Parameters["$above"].Value = stats[i, 4];
                    insert.ExecuteNonQuery();
                }
            }
        }

        /// <summary>A number or boolean input's value as the runtime reads it (NaN = missing); null when it is not a value of its kind.</summary>
        private static double? Number(object? value, InputColumn input)
        {
            switch (value)
            {
                case null: return double.NaN;
                case long l: return l;
                case double d: return d;
                case string s:
                    try
                    {
                        return input.Kind == InputKind.Boolean ? ValueText.ParseBoolean(s, input.Name) : ValueText.ParseNumber(s, input.Name);
                    }
                    catch (FormatException)
                    {
                        return null;
                    }
                default: return null; // a BLOB
            }
        }

        private static void WriteDriftCounts(SqliteConnection connection, DriftCounter drift, long runId, int batch)
        {
            using var insert = Command(connection,
                "INSERT INTO ScoringRunDriftCounts (ScoringRunId, BatchNumber, IsOutput, Name, Buckets, BelowRange, AboveRange) VALUES ($run, $batch, $out, $name, $buckets, $below, $above)",
                ("$run", runId), ("$batch", batch), ("$out", 0), ("$name", ""), ("$buckets", ""), ("$below", 0L), ("$above", 0L));
            foreach (var counts in drift.Inputs.Select(c => StoredDriftCounts.Of(c, false)).Concat(drift.Outputs.Select(c => StoredDriftCounts.Of(c, true))))
            {
                insert.Parameters["$out"].Value = counts.IsOutput ? 1 : 0;
                insert.Parameters["$name"].Value = counts.Name;
                insert.Parameters["$buckets"].Value = JsonSerializer.Serialize(counts.Buckets);
                insert.Parameters["$below"].Value = counts.BelowRange;
                insert.Parameters["$above"].Value = counts.AboveRange;
                insert.ExecuteNonQuery();
            }
        }
    }
}
