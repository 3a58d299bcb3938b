using System;
using System.Collections.Generic;

namespace DbScoring.Store
{
    /// <summary>What <see cref="IModelStore.EnsureSchema"/> found and did.</summary>
    public sealed class SchemaStatus
    {
        /// <summary>Schema version before the call; 0 when nothing was installed.</summary>
        public int VersionBefore { get; init; }
        /// <summary>Schema version after the call.</summary>
        public int VersionAfter { get; init; }
        /// <summary>Version this code installs; equal to <see cref="VersionAfter"/> after a successful call.</summary>
        public int CodeVersion { get; init; }
        /// <summary>True when something was created or upgraded.</summary>
        public bool Changed => VersionAfter != VersionBefore;
        /// <summary>Human-readable summary of what happened.</summary>
        public string Description { get; init; } = "";
        /// <summary>What the installer printed, in order (SQL Server: what it kept, upgraded or noted); empty for the embedded store.</summary>
        public IReadOnlyList<string> Messages { get; init; } = Array.Empty<string>();
    }

    /// <summary>A model file to register as a version.</summary>
    public sealed class RegisterRequest
    {
        /// <summary>Model name (see <see cref="StoreNames"/>); created on first use.</summary>
        public string Model { get; init; } = "";
        /// <summary>The model blob (.dbsm bytes). Validated with the runtime before it is stored.</summary>
        public byte[] Blob { get; init; } = Array.Empty<byte>();
        /// <summary>Optional: the ML.NET .zip (or other artefact) the blob was converted from.</summary>
        public string? SourceArtifactName { get; init; }
        /// <summary>Optional: SHA-256 of that artefact, 64 hex digits.</summary>
        public string? SourceArtifactSha256 { get; init; }
        /// <summary>Optional free text.</summary>
        public string? Notes { get; init; }
        /// <summary>Who registers it; null = the current OS user. SQL Server records ORIGINAL_LOGIN() instead.</summary>
        public string? RegisteredBy { get; init; }
    }

    /// <summary>The outcome of a registration.</summary>
    public sealed class RegisterResult
    {
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>Version number within the model (1, 2, ...).</summary>
        public int Version { get; init; }
        /// <summary>Store-wide id of the version row.</summary>
        public long ModelVersionId { get; init; }
        /// <summary>False when the same bytes were already registered for this model (that version is returned).</summary>
        public bool IsNew { get; init; }
        /// <summary>SHA-256 of the whole blob, 64 lowercase hex digits.</summary>
        public string BlobSha256 { get; init; } = "";
    }

    /// <summary>One model with its newest version and current aliases.</summary>
    public sealed class ModelSummary
    {
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>Highest version number; 0 when none.</summary>
        public int LatestVersion { get; init; }
        /// <summary>Number of versions.</summary>
        public int VersionCount { get; init; }
        /// <summary>Current aliases, "alias=version" joined with ", "; empty when none.</summary>
        public string Aliases { get; init; } = "";
        /// <summary>Who created the model (first registration).</summary>
        public string CreatedBy { get; init; } = "";
        /// <summary>When, UTC.</summary>
        public DateTime CreatedAt { get; init; }
    }

