using System.Collections.Generic;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// The embedded store's schema, as numbered migrations applied in order inside one transaction each and recorded
    /// in SchemaVersion. Published migrations are never edited: a change is a new migration.
    /// Times are UTC text, ISO 8601 with milliseconds ("2026-03-01T09:00:00.000Z"), so they sort as text.
    /// Hashes are 64 lowercase hex digits.
    /// </summary>
    internal static class SqliteSchema
    {
        /// <summary>Highest migration this code knows.</summary>
        internal static int CodeVersion => Migrations.Count;

        internal static readonly IReadOnlyList<(string Description, string Sql)> Migrations = new[]
        {
            ("registry, aliases with history, scoring runs and prediction log; append-only triggers", V1),
            ("per-batch input statistics of scoring runs (missing, unseen categories, outside the sample range)", V2),
            ("reason codes in the prediction log (the whole explanation as JSON)", V3),
            ("retention: per-model policies and the retention log; prediction rows leave only by a recorded purge", V4),
            ("stale runs: status Abandoned and AbandonedBy on ScoringRun", V5),
            ("drift against the training profile: per-batch bucket counts, per-run PSI and level, thresholds per model", Drift),
            ("champion/challenger and fallback: role, arm, status and reason per logged prediction; run counts; outcomes", Champions),
            ("tamper-evident audit chain: one SHA-256 link per registration, alias move, run start and end, and prediction batch", AuditChain),
            ("retention digest versions: RetentionLog.DigestVersion (NULL = line format 1; purges now write 2, which covers role, arm, status, reason and explanation)", DigestVersion),
        };

        private const string V1 = @"
CREATE TABLE IF NOT EXISTS Model (
    ModelId     INTEGER PRIMARY KEY,
    ModelName   TEXT NOT NULL COLLATE NOCASE UNIQUE
                CHECK (length(ModelName) BETWEEN 1 AND 100 AND ModelName GLOB '[A-Za-z]*' AND ModelName NOT GLOB '*[^A-Za-z0-9_]*'),
    CreatedBy   TEXT NOT NULL,
    CreatedAt   TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS ModelVersion (
    ModelVersionId        INTEGER PRIMARY KEY,
    ModelId               INTEGER NOT NULL REFERENCES Model (ModelId),
    VersionNumber         INTEGER NOT NULL CHECK (VersionNumber >= 1),
    ModelBlob             BLOB NOT NULL,
    BlobSha256            TEXT NOT NULL CHECK (length(BlobSha256) = 64),
    BlobBytes             INTEGER NOT NULL,
    ContentHash           TEXT NOT NULL,
    FormatVersion         TEXT NOT NULL,
    PredictionKind        INTEGER NOT NULL CHECK (PredictionKind IN (1, 2, 3)),
    Algorithm             TEXT NULL,
    Description           TEXT NOT NULL,
    SourceArtifactName    TEXT NULL,
    SourceArtifactSha256  TEXT NULL,
    Notes                 TEXT NULL,
    RegisteredBy          TEXT NOT NULL,
    RegisteredAt          TEXT NOT NULL,
    UNIQUE (ModelId, VersionNumber),
    UNIQUE (ModelId, BlobSha256)
);

CREATE TABLE IF NOT EXISTS ModelAlias (
    ModelId         INTEGER NOT NULL REFERENCES Model (ModelId),
    AliasName       TEXT NOT NULL COLLATE NOCASE
                    CHECK (length(AliasName) BETWEEN 1 AND 100 AND AliasName GLOB '[A-Za-z]*' AND AliasName NOT GLOB '*[^A-Za-z0-9_]*'),
    ModelVersionId  INTEGER NOT NULL REFERENCES ModelVersion (ModelVersionId),
    MovedBy         TEXT NOT NULL,
    MovedAt         TEXT NOT NULL,
    PRIMARY KEY (ModelId, AliasName)
);

CREATE TABLE IF NOT EXISTS AliasHistory (
    AliasHistoryId      INTEGER PRIMARY KEY,
    ModelId             INTEGER NOT NULL REFERENCES Model (ModelId),
    AliasName           TEXT NOT NULL COLLATE NOCASE,
    FromModelVersionId  INTEGER NULL REFERENCES ModelVersion (ModelVersionId),
    ToModelVersionId    INTEGER NOT NULL REFERENCES ModelVersion (ModelVersionId),
    MovedBy             TEXT NOT NULL,
    MovedAt             TEXT NOT NULL,
    Reason              TEXT NULL
);
CREATE INDEX IF NOT EXISTS IX_AliasHistory_Alias ON AliasHistory (ModelId, AliasName, AliasHistoryId);

CREATE TABLE IF NOT EXISTS ScoringRun (
    ScoringRunId    INTEGER PRIMARY KEY,
    ModelId         INTEGER NULL REFERENCES Model (ModelId),
    ModelVersionId  INTEGER NULL REFERENCES ModelVersion (ModelVersionId),
    AliasName       TEXT NULL,
    BlobSha256      TEXT NULL,
    SourceName      TEXT NULL,
    TargetName      TEXT NULL,
    KeyColumns      TEXT NULL,
    Command         TEXT NOT NULL,
    StartedAt       TEXT NOT NULL,
    EndedAt         TEXT NULL,
    Status          TEXT NOT NULL DEFAULT 'Running' CHECK (Status IN ('Running', 'Succeeded', 'Failed')),
    RowsScored      INTEGER NULL,
    RowsSkipped     INTEGER NULL,
    BatchCount      INTEGER NULL,
    DurationMs      INTEGER NULL,
    RowsPerSecond   REAL NULL,
    ErrorMessage    TEXT NULL,
    RunBy           TEXT NOT NULL,
    HostName        TEXT NULL
);

CREATE TABLE IF NOT EXISTS PredictionLog (
    PredictionLogId  INTEGER PRIMARY KEY,
    ScoringRunId     INTEGER NOT NULL REFERENCES ScoringRun (ScoringRunId),
    RowKey           TEXT NOT NULL,
    ModelVersionId   INTEGER NOT NULL REFERENCES ModelVersion (ModelVersionId),
    BlobSha256       TEXT NOT NULL,
    InputsSha256     TEXT NOT NULL,
    InputsJson       TEXT NULL,
    PredictedClass   INTEGER NULL,
    PredictedLabel   TEXT NULL,
    Score            REAL NULL,
    Probability      REAL NULL,
    ClassScores      TEXT NULL,
    PredictedAt      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS IX_PredictionLog_RowKey ON PredictionLog (RowKey, PredictedAt);
CREATE INDEX IF NOT EXISTS IX_PredictionLog_Run ON PredictionLog (ScoringRunId);

CREATE TRIGGER IF NOT EXISTS Private_Model_RefuseUpdate BEFORE UPDATE ON Model
BEGIN SELECT RAISE(ABORT, 'DbScoring: Model rows are never updated (append-only registry).'); END;
CREATE TRIGGER IF NOT EXISTS Private_Model_RefuseDelete BEFORE DELETE ON Model
BEGIN SELECT RAISE(ABORT, 'DbScoring: Model rows are never deleted (append-only registry).'); END;

CREATE TRIGGER IF NOT EXISTS Private_ModelVersion_RefuseUpdate BEFORE UPDATE ON ModelVersion
BEGIN SELECT RAISE(ABORT, 'DbScoring: ModelVersion rows are immutable; register a new version instead.'); END;
CREATE TRIGGER IF NOT EXISTS Private_ModelVersion_RefuseDelete BEFORE DELETE ON ModelVersion
BEGIN SELECT RAISE(ABORT, 'DbScoring: ModelVersion rows are never deleted.'); END;

CREATE TRIGGER IF NOT EXISTS Private_ModelAlias_RefuseDelete BEFORE DELETE ON ModelAlias
BEGIN SELECT RAISE(ABORT, 'DbScoring: aliases are never deleted; move them instead.'); END;
CREATE TRIGGER IF NOT EXISTS Private_ModelAlias_MoveOnly BEFORE UPDATE ON ModelAlias
WHEN NEW.ModelId IS NOT OLD.ModelId OR NEW.AliasName IS NOT OLD.AliasName
  OR NOT EXISTS (SELECT 1 FROM AliasHistory AS h
                 WHERE h.ModelId = NEW.ModelId AND h.AliasName = NEW.AliasName AND h.ToModelVersionId = NEW.ModelVersionId
                   AND h.AliasHistoryId = (SELECT MAX(h2.AliasHistoryId) FROM AliasHistory AS h2
                                           WHERE h2.ModelId = NEW.ModelId AND h2.AliasName = NEW.AliasName))
BEGIN SELECT RAISE(ABORT, 'DbScoring: an alias moves only together with its AliasHistory row (use SetAlias or Rollback).'); END;

CREATE TRIGGER IF NOT EXISTS Private_AliasHistory_RefuseUpdate BEFORE UPDATE ON AliasHistory
BEGIN SELECT RAISE(ABORT, 'DbScoring: AliasHistory rows are never updated (append-only audit).'); END;
CREATE TRIGGER IF NOT EXISTS Private_AliasHistory_RefuseDelete BEFORE DELETE ON AliasHistory
BEGIN SELECT RAISE(ABORT, 'DbScoring: AliasHistory rows are never deleted (append-only audit).'); END;

CREATE TRIGGER IF NOT EXISTS Private_ScoringRun_CompleteOnce BEFORE UPDATE ON ScoringRun
WHEN OLD.Status <> 'Running' OR NEW.Status = 'Running'
  OR NEW.ScoringRunId IS NOT OLD.ScoringRunId OR NEW.ModelId IS NOT OLD.ModelId OR NEW.ModelVersionId IS NOT OLD.ModelVersionId
  OR NEW.AliasName IS NOT OLD.AliasName OR NEW.BlobSha256 IS NOT OLD.BlobSha256 OR NEW.SourceName IS NOT OLD.SourceName
  OR NEW.TargetName IS NOT OLD.TargetName OR NEW.KeyColumns IS NOT OLD.KeyColumns OR NEW.Command IS NOT OLD.Command
  OR NEW.StartedAt IS NOT OLD.StartedAt OR NEW.RunBy IS NOT OLD.RunBy OR NEW.HostName IS NOT OLD.HostName
BEGIN SELECT RAISE(ABORT, 'DbScoring: a ScoringRun row is completed once, from Running to a final status; nothing else changes.'); END;
CREATE TRIGGER IF NOT EXISTS Private_ScoringRun_RefuseDelete BEFORE DELETE ON ScoringRun
BEGIN SELECT RAISE(ABORT, 'DbScoring: ScoringRun rows are never deleted (append-only audit).'); END;

CREATE TRIGGER IF NOT EXISTS Private_PredictionLog_RefuseUpdate BEFORE UPDATE ON PredictionLog
BEGIN SELECT RAISE(ABORT, 'DbScoring: PredictionLog rows are never updated (append-only audit).'); END;
CREATE TRIGGER IF NOT EXISTS Private_PredictionLog_RefuseDelete BEFORE DELETE ON PredictionLog
BEGIN SELECT RAISE(ABORT, 'DbScoring: PredictionLog rows are never deleted (append-only audit).'); END;
";
    
        // One row per scoring batch and model input: a drift signal next to the run (as scoring.ScoringRunInputStats on SQL Server).
        private const string V2 = @"
CREATE TABLE IF NOT EXISTS ScoringRunInputStats (
    ScoringRunId      INTEGER NOT NULL REFERENCES ScoringRun (ScoringRunId),
    BatchNumber       INTEGER NOT NULL CHECK (BatchNumber >= 1),
    InputName         TEXT NOT NULL,
    RowsScored        INTEGER NOT NULL,
    MissingValues     INTEGER NOT NULL,
    UnseenCategories  INTEGER NOT NULL,
    BelowRange        INTEGER NOT NULL,
    AboveRange        INTEGER NOT NULL,
    PRIMARY KEY (ScoringRunId, BatchNumber, InputName)
);

CREATE TRIGGER IF NOT EXISTS Private_ScoringRunInputStats_RefuseUpdate BEFORE UPDATE ON ScoringRunInputStats
BEGIN SELECT RAISE(ABORT, 'DbScoring: ScoringRunInputStats rows are never updated (append-only audit).'); END;

CREATE TRIGGER IF NOT EXISTS Private_ScoringRunInputStats_RefuseDelete BEFORE DELETE ON ScoringRunInputStats
BEGIN SELECT RAISE(ABORT, 'DbScoring: ScoringRunInputStats rows are never deleted (append-only audit).'); END;
";

        // The explanation of each logged prediction (ScoreTable with Explain), as ExplanationJson writes it.
        private const string V3 = @"
ALTER TABLE PredictionLog ADD COLUMN Explanation TEXT NULL;
";

        // Retention (as scoring.RetentionPolicy / scoring.RetentionLog on SQL Server). A purge writes the batch's
        // RetentionLog row first, then deletes that run's rows in [FirstPredictionLogId, LastPredictionLogId] in the same
        // transaction; the PredictionLog delete trigger lets through only rows inside the newest RetentionLog entry.
        private const string V4 = @"
CREATE TABLE IF NOT EXISTS RetentionPolicy (
    RetentionPolicyId  INTEGER PRIMARY KEY,
    ModelId            INTEGER NOT NULL REFERENCES Model (ModelId),
    KeepDays           INTEGER NULL CHECK (KeepDays IS NULL OR KeepDays BETWEEN 1 AND 36500),
    Reason             TEXT NULL,
    SetBy              TEXT NOT NULL,
    SetAt              TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS IX_RetentionPolicy_Model ON RetentionPolicy (ModelId, RetentionPolicyId);

CREATE TABLE IF NOT EXISTS RetentionLog (
    RetentionLogId        INTEGER PRIMARY KEY,
    PurgeId               INTEGER NOT NULL,
    ModelId               INTEGER NOT NULL REFERENCES Model (ModelId),
    ScoringRunId          INTEGER NOT NULL REFERENCES ScoringRun (ScoringRunId),
    BatchNumber           INTEGER NOT NULL CHECK (BatchNumber >= 1),
    KeepDays              INTEGER NOT NULL,
    Cutoff                TEXT NOT NULL,
    RowsRemoved           INTEGER NOT NULL CHECK (RowsRemoved >= 1),
    FirstPredictionLogId  INTEGER NOT NULL,
    LastPredictionLogId   INTEGER NOT NULL,
    Digest                TEXT NOT NULL CHECK (length(Digest) = 64),
    PurgedBy              TEXT NOT NULL,
    PurgedAt              TEXT NOT NULL,
    CHECK (FirstPredictionLogId <= LastPredictionLogId)
);
CREATE INDEX IF NOT EXISTS IX_RetentionLog_Purge ON RetentionLog (PurgeId, RetentionLogId);
CREATE INDEX IF NOT EXISTS IX_RetentionLog_Run ON RetentionLog (ScoringRunId);

CREATE TRIGGER IF NOT EXISTS Private_RetentionPolicy_RefuseUpdate BEFORE UPDATE ON RetentionPolicy
BEGIN SELECT RAISE(ABORT, 'DbScoring: RetentionPolicy rows are never updated (append-only; set a new policy instead).'); END;
CREATE TRIGGER IF NOT EXISTS Private_RetentionPolicy_RefuseDelete BEFORE DELETE ON RetentionPolicy
BEGIN SELECT RAISE(ABORT, 'DbScoring: RetentionPolicy rows are never deleted (append-only).'); END;
CREATE TRIGGER IF NOT EXISTS Private_RetentionLog_RefuseUpdate BEFORE UPDATE ON RetentionLog
BEGIN SELECT RAISE(ABORT, 'DbScoring: RetentionLog rows are never updated (append-only audit).'); END;
CREATE TRIGGER IF NOT EXISTS Private_RetentionLog_RefuseDelete BEFORE DELETE ON RetentionLog
BEGIN SELECT RAISE(ABORT, 'DbScoring: RetentionLog rows are never deleted (append-only audit).'); END;

DROP TRIGGER IF EXISTS Private_PredictionLog_RefuseDelete;
CREATE TRIGGER Private_PredictionLog_RefuseDelete BEFORE DELETE ON PredictionLog
WHEN NOT EXISTS (SELECT 1 FROM RetentionLog AS r
                 WHERE r.RetentionLogId = (SELECT max(RetentionLogId) FROM RetentionLog)
                   AND r.ScoringRunId = OLD.ScoringRunId
                   AND OLD.PredictionLogId BETWEEN r.FirstPredictionLogId AND r.LastPredictionLogId)
BEGIN SELECT RAISE(ABORT, 'DbScoring: PredictionLog rows are removed only by a retention purge (dbscoring purge), each batch recorded in RetentionLog first.'); END;
";

        // Drift (docs/monitoring.md): every batch's values counted in the buckets of the version's training profile, the
        // run's PSI per input and output at completion, and the per-model thresholds (a new row per change; the latest wins).
        private const string Drift = @"
CREATE TABLE IF NOT EXISTS MonitoringSetting (
    MonitoringSettingId  INTEGER PRIMARY KEY,
    ModelId              INTEGER NOT NULL REFERENCES Model (ModelId),
    WarningPsi           REAL NOT NULL CHECK (WarningPsi > 0),
    AlertPsi             REAL NOT NULL CHECK (AlertPsi >= WarningPsi),
    SetBy                TEXT NOT NULL,
    SetAt                TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS IX_MonitoringSetting_Model ON MonitoringSetting (ModelId, MonitoringSettingId);

CREATE TABLE IF NOT EXISTS ScoringRunDriftCounts (
    ScoringRunId  INTEGER NOT NULL REFERENCES ScoringRun (ScoringRunId),
    BatchNumber   INTEGER NOT NULL CHECK (BatchNumber >= 1),
    IsOutput      INTEGER NOT NULL CHECK (IsOutput IN (0, 1)),
    Name          TEXT NOT NULL,
    Buckets       TEXT NOT NULL,
    BelowRange    INTEGER NOT NULL,
    AboveRange    INTEGER NOT NULL,
    PRIMARY KEY (ScoringRunId, BatchNumber, IsOutput, Name)
);

CREATE TABLE IF NOT EXISTS RunDrift (
    ScoringRunId     INTEGER NOT NULL REFERENCES ScoringRun (ScoringRunId),
    IsOutput         INTEGER NOT NULL CHECK (IsOutput IN (0, 1)),
    Name             TEXT NOT NULL,
    RowsScored       INTEGER NOT NULL,
    Psi              REAL NULL,
    DriftLevel       TEXT NOT NULL CHECK (DriftLevel IN ('None', 'Warning', 'Alert')),
    MissingShare     REAL NULL,
    UnseenShare      REAL NULL,
    OutOfRangeShare  REAL NULL,
    PRIMARY KEY (ScoringRunId, IsOutput, Name)
);

ALTER TABLE ScoringRun ADD COLUMN DriftLevel TEXT NULL CHECK (DriftLevel IN ('None', 'Warning', 'Alert'));
ALTER TABLE ScoringRun ADD COLUMN DriftInputs TEXT NULL;

CREATE TRIGGER IF NOT EXISTS Private_MonitoringSetting_RefuseUpdate BEFORE UPDATE ON MonitoringSetting
BEGIN SELECT RAISE(ABORT, 'DbScoring: MonitoringSetting rows are never updated; set new thresholds instead (the latest row wins).'); END;
CREATE TRIGGER IF NOT EXISTS Private_MonitoringSetting_RefuseDelete BEFORE DELETE ON MonitoringSetting
BEGIN SELECT RAISE(ABORT, 'DbScoring: MonitoringSetting rows are never deleted (the history of thresholds is kept).'); END;
CREATE TRIGGER IF NOT EXISTS Private_ScoringRunDriftCounts_RefuseUpdate BEFORE UPDATE ON ScoringRunDriftCounts
BEGIN SELECT RAISE(ABORT, 'DbScoring: ScoringRunDriftCounts rows are never updated (append-only audit).'); END;
CREATE TRIGGER IF NOT EXISTS Private_ScoringRunDriftCounts_RefuseDelete BEFORE DELETE ON ScoringRunDriftCounts
BEGIN SELECT RAISE(ABORT, 'DbScoring: ScoringRunDriftCounts rows are never deleted (append-only audit).'); END;
CREATE TRIGGER IF NOT EXISTS Private_RunDrift_RefuseUpdate BEFORE UPDATE ON RunDrift
BEGIN SELECT RAISE(ABORT, 'DbScoring: RunDrift rows are never updated (append-only audit).'); END;
CREATE TRIGGER IF NOT EXISTS Private_RunDrift_RefuseDelete BEFORE DELETE ON RunDrift
BEGIN SELECT RAISE(ABORT, 'DbScoring: RunDrift rows are never deleted (append-only audit).'); END;
";

        // A run left Running by a process that died is completed as Abandoned by the next run of the same target (as on
        // SQL Server). SQLite cannot alter a CHECK, so ScoringRun is rebuilt: copied aside, dropped and created anew with
        // the same name (PredictionLog, ScoringRunInputStats and RetentionLog keep referencing ScoringRun). The foreign keys
        // are deferred for this transaction: dropping the table counts the children's rows as violations, and inserting the
        // same parent rows back counts them off again before the commit checks. Its triggers are created again, now admitting exactly
        // the change Running -> Abandoned besides the completion.
        private const string V5 = @"
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE ScoringRun_Previous AS SELECT * FROM main.ScoringRun;
DROP TABLE main.ScoringRun;
CREATE TABLE ScoringRun (
    ScoringRunId    INTEGER PRIMARY KEY,
    ModelId         INTEGER NULL REFERENCES Model (ModelId),
    ModelVersionId  INTEGER NULL REFERENCES ModelVersion (ModelVersionId),
    AliasName       TEXT NULL,
    BlobSha256      TEXT NULL,
    SourceName      TEXT NULL,
    TargetName      TEXT NULL,
    KeyColumns      TEXT NULL,
    Command         TEXT NOT NULL,
    StartedAt       TEXT NOT NULL,
    EndedAt         TEXT NULL,
    Status          TEXT NOT NULL DEFAULT 'Running' CHECK (Status IN ('Running', 'Succeeded', 'Failed', 'Abandoned')),
    RowsScored      INTEGER NULL,
    RowsSkipped     INTEGER NULL,
    BatchCount      INTEGER NULL,
    DurationMs      INTEGER NULL,
    RowsPerSecond   REAL NULL,
    ErrorMessage    TEXT NULL,
    RunBy           TEXT NOT NULL,
    HostName        TEXT NULL,
    AbandonedBy     TEXT NULL,
    CHECK ((Status = 'Abandoned') = (AbandonedBy IS NOT NULL))
);
INSERT INTO ScoringRun (ScoringRunId, ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command, StartedAt, EndedAt,
                        Status, RowsScored, RowsSkipped, BatchCount, DurationMs, RowsPerSecond, ErrorMessage, RunBy, HostName)
SELECT ScoringRunId, ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command, StartedAt, EndedAt,
       Status, RowsScored, RowsSkipped, BatchCount, DurationMs, RowsPerSecond, ErrorMessage, RunBy, HostName
FROM temp.ScoringRun_Previous;
DROP TABLE temp.ScoringRun_Previous;

CREATE TRIGGER Private_ScoringRun_CompleteOnce BEFORE UPDATE ON ScoringRun
WHEN OLD.Status <> 'Running' OR NEW.Status = 'Running'
  OR NEW.ScoringRunId IS NOT OLD.ScoringRunId OR NEW.ModelId IS NOT OLD.ModelId OR NEW.ModelVersionId IS NOT OLD.ModelVersionId
  OR NEW.AliasName IS NOT OLD.AliasName OR NEW.BlobSha256 IS NOT OLD.BlobSha256 OR NEW.SourceName IS NOT OLD.SourceName
  OR NEW.TargetName IS NOT OLD.TargetName OR NEW.KeyColumns IS NOT OLD.KeyColumns OR NEW.Command IS NOT OLD.Command
  OR NEW.StartedAt IS NOT OLD.StartedAt OR NEW.RunBy IS NOT OLD.RunBy OR NEW.HostName IS NOT OLD.HostName
BEGIN SELECT RAISE(ABORT, 'DbScoring: a ScoringRun row is completed once, from Running to a final status (Abandoned only for a run whose process died); nothing else changes.'); END;
CREATE TRIGGER Private_ScoringRun_RefuseDelete BEFORE DELETE ON ScoringRun
BEGIN SELECT RAISE(ABORT, 'DbScoring: ScoringRun rows are never deleted (append-only audit).'); END;
";

        // Shadow, split and fallback (docs/monitoring.md): each logged prediction says whether it is the primary's (written
        // to the target) or a shadow's, which arm of a split it took, and whether it was scored, scored by the fallback or
        // refused (with the reason). Outcomes arrive later, append-only: a correction is a new row and the latest wins.
        private const string Champions = @"
ALTER TABLE PredictionLog ADD COLUMN Role TEXT NOT NULL DEFAULT 'Primary' CHECK (Role IN ('Primary', 'Shadow'));
ALTER TABLE PredictionLog ADD COLUMN Arm TEXT NULL CHECK (Arm IN ('A', 'B'));
ALTER TABLE PredictionLog ADD COLUMN Status TEXT NOT NULL DEFAULT 'Scored' CHECK (Status IN ('Scored', 'Fallback', 'Refused'));
ALTER TABLE PredictionLog ADD COLUMN Reason TEXT NULL;
ALTER TABLE ScoringRun ADD COLUMN RowsByFallback INTEGER NULL;
ALTER TABLE ScoringRun ADD COLUMN RowsRefused INTEGER NULL;

CREATE TABLE IF NOT EXISTS Outcome (
    OutcomeId   INTEGER PRIMARY KEY,
    ModelId     INTEGER NOT NULL REFERENCES Model (ModelId),
    RowKey      TEXT NOT NULL,
    Actual      TEXT NOT NULL,
    ObservedAt  TEXT NULL,
    RecordedBy  TEXT NOT NULL,
    RecordedAt  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS IX_Outcome_Key ON Outcome (ModelId, RowKey, OutcomeId);

CREATE TRIGGER IF NOT EXISTS Private_Outcome_RefuseUpdate BEFORE UPDATE ON Outcome
BEGIN SELECT RAISE(ABORT, 'DbScoring: Outcome rows are never updated; record a correction as a new outcome (the latest wins).'); END;
CREATE TRIGGER IF NOT EXISTS Private_Outcome_RefuseDelete BEFORE DELETE ON Outcome
BEGIN SELECT RAISE(ABORT, 'DbScoring: Outcome rows are never deleted (append-only).'); END;
";

        // Retention digests are versioned (PredictionLogDigest): the rows recorded before keep NULL = line format 1, so that
        // their digests still recompute; purges write the version they used.
        private const string DigestVersion = @"
ALTER TABLE RetentionLog ADD COLUMN DigestVersion INTEGER NULL;
";

        // The audit chain (docs/audit.md). AuditChainStart records, once, how far the history reached when the chain
        // began, so that rows written before the audit chain migration are reported as unchained rather than as a break.
        private const string AuditChain = @"
CREATE TABLE IF NOT EXISTS AuditLink (
    AuditLinkId     INTEGER PRIMARY KEY,
    ModelId         INTEGER NOT NULL REFERENCES Model (ModelId),
    Kind            TEXT NOT NULL CHECK (Kind IN ('Version', 'Alias', 'RunStarted', 'Batch', 'RunCompleted')),
    SubjectId       INTEGER NOT NULL,
    BatchNumber     INTEGER NULL,
    FirstRowId      INTEGER NULL,
    LastRowId       INTEGER NULL,
    RowCount        INTEGER NULL,
    ContentDigest   TEXT NOT NULL CHECK (length(ContentDigest) = 64),
    PreviousDigest  TEXT NULL CHECK (PreviousDigest IS NULL OR length(PreviousDigest) = 64),
    Digest          TEXT NOT NULL UNIQUE CHECK (length(Digest) = 64),
    LinkedAt        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS IX_AuditLink_Model ON AuditLink (ModelId, AuditLinkId);
CREATE INDEX IF NOT EXISTS IX_AuditLink_Subject ON AuditLink (Kind, SubjectId);

CREATE TABLE IF NOT EXISTS AuditChainStart (
    AuditChainStartId    INTEGER PRIMARY KEY CHECK (AuditChainStartId = 1),
    StartedAt            TEXT NOT NULL,
    LastPredictionLogId  INTEGER NOT NULL,
    LastModelVersionId   INTEGER NOT NULL,
    LastAliasHistoryId   INTEGER NOT NULL,
    LastScoringRunId     INTEGER NOT NULL
);
INSERT OR IGNORE INTO AuditChainStart
SELECT 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), coalesce((SELECT max(PredictionLogId) FROM PredictionLog), 0),
       coalesce((SELECT max(ModelVersionId) FROM ModelVersion), 0), coalesce((SELECT max(AliasHistoryId) FROM AliasHistory), 0),
       coalesce((SELECT max(ScoringRunId) FROM ScoringRun), 0);

CREATE TRIGGER IF NOT EXISTS Private_AuditLink_RefuseUpdate BEFORE UPDATE ON AuditLink
BEGIN SELECT RAISE(ABORT, 'DbScoring: AuditLink rows are never updated (tamper-evident audit chain).'); END;
CREATE TRIGGER IF NOT EXISTS Private_AuditLink_RefuseDelete BEFORE DELETE ON AuditLink
BEGIN SELECT RAISE(ABORT, 'DbScoring: AuditLink rows are never deleted (tamper-evident audit chain).'); END;
CREATE TRIGGER IF NOT EXISTS Private_AuditChainStart_RefuseUpdate BEFORE UPDATE ON AuditChainStart
BEGIN SELECT RAISE(ABORT, 'DbScoring: AuditChainStart is written once.'); END;
CREATE TRIGGER IF NOT EXISTS Private_AuditChainStart_RefuseDelete BEFORE DELETE ON AuditChainStart
BEGIN SELECT RAISE(ABORT, 'DbScoring: AuditChainStart is written once.'); END;
";
    }
}
