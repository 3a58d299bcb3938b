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
    // Drift against the training profile (docs/monitoring.md): counted per batch inside the batch transaction, the run's
    // PSI and level written when the run completes, thresholds per model kept as an append-only history.
    public sealed partial class SqliteModelStore
    {
        /// <summary>
        /// At the end of a run (succeeded or failed): the PSI of every input and output over the committed batches, stored
        /// in RunDrift; returns the run's level and causes for ScoringRun, or nulls when the version has no profile.
        /// </summary>
        private (string? Level, string? Causes) WriteRunDrift(long runId, DriftCounter? total, DriftThresholds thresholds)
        {
            if (total == null) return (null, null);
            var report = total.Report(thresholds);
            using var insert = Command(_connection,
                "INSERT INTO RunDrift (ScoringRunId, IsOutput, Name, RowsScored, Psi, DriftLevel, MissingShare, UnseenShare, OutOfRangeShare) " +
                "VALUES ($run, $out, $name, $rows, $psi, $level, $missing, $unseen, $range)",
                ("$run", runId), ("$out", 0), ("$name", ""), ("$rows", 0L), ("$psi", null), ("$level", ""), ("$missing", null), ("$unseen", null), ("$range", null));
            foreach (var d in report.Inputs.Concat(report.Outputs))
            {
                insert.Parameters["$out"].Value = d.IsOutput ? 1 : 0;
                insert.Parameters["$name"].Value = d.Name;
                insert.Parameters["$rows"].Value = d.Rows;
                insert.Parameters["$psi"].Value = DbReal(d.Psi);
                insert.Parameters["$level"].Value = d.Level.ToString();
                insert.Parameters["$missing"].Value = DbReal(d.MissingShare);
                insert.Parameters["$unseen"].Value = d.Kind == DistributionKind.Categorical ? DbReal(d.UnseenShare) : DBNull.Value;
                insert.Parameters["$range"].Value = d.Kind == DistributionKind.Numeric ? DbReal(d.OutOfRangeShare) : DBNull.Value;
                insert.ExecuteNonQuery();
            }
            return (report.Level.ToString(), report.Causes.Count == 0 ? null : string.Join(",", report.Causes));
        }

        private static object DbReal(double value) => double.IsNaN(value) || double.IsInfinity(value) ? DBNull.Value : value;

        /// <inheritdoc />
        public RunDriftReport RunDrift(long runId) => Guard(() =>
        {
            RequireSchema();
            var runs = Query(_connection,
                "SELECT m.ModelName, v.VersionNumber, r.StartedAt, r.DriftLevel, r.DriftInputs, r.ModelId FROM ScoringRun AS r " +
                "JOIN Model AS m ON m.ModelId = r.ModelId JOIN ModelVersion AS v ON v.ModelVersionId = r.ModelVersionId WHERE r.ScoringRunId = $id",
                r => (Model: r.GetString(0), Version: r.GetInt32(1), StartedAt: r.GetString(2), Level: Str(r, 3), Causes: Str(r, 4), ModelId: r.GetInt64(5)), ("$id", runId));
            if (runs.Count == 0) throw new ArgumentException($"There is no scoring run {runId} (with a model version) in this store.", nameof(runId));
            var run = runs[0];
            var profile = _catalog.Resolve(_connection, ModelRef.ForVersion(run.Model, run.Version)).ScoringModel.Profile;
            var causes = run.Causes == null ? Array.Empty<string>() : run.Causes.Split(',');
            if (profile == null)
                return new RunDriftReport { RunId = runId, Model = run.Model, Version = run.Version, HasProfile = false, DriftInputs = causes };
            var stored = Query(_connection,
                "SELECT IsOutput, Name, Buckets, BelowRange, AboveRange FROM ScoringRunDriftCounts WHERE ScoringRunId = $id ORDER BY BatchNumber",
                r => new StoredDriftCounts(r.GetInt64(0) == 1, r.GetString(1), JsonSerializer.Deserialize<long[]>(r.GetString(2))!, r.GetInt64(3), r.GetInt64(4)),
                ("$id", runId));
            var thresholds = MonitoringAt(run.ModelId, run.Model, run.StartedAt).Thresholds;
            return new RunDriftReport
            {
                RunId = runId, Model = run.Model, Version = run.Version, HasProfile = true, ProfileSource = profile.Source,
                DriftLevel = run.Level, DriftInputs = causes,
                Report = StoredDriftCounts.Report(profile, stored, thresholds),
            };
        });

        /// <inheritdoc />
        public MonitoringSettings GetMonitoring(string model) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            RequireSchema();
            var (modelId, name) = FindModel(model);
            return MonitoringAt(modelId, name, null);
        });

        /// <inheritdoc />
        public MonitoringSettings SetMonitoring(string model, double warningPsi, double alertPsi, string? setBy = null) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            if (!(warningPsi > 0) || double.IsInfinity(warningPsi))
                throw new ArgumentException($"The warning threshold must be a PSI above 0 (such as 0.1), not {warningPsi.ToString(CultureInfo.InvariantCulture)}.", nameof(warningPsi));
            if (!(alertPsi >= warningPsi) || double.IsInfinity(alertPsi))
                throw new ArgumentException($"The alert threshold ({alertPsi.ToString(CultureInfo.InvariantCulture)}) must be at least the warning threshold ({warningPsi.ToString(CultureInfo.InvariantCulture)}).", nameof(alertPsi));
            RequireSchemaForChange();
            var (modelId, name) = FindModel(model);
            Execute(_connection, "INSERT INTO MonitoringSetting (ModelId, WarningPsi, AlertPsi, SetBy, SetAt) VALUES ($m, $w, $a, $by, $at)",
                ("$m", modelId), ("$w", warningPsi), ("$a", alertPsi), ("$by", setBy ?? Environment.UserName), ("$at", Now()));
            return MonitoringAt(modelId, name, null);
        });

        /// <summary>The thresholds in force at <paramref name="at"/> (ISO text; null = now): the latest row set by then, else the defaults.</summary>
        private MonitoringSettings MonitoringAt(long modelId, string model, string? at)
        {
            var rows = Query(_connection,
                "SELECT WarningPsi, AlertPsi, SetBy, SetAt FROM MonitoringSetting WHERE ModelId = $m AND ($at IS NULL OR SetAt <= $at) ORDER BY MonitoringSettingId DESC LIMIT 1",
                r => new MonitoringSettings { Model = model, WarningPsi = r.GetDouble(0), AlertPsi = r.GetDouble(1), IsDefault = false, SetBy = r.GetString(2), SetAt = ParseTime(r.GetString(3)) },
                ("$m", modelId), ("$at", at));
            return rows.Count > 0 ? rows[0] : new MonitoringSettings { Model = model };
        }

        private (long ModelId, string Name) FindModel(string model)
        {
            var rows = Query(_connection, "SELECT ModelId, ModelName FROM Model WHERE ModelName = $m", r => (r.GetInt64(0), r.GetString(1)), ("$m", model));
            if (rows.Count == 0) throw new ArgumentException($"There is no model named '{model}' in this store.", nameof(model));
            return rows[0];
        }
    }
}