    /// <summary>One registered, immutable model version (without its blob).</summary>
    public sealed class ModelVersionInfo
    {
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>Version number within the model.</summary>
        public int Version { get; init; }
        /// <summary>Store-wide id of the version row.</summary>
        public long ModelVersionId { get; init; }
        /// <summary>SHA-256 of the whole stored blob, 64 lowercase hex digits.</summary>
        public string BlobSha256 { get; init; } = "";
        /// <summary>The blob's own content hash (its trailer), 64 lowercase hex digits.</summary>
        public string ContentHash { get; init; } = "";
        /// <summary>Blob size in bytes.</summary>
        public long BlobBytes { get; init; }
        /// <summary>Model format version, "major.minor".</summary>
        public string FormatVersion { get; init; } = "";
        /// <summary>BinaryClassification, Regression or MulticlassClassification.</summary>
        public string PredictionKind { get; init; } = "";
        /// <summary>Algorithm from the blob's metadata; null when not recorded.</summary>
        public string? Algorithm { get; init; }
        /// <summary>Input and output schema as JSON (the runtime's DescribeJson on SQLite; InputSchema on SQL Server).</summary>
        public string? SchemaJson { get; init; }
        /// <summary>Source artefact name; null when not given.</summary>
        public string? SourceArtifactName { get; init; }
        /// <summary>Source artefact SHA-256, 64 lowercase hex digits; null when not given.</summary>
        public string? SourceArtifactSha256 { get; init; }
        /// <summary>Notes given at registration.</summary>
        public string? Notes { get; init; }
        /// <summary>Who registered it.</summary>
        public string RegisteredBy { get; init; } = "";
        /// <summary>When, UTC.</summary>
        public DateTime RegisteredAt { get; init; }
        /// <summary>The alias the reference resolved through (GetVersion with model@alias); null otherwise.</summary>
        public string? ResolvedAlias { get; init; }
    }

    /// <summary>One alias move, as kept in the alias history.</summary>
    public sealed class AliasMove
    {
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>Alias name.</summary>
        public string Alias { get; init; } = "";
        /// <summary>Version number the alias pointed to before the move; null for its first move.</summary>
        public int? FromVersion { get; init; }
        /// <summary>Version number the alias points to after the move.</summary>
        public int ToVersion { get; init; }
        /// <summary>Store-wide id of that version.</summary>
        public long ToModelVersionId { get; init; }
        /// <summary>Who moved it.</summary>
        public string MovedBy { get; init; } = "";
        /// <summary>When, UTC.</summary>
        public DateTime MovedAt { get; init; }
        /// <summary>Reason given, "Rollback..." for rollbacks; null when none.</summary>
        public string? Reason { get; init; }
        /// <summary>False when the alias already pointed at the version and nothing moved.</summary>
        public bool Moved { get; init; } = true;
    }

    /// <summary>Where an alias pointed at a given time.</summary>
    public sealed class AliasPointer
    {
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>Alias name.</summary>
        public string Alias { get; init; } = "";
        /// <summary>Version number.</summary>
        public int Version { get; init; }
        /// <summary>Store-wide version id.</summary>
        public long ModelVersionId { get; init; }
        /// <summary>SHA-256 of that version's blob.</summary>
        public string BlobSha256 { get; init; } = "";
        /// <summary>Who had moved it there.</summary>
        public string MovedBy { get; init; } = "";
        /// <summary>When it was moved there, UTC.</summary>
        public DateTime MovedAt { get; init; }
    }

