using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DbScoring.Store.Sqlite
{
    // Outcomes arrive after the predictions (append-only; a correction is a new row and the latest wins), and the
    // realised performance of each version joins them to the logged predictions by row key.
    public sealed partial class SqliteModelStore
    {
        /// <inheritdoc />
        public int RecordOutcomes(string model, IEnumerable<OutcomeRecord> outcomes, string? recordedBy = null) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            if (outcomes == null) throw new ArgumentNullException(nameof(outcomes));
            RequireSchemaForChange();
            var (modelId, _) = FindModel(model);
            int count = 0;
            string at = Now(), by = recordedBy ?? Environment.UserName;
            using var tx = _connection.BeginTransaction();
            using var insert = Command(_connection, "INSERT INTO Outcome (ModelId, RowKey, Actual, ObservedAt, RecordedBy, RecordedAt) VALUES ($m, $k, $a, $o, $by, $at)",
                ("$m", modelId), ("$k", ""), ("$a", ""), ("$o", null), ("$by", by), ("$at", at));
            foreach (var outcome in outcomes)
            {
                if (string.IsNullOrEmpty(outcome.RowKey)) throw new ArgumentException($"Outcome {count + 1} has no row key.", nameof(outcomes));
                if (string.IsNullOrWhiteSpace(outcome.Actual)) throw new ArgumentException($"The outcome of key '{outcome.RowKey}' is empty: give the actual label or value.", nameof(outcomes));
                insert.Parameters["$k"].Value = outcome.RowKey;
                insert.Parameters["$a"].Value = outcome.Actual;
                insert.Parameters["$o"].Value = outcome.ObservedAt.HasValue ? FormatTime(outcome.ObservedAt.Value) : DBNull.Value;
                insert.ExecuteNonQuery();
                count++;
            }
            tx.Commit();
            return count;
        });

        /// <inheritdoc />
        public IReadOnlyList<RealisedPerformance> Performance(string model, string? by = null) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            if (by != null && by != "day" && by != "week") throw new ArgumentException($"Give 'day' or 'week' to group by, not '{by}'.", nameof(by));
            RequireSchema();
            var (modelId, name) = FindModel(model);
            // Every prediction of a key with an outcome — the primary's (scored by its version or by a fallback) and a shadow's, so a
            // challenger run in shadow gets its realised performance too — against the latest outcome per key.
            var rows = Query(_connection,
                "SELECT p.PredictionLogId, v.VersionNumber, v.PredictionKind, p.RowKey, p.PredictedAt, p.PredictedLabel, p.Score, p.Probability, o.Actual " +
                "FROM PredictionLog AS p JOIN ModelVersion AS v ON v.ModelVersionId = p.ModelVersionId " +
                "JOIN (SELECT RowKey, Actual FROM (SELECT RowKey, Actual, row_number() OVER (PARTITION BY RowKey ORDER BY OutcomeId DESC) AS n FROM Outcome WHERE ModelId = $m) WHERE n = 1) AS o " +
                "ON o.RowKey = p.RowKey WHERE v.ModelId = $m AND p.Status IN ('Scored', 'Fallback')",
                r => (Id: r.GetInt64(0), Version: r.GetInt32(1), Kind: r.GetInt32(2), Key: r.GetString(3), At: ParseTime(r.GetString(4)),
                      Row: new ScoredOutcome(Str(r, 5), Dbl(r, 6), Dbl(r, 7), r.GetString(8))),
                ("$m", modelId));
            // A key scored several times by one version counts once: its latest prediction.
            var latest = rows.GroupBy(x => (x.Version, x.Key)).Select(g => g.OrderByDescending(x => x.Id).First());
            return (IReadOnlyList<RealisedPerformance>)latest
                .GroupBy(x => (x.Version, x.Kind, Period: RealisedPerformance.PeriodOf(x.At, by)))
                .OrderBy(g => g.Key.Version).ThenBy(g => g.Key.Period)
                .Select(g => RealisedPerformance.Compute(name, g.Key.Version, g.Key.Period, RealisedPerformance.KindName(g.Key.Kind), g.Select(x => x.Row).ToList()))
                .ToList();
        });
    }
}
