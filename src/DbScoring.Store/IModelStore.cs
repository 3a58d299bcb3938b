using System;
using System.Collections.Generic;

namespace DbScoring.Store
{
    /// <summary>
    /// A model registry with audited scoring: immutable versioned blobs, movable aliases whose every move is kept,
    /// scoring runs and prediction logs that nobody can edit. Implemented by <see cref="Sqlite.SqliteModelStore"/>
    /// (embedded) and <see cref="SqlServer.SqlServerModelStore"/> (calls the scoring.* procedures).
    /// Caller mistakes throw <see cref="ArgumentException"/>; store problems <see cref="ModelStoreException"/>.
    /// An instance is not thread-safe: use one per thread.
    /// </summary>
    public interface IModelStore : IDisposable
    {
        /// <summary>"sqlite" or "sqlserver".</summary>
        string Backend { get; }

        /// <summary>Where the store is, safe to print (file path, or server and database with no password).</summary>
        string DisplayName { get; }

        /// <summary>Installed schema version; 0 when nothing is installed.</summary>
        int GetSchemaVersion();

        /// <summary>Creates or upgrades the schema. Idempotent: a second call changes nothing.</summary>
        SchemaStatus EnsureSchema();

        /// <summary>
        /// Validates the blob (a blob that cannot be scored is refused) and stores it as the next version of the
        /// model, creating the model on first use. The same bytes registered again return the existing version.
        /// </summary>
        RegisterResult RegisterVersion(RegisterRequest request);

        /// <summary>Every model, by name.</summary>
        IReadOnlyList<ModelSummary> ListModels();

        /// <summary>Every version of <paramref name="model"/>, oldest first.</summary>
        IReadOnlyList<ModelVersionInfo> ListVersions(string model);

        /// <summary>The version a reference names (alias resolved now). Unknown model/alias/version: ArgumentException.</summary>
        ModelVersionInfo GetVersion(ModelRef reference);

        /// <summary>
        /// The stored blob, verified against its recorded SHA-256 and loadable by the runtime;
        /// <see cref="BlobIntegrityException"/> when it was altered.
        /// </summary>
        byte[] GetBlob(ModelRef reference);

        /// <summary>Points <paramref name="alias"/> at <paramref name="version"/> (promote); the move is kept in the history.</summary>
        AliasMove SetAlias(string model, string alias, int version, string? movedBy = null, string? reason = null);

        /// <summary>Moves the alias back to the version it pointed to before its current one — a new move, never an edit.</summary>
        AliasMove Rollback(string model, string alias, string? movedBy = null, string? reason = null);

        /// <summary>Every move of the model's aliases (one alias when given), oldest first.</summary>
        IReadOnlyList<AliasMove> AliasHistory(string model, string? alias = null);

        /// <summary>Where every alias (of one model when given) pointed at <paramref name="asOfUtc"/>.</summary>
        IReadOnlyList<AliasPointer> AliasesAsOf(DateTime asOfUtc, string? model = null);

        /// <summary>
        /// Scores the source rows not yet scored by the resolved version into the target, in batch transactions,
        /// recording one ScoringRun and one PredictionLog row per prediction. Restartable and incremental.
        /// </summary>
        ScoringRunInfo ScoreTable(ScoreTableRequest request);

        /// <summary>Per model input, the run's missing, unseen and out-of-range counts (a drift signal), in input order.</summary>
        IReadOnlyList<InputStatistics> InputStatistics(long runId);

        /// <summary>
        /// The drift of a run: per input and for Score, Probability and PredictedLabel the population stability index
        /// against the training profile of the version it scored with (docs/monitoring.md). Unknown run: ArgumentException.
        /// </summary>
        RunDriftReport RunDrift(long runId);

        /// <summary>How the shadow version of a run scored its rows compared with the primary; ArgumentException when the run had no shadow.</summary>
        ShadowComparison CompareShadow(long runId);

        /// <summary>
        /// Records known outcomes of rows (by row key, as PredictionLog.RowKey) in one transaction; append-only, a correction is a
        /// new record and the latest wins. Returns the number recorded.
        /// </summary>
        int RecordOutcomes(string model, IEnumerable<OutcomeRecord> outcomes, string? recordedBy = null);

        /// <summary>
        /// Realised performance per version (and per "day" or "week" of the prediction when given), joining the latest outcome of
        /// each key to each version's latest logged prediction for it (shadow predictions included; refused rows excluded).
        /// </summary>
        IReadOnlyList<RealisedPerformance> Performance(string model, string? by = null);

        /// <summary>The model's drift thresholds (the defaults 0.1 / 0.25 when never set).</summary>
        MonitoringSettings GetMonitoring(string model);

        /// <summary>Sets the model's drift thresholds for the runs that start from now on; every change is kept.</summary>
        MonitoringSettings SetMonitoring(string model, double warningPsi, double alertPsi, string? setBy = null);

        /// <summary>Scoring runs, newest first (of one model when given), at most <paramref name="limit"/>.</summary>
        IReadOnlyList<ScoringRunInfo> ListRuns(string? model = null, int limit = 100);

        /// <summary>Logged predictions for a row key (of one model when given), oldest first.</summary>
        IReadOnlyList<PredictionRecord> PredictionsForKey(string rowKey, string? model = null);

        /// <summary>
        /// The rows a scoring run refused (no version could score them: Status 'Refused'), in the order the run met them,
        /// at most <paramref name="limit"/>; <see cref="ScoringRunInfo.RowsRefused"/> has the count.
        /// </summary>
        IReadOnlyList<RefusedRow> RefusedRows(long runId, int limit = 10);

        /// <summary>
        /// Sets how many days the model's prediction log is kept after a run ends; null = keep everything (every
        /// model's default). Each call is kept (who, when, why). Unknown model or days outside 1 .. 36500: ArgumentException.
        /// </summary>
        RetentionPolicy SetRetention(string model, int? keepDays, string? setBy = null, string? reason = null);

        /// <summary>Every model's retention policy now (of one model when given), by model name.</summary>
        IReadOnlyList<RetentionPolicy> RetentionPolicies(string? model = null);

        /// <summary>
        /// Removes the prediction log rows of whole runs that ended before their model's cutoff, oldest first, in
        /// batches; each batch is recorded in the retention log (rows, id range, digest, who, when) in the same
        /// transaction. Run rows stay. <see cref="PurgeRequest.Execute"/> false lists what would go.
        /// </summary>
        PurgeResult PurgePredictionLog(PurgeRequest request);

        /// <summary>The retention log, newest first (of one purge or model when given), at most <paramref name="limit"/> entries.</summary>
        IReadOnlyList<RetentionLogEntry> RetentionLog(long? purgeId = null, string? model = null, int limit = 1000);

        /// <summary>
        /// Recomputes the tamper-evident audit trail (of one model, or one run, when given) and reports the first broken
        /// link: an edited, deleted or inserted row of PredictionLog, ScoringRun, ModelVersion, AliasHistory or of the chain
        /// itself (docs/audit.md).
        /// </summary>
        AuditVerification VerifyAuditTrail(string? model = null, long? runId = null);

        /// <summary>
        /// Scores a logged prediction (run, row key) again from its logged inputs with the exact logged model bytes and
        /// compares every output bit for bit; null when the run logged no prediction for that key.
        /// </summary>
        ReplayResult? ReplayPrediction(long runId, string rowKey);
    }
}