    /// <summary>A table to score into another table.</summary>
    public sealed class ScoreTableRequest
    {
        /// <summary>The model version to score with (alias or pinned version), resolved once at the start of the run.</summary>
        public ModelRef Model { get; init; } = ModelRef.Parse("model");
        /// <summary>Source table or view; it must exist. SQL Server: [schema.]name.</summary>
        public string Source { get; init; } = "";
        /// <summary>Key column names of the source, identifying a row; at least one. Rows with a NULL key are skipped.</summary>
        public IReadOnlyList<string> KeyColumns { get; init; } = Array.Empty<string>();
        /// <summary>Target table; created when missing (letters, digits, _ only), checked when present.</summary>
        public string Target { get; init; } = "";
        /// <summary>
        /// The largest <see cref="BatchSize"/>, in both stores (SQL Server's ScoreTable refuses more too): a batch's audit link
        /// hashes every row's digest, which SQL Server aggregates into one value of 64 characters per logged row.
        /// </summary>
        public const int MaxBatchSize = 1_000_000;
        /// <summary>Rows per batch transaction, 1 to <see cref="MaxBatchSize"/>. A failed run loses at most the batch in flight.</summary>
        public int BatchSize { get; init; } = 100_000;
        /// <summary>True: PredictionLog keeps the inputs as sent (JSON); false: only their SHA-256.</summary>
        public bool LogInputs { get; init; } = true;
        /// <summary>
        /// Reason codes: 0 (default) none; n ≥ 1 writes the n strongest reasons into the target (Reason1, Reason1Contribution,
        /// …) and the whole explanation (every input's contribution and the base, docs/explanations.md) into PredictionLog.
        /// </summary>
        public int Explain { get; init; }
        /// <summary>Who runs it; null = the current OS user (SQL Server records ORIGINAL_LOGIN()).</summary>
        public string? RunBy { get; init; }
        /// <summary>
        /// Optional shadow (champion/challenger): another version of the same model scores the same rows in the same batch;
        /// its predictions go to PredictionLog only (Role 'Shadow'); the target keeps the primary's. See CompareShadow.
        /// </summary>
        public ModelRef? Shadow { get; init; }
        /// <summary>Optional A/B split: this version of the same model scores <see cref="SplitPercent"/> % of the keys instead (arm B).</summary>
        public ModelRef? Split { get; init; }
        /// <summary>Share of keys for <see cref="Split"/>, above 0 and below 100; the same key always lands in the same arm.</summary>
        public double SplitPercent { get; init; }
        /// <summary>
        /// Optional fallback: a row the primary cannot score (wrong type, unparseable text, an error in the model) is scored by
        /// this version and recorded as Status 'Fallback' with the reason; without it such a row is recorded as 'Refused'.
        /// </summary>
        public ModelRef? Fallback { get; init; }
        /// <summary>Optional: called after each committed batch (progress).</summary>
        public Action<ScoreTableProgress>? Progress { get; init; }
    }

    /// <summary>Progress of a running ScoreTable, after a committed batch.</summary>
    public sealed class ScoreTableProgress
    {
        /// <summary>The run.</summary>
        public long RunId { get; init; }
        /// <summary>Batches committed so far.</summary>
        public int Batches { get; init; }
        /// <summary>Rows scored so far.</summary>
        public long RowsScored { get; init; }
        /// <summary>Rows written so far whatever their status (scored, by the fallback, refused).</summary>
        public long RowsDone { get; init; }
        /// <summary>Rows the run found to score when it started (the total for <see cref="RowsDone"/>); null when the store does not count them.</summary>
        public long? RowsPending { get; init; }
    }

    /// <summary>One model input over a whole scoring run: how many values were missing, unknown or outside the sample range.</summary>
    public sealed class InputStatistics
    {
        /// <summary>The model input.</summary>
        public string InputName { get; init; } = "";

        /// <summary>Rows scored.</summary>
        public long Rows { get; init; }

        /// <summary>Missing values (NULL; empty text for text inputs).</summary>
        public long Missing { get; init; }

        /// <summary>Text values outside the categories the model knows.</summary>
        public long UnseenCategories { get; init; }

        /// <summary>Numbers below the smallest value of the conversion sample.</summary>
        public long BelowRange { get; init; }

        /// <summary>Numbers above the largest value of the conversion sample.</summary>
        public long AboveRange { get; init; }
    }

