using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Dapper;
using DbScoring.Runtime.Monitoring;

namespace DbScoring.Store.SqlServer
{
    /// <summary>
    /// Drift per run and thresholds through scoring.SetMonitoring and the monitoring views and tables (docs/monitoring.md).
    /// The report is computed from the stored batch counts with the runtime's PSI code, as the embedded store does it.
    /// </summary>
    public sealed partial class SqlServerModelStore
    {
        /// <inheritdoc />
        public RunDriftReport RunDrift(long runId) => Guard(() =>
        {
            var run = Connection.QuerySingleOrDefault<DriftRunRow>(Sql(
                "SELECT r.ScoringRunId, r.ModelName, r.VersionNumber, r.StartedAt, r.DriftLevel, r.DriftInputs FROM scoring.Runs AS r " +
                "WHERE r.ScoringRunId = @runId AND r.VersionNumber IS NOT NULL", new { runId }));
            if (run == null) throw new ArgumentException($"There is no scoring run {runId} (with a model version) in {DisplayName}.", nameof(runId));
            var causes = run.DriftInputs == null ? Array.Empty<string>() : run.DriftInputs.Split(',');
            var profile = TrainingProfileOf(run.ModelName, run.VersionNumber);
            if (profile == null)
                return new RunDriftReport { RunId = runId, Model = run.ModelName, Version = run.VersionNumber, HasProfile = false, DriftInputs = causes };
            var stored = Connection.Query<DriftCountRow>(Sql(
                "SELECT IsOutput, Name, Buckets, BelowRange, AboveRange FROM scoring.RunDriftCounts WHERE ScoringRunId = @runId ORDER BY BatchNumber",
                new { runId }))
                .Select(r => new StoredDriftCounts(r.IsOutput, r.Name, JsonSerializer.Deserialize<long[]>(r.Buckets)!, r.BelowRange, r.AboveRange)).ToList();
            return new RunDriftReport
            {
                RunId = runId, Model = run.ModelName, Version = run.VersionNumber, HasProfile = true, ProfileSource = profile.Source,
                DriftLevel = run.DriftLevel, DriftInputs = causes,
                Report = StoredDriftCounts.Report(profile, stored, MonitoringAt(run.ModelName, run.StartedAt).Thresholds),
            };
        });

        /// <summary>
        /// The version's training profile, or null: through scoring.ExportTrainingProfile, which every role that reads drift may
        /// run (an analyst may not export the blob). The CLR checks the blob's SHA-256 before it reads the profile.
        /// </summary>
        private TrainingProfile? TrainingProfileOf(string model, int version)
        {
            var row = Connection.QuerySingle<ProfileRow>(Proc("scoring.ExportTrainingProfile", new { Model = model, Version = version, Execute = "Y" }));
            return row.Profile == null ? null : TrainingProfile.FromBytes(row.Profile);
        }

        /// <inheritdoc />
        public MonitoringSettings GetMonitoring(string model) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            return MonitoringAt(model, null);
        });

        /// <inheritdoc />
        public MonitoringSettings SetMonitoring(string model, double warningPsi, double alertPsi, string? setBy = null) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            Connection.Execute(Proc("scoring.SetMonitoring", new { Model = model, WarningPsi = warningPsi, AlertPsi = alertPsi, Execute = "Y" }));
            return MonitoringAt(model, null);
        });

        /// <summary>The thresholds in force at <paramref name="at"/> (null = now): the newest set by then, else the defaults.</summary>
        private MonitoringSettings MonitoringAt(string model, DateTime? at)
        {
            if (Connection.ExecuteScalar<int>(Sql("SELECT COUNT(*) FROM scoring.Models WHERE ModelName = @model", new { model })) == 0)
                throw new ArgumentException($"There is no model named '{model}' in {DisplayName}.", nameof(model));
            var row = Connection.QuerySingleOrDefault<SettingRow>(Sql(
                "SELECT TOP (1) s.WarningPsi, s.AlertPsi, s.SetBy, s.SetAt FROM scoring.MonitoringSettingHistory AS s " +
                "WHERE s.ModelName = @model AND (@at IS NULL OR s.SetAt <= @at) ORDER BY s.MonitoringSettingId DESC", WithTime(new { model }, "at", at?.ToUniversalTime())));
            return row == null
                ? new MonitoringSettings { Model = model }
                : new MonitoringSettings { Model = model, WarningPsi = row.WarningPsi, AlertPsi = row.AlertPsi, IsDefault = false, SetBy = row.SetBy, SetAt = Utc(row.SetAt) };
        }

#pragma warning disable CS8618, CA1812 // Dapper row types: set by Dapper
        private sealed class DriftRunRow
        {
            public long ScoringRunId { get; set; } public string ModelName { get; set; } public int VersionNumber { get; set; } public DateTime StartedAt { get; set; }
            public string? DriftLevel { get; set; } public string? DriftInputs { get; set; }
        }
        private sealed class ProfileRow { public byte[]? Profile { get; set; } }
        private sealed class DriftCountRow { public bool IsOutput { get; set; } public string Name { get; set; } public string Buckets { get; set; } public long BelowRange { get; set; } public long AboveRange { get; set; } }
        private sealed class SettingRow { public double WarningPsi { get; set; } public double AlertPsi { get; set; } public string SetBy { get; set; } public DateTime SetAt { get; set; } }
#pragma warning restore CS8618, CA1812
    }
}
