using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using DbScoring.Runtime;
using DbScoring.Runtime.Monitoring;

namespace DbScoring.Store.Sqlite
{
    public sealed partial class SqliteModelStore
    {
        /// <summary>
        /// One pass over a scored batch (the input values as sent, v0..vn, and the outputs), inside the batch transaction:
        /// per input the rows, missing values, unseen categories and numbers outside the range seen at conversion
        /// (ScoringRunInputStats); and, when the version has a training profile, every input and output counted in the
        /// profile's buckets (ScoringRunDriftCounts), returned so that the run can add them up once the batch commits.
        /// </summary>
        /// <remarks>
        /// Missing follows the runtime: NULL; for text inputs also the empty text; for number and boolean inputs also a text
        /// the runtime reads as missing ("", "?", "NA", "NaN"). Unseen: a non-missing text outside the model's categories
        /// (exact match, as ML.NET's ValueToKey). Out of range: a number below the smallest or above the largest value seen
        /// at conversion.
        /// </remarks>
        private DriftCounter? WriteBatchStatistics(ScoringModel model, string batchTable, long runId, int batch)
        {
            var inputs = model.Inputs;
            int n = inputs.Count;
            var stats = new long[n, 5]; // rows, missing, unseen, below, above
            var categories = inputs.Select(i => new HashSet<string>(i.Categories, StringComparer.Ordinal)).ToArray();
            var drift = model.Profile != null ? new DriftCounter(model) : null;
            string values = string.Concat(Enumerable.Range(0, n).Select(i => "v" + i.ToString(CultureInfo.InvariantCulture) + ", "));
            using (var command = Command(_connection, $"SELECT {values}Score, Probability, Label, Status = 'Scored' AND coalesce(Arm, 'A') = 'A' FROM temp.{Q(batchTable)}"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    // Drift is measured on the rows the run's own version scored: not the split's other arm, fallback or refused rows.
                    var rowDrift = reader.GetInt64(n + 3) == 1 ? drift : null;
                    for (int i = 0; i < n; i++)
                    {
                        stats[i, 0]++;
                        var input = inputs[i];
                        object? value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                        if (input.Kind == InputKind.Text)
                        {
                            string? text = value == null ? null : value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
                            if (string.IsNullOrEmpty(text)) stats[i, 1]++;
                            else if (categories[i].Count > 0 && !categories[i].Contains(text)) stats[i, 2]++;
                            rowDrift?.SetText(i, text);
                            continue;
                        }
                        double? number = Number(value, input);
                        if (number == null) continue; // not a value of its kind: the row was refused (or scored by the fallback)
                        if (double.IsNaN(number.Value)) stats[i, 1]++;
                        else if (number < input.TrainingMin) stats[i, 3]++;
                        else if (number > input.TrainingMax) stats[i, 4]++;
                        rowDrift?.SetNumber(i, number.Value);
                    }
                    rowDrift?.CountOutputs(reader.IsDBNull(n) ? double.NaN : reader.GetDouble(n), reader.IsDBNull(n + 1) ? double.NaN : reader.GetDouble(n + 1),
                        reader.IsDBNull(n + 2) ? null : reader.GetString(n + 2));
                }
            }
            using (var insert = Command(_connection,
                "INSERT INTO ScoringRunInputStats (ScoringRunId, BatchNumber, InputName, RowsScored, MissingValues, UnseenCategories, BelowRange, AboveRange) " +
                "VALUES ($run, $batch, $name, $rows, $missing, $unseen, $below, $above)",
                ("$run", runId), ("$batch", batch), ("$name", ""), ("$rows", 0L), ("$missing", 0L), ("$unseen", 0L), ("$below", 0L), ("$above", 0L)))
            {
                for (int i = 0; i < n; i++)
                {
                    insert.Parameters["$name"].Value = inputs[i].Name;
                    insert.Parameters["$rows"].Value = stats[i, 0];
                    insert.Parameters["$missing"].Value = stats[i, 1];
                    insert.Parameters["$unseen"].Value = stats[i, 2];
                    insert.Parameters["$below"].Value = stats[i, 3];
                    insert.Parameters["$above"].Value = stats[i, 4];
                    insert.ExecuteNonQuery();
                }
            }
            if (drift != null) WriteDriftCounts(drift, runId, batch);
            return drift;
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

        private void WriteDriftCounts(DriftCounter drift, long runId, int batch)
        {
            using var insert = Command(_connection,
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
