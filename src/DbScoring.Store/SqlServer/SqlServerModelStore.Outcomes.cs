using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Dapper;

namespace DbScoring.Store.SqlServer
{
    /// <summary>
    /// Outcomes (scoring.RecordOutcomes into the append-only scoring.Outcome, the latest of a key wins) and realised
    /// performance, computed from scoring.PredictionOutcomesOf (one model's rows) with the same code as the embedded store (docs/monitoring.md).
    /// </summary>
    public sealed partial class SqlServerModelStore
    {
        /// <inheritdoc />
        public int RecordOutcomes(string model, IEnumerable<OutcomeRecord> outcomes, string? recordedBy = null) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            if (outcomes == null) throw new ArgumentNullException(nameof(outcomes));
            var rows = new List<Dictionary<string, string?>>();
            foreach (var outcome in outcomes)
            {
                if (string.IsNullOrEmpty(outcome.RowKey)) throw new ArgumentException($"Outcome {rows.Count + 1} has no row key.", nameof(outcomes));
                if (string.IsNullOrWhiteSpace(outcome.Actual)) throw new ArgumentException($"The outcome of key '{outcome.RowKey}' is empty: give the actual label or value.", nameof(outcomes));
                rows.Add(new Dictionary<string, string?>
                {
                    ["rowKey"] = outcome.RowKey, ["actual"] = outcome.Actual,
                    ["observedAt"] = outcome.ObservedAt?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture),
                });
            }
            if (rows.Count == 0) return 0;
            // RecordedBy is the login (ORIGINAL_LOGIN()) on SQL Server: a caller cannot record in another's name.
            var parameters = new DynamicParameters(new { Model = model, Outcomes = JsonSerializer.Serialize(rows), Execute = "Y" });
            parameters.Add("RowsRecorded", dbType: System.Data.DbType.Int64, direction: System.Data.ParameterDirection.Output);
            Connection.Execute(Proc("scoring.RecordOutcomes", parameters));
            return (int)parameters.Get<long>("RowsRecorded");
        });

        /// <inheritdoc />
        public IReadOnlyList<RealisedPerformance> Performance(string model, string? by = null) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            if (by != null && by != "day" && by != "week") throw new ArgumentException($"Give 'day' or 'week' to group by, not '{by}'.", nameof(by));
            if (Connection.ExecuteScalar<int>(Sql("SELECT COUNT(*) FROM scoring.Models WHERE ModelName = @model", new { model })) == 0)
                throw new ArgumentException($"There is no model named '{model}' in {DisplayName}.", nameof(model));
            var rows = Connection.Query<OutcomeRow>(Sql(
                "SELECT ModelName, VersionNumber, PredictionKind, PredictedAt, PredictedLabel, Score, Probability, Actual " +
                "FROM scoring.PredictionOutcomesOf(@model)", new { model })).ToList();
            return (IReadOnlyList<RealisedPerformance>)rows
                .GroupBy(r => (r.VersionNumber, Kind: (int)r.PredictionKind, Period: RealisedPerformance.PeriodOf(Utc(r.PredictedAt), by)))
                .OrderBy(g => g.Key.VersionNumber).ThenBy(g => g.Key.Period)
                .Select(g => RealisedPerformance.Compute(g.First().ModelName, g.Key.VersionNumber, g.Key.Period, RealisedPerformance.KindName(g.Key.Kind),
                    g.Select(r => new ScoredOutcome(r.PredictedLabel, r.Score, r.Probability, r.Actual)).ToList()))
                .ToList();
        });

#pragma warning disable CS8618, CA1812 // Dapper row type: set by Dapper
        private sealed class OutcomeRow
        {
            public string ModelName { get; set; } public int VersionNumber { get; set; } public byte PredictionKind { get; set; } public DateTime PredictedAt { get; set; }
            public string? PredictedLabel { get; set; } public float? Score { get; set; } public float? Probability { get; set; } public string Actual { get; set; }
        }
#pragma warning restore CS8618, CA1812
    }
}