    /// <summary>One scoring run as recorded in ScoringRun.</summary>
    public sealed class ScoringRunInfo
    {
        /// <summary>Run id.</summary>
        public long RunId { get; init; }
        /// <summary>Model name; null when the run failed before resolving it.</summary>
        public string? Model { get; init; }
        /// <summary>Version number scored with.</summary>
        public int? Version { get; init; }
        /// <summary>Store-wide version id.</summary>
        public long? ModelVersionId { get; init; }
        /// <summary>Alias used, null for a pinned version.</summary>
        public string? Alias { get; init; }
        /// <summary>SHA-256 of the blob scored with.</summary>
        public string? BlobSha256 { get; init; }
        /// <summary>Source table.</summary>
        public string? Source { get; init; }
        /// <summary>Target table.</summary>
        public string? Target { get; init; }
        /// <summary>Key columns, comma-separated.</summary>
        public string? KeyColumns { get; init; }
        /// <summary>Running, Succeeded, Failed, or Abandoned (its process or session ended; completed by the next run of the same target).</summary>
        public string Status { get; init; } = "";
        /// <summary>For an Abandoned run: who ran the run that noticed it (then <see cref="EndedAt"/> is when); otherwise null.</summary>
        public string? AbandonedBy { get; init; }
        /// <summary>Start, UTC.</summary>
        public DateTime StartedAt { get; init; }
        /// <summary>End, UTC; null while running (or when the process died).</summary>
        public DateTime? EndedAt { get; init; }
        /// <summary>Rows scored by the run's version (either arm of a split) and written by this run (earlier runs' rows are not counted).</summary>
        public long? RowsScored { get; init; }
        /// <summary>Rows the primary could not score that the fallback scored.</summary>
        public long? RowsByFallback { get; init; }
        /// <summary>Rows nobody could score: written with a NULL prediction, Status 'Refused' and the reason (tried again by the next run).</summary>
        public long? RowsRefused { get; init; }
        /// <summary>Rows not scored: NULL keys.</summary>
        public long? RowsSkipped { get; init; }
        /// <summary>Committed batches.</summary>
        public int? Batches { get; init; }
        /// <summary>Duration in milliseconds.</summary>
        public long? DurationMs { get; init; }
        /// <summary>Rows scored per second of duration.</summary>
        public double? RowsPerSecond { get; init; }
        /// <summary>Error message of a failed run.</summary>
        public string? Error { get; init; }
        /// <summary>Who ran it.</summary>
        public string? RunBy { get; init; }
        /// <summary>The exact call, as text; empty when SQL Server hides another user's call from this login (scoring.Runs).</summary>
        public string Command { get; init; } = "";
        /// <summary>Drift against the training profile: None, Warning or Alert; null without a profile (or while running).</summary>
        public string? DriftLevel { get; init; }
        /// <summary>The inputs (and outputs) at the run's drift level, comma-separated; null when none.</summary>
        public string? DriftInputs { get; init; }
        /// <summary>
        /// Rows in the source, counted when the run scored none (to tell an empty source from one already scored); null
        /// otherwise, and for runs read back from the log.
        /// </summary>
        public long? SourceRows { get; init; }
    }

    /// <summary>A row a scoring run could not score, as its prediction log records it.</summary>
    public sealed class RefusedRow
    {
        /// <summary>Row key: key column values as text, joined with '|' (as <see cref="PredictionRecord.RowKey"/>).</summary>
        public string RowKey { get; init; } = "";
        /// <summary>Why: names the input (= source column) and the value, or the model's error on the row.</summary>
        public string Reason { get; init; } = "";
    }

    /// <summary>One logged prediction.</summary>
    public sealed class PredictionRecord
    {
        /// <summary>Log row id.</summary>
        public long PredictionLogId { get; init; }
        /// <summary>The explanation logged with the prediction (docs/explanations.md JSON); null when the run did not explain.</summary>
        public string? ExplanationJson { get; init; }
        /// <summary>The run that made it.</summary>
        public long RunId { get; init; }
        /// <summary>Row key: key column values as text, joined with '|'.</summary>
        public string RowKey { get; init; } = "";
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>Version number.</summary>
        public int Version { get; init; }
        /// <summary>Store-wide version id.</summary>
        public long ModelVersionId { get; init; }
        /// <summary>SHA-256 of the blob that made the prediction.</summary>
        public string BlobSha256 { get; init; } = "";
        /// <summary>SHA-256 of the inputs as sent.</summary>
        public string InputsSha256 { get; init; } = "";
        /// <summary>The inputs as sent (JSON object by input name); null when the run logged hashes only.</summary>
        public string? InputsJson { get; init; }
        /// <summary>Predicted label; null for regression.</summary>
        public string? PredictedLabel { get; init; }
        /// <summary>Predicted class index; null for regression.</summary>
        public int? PredictedClass { get; init; }
        /// <summary>Score (NaN stored as null).</summary>
        public double? Score { get; init; }
        /// <summary>Probability; null when the model has none.</summary>
        public double? Probability { get; init; }
        /// <summary>When, UTC.</summary>
        public DateTime PredictedAt { get; init; }
    }
}
