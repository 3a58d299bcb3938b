-- DbScoring version: 0.1.0
-- Ledger: append-only
-- scoring.PredictionLog: one row per prediction written by scoring.ScoreTable: run, row key, model version
-- and blob hash, the inputs exactly as sent to the model (packed; when @LogInputs = 'Y') and always their
-- SHA-256, the outputs, the time. Append-only: a trigger refuses UPDATE, and DELETE except the batches that
-- scoring.PurgePredictionLog has recorded in scoring.RetentionLog; roles are denied.
-- Clustered by run (ScoringRunId, PredictionLogId), so that a purge removes whole runs as contiguous ranges
-- without scanning the table; sql/Upgrades re-clusters a table created by an earlier version, keeping every row.
-- The installer can create it as an append-only ledger table (SQL Server 2022+); such a table cannot be purged.
-- RowKey: the key column values as text (ISO 8601 for dates), joined with '|' when there are several.
-- Explanation: with ScoreTable @Explain, the row's reason codes as JSON (docs/explanations.md); NULL otherwise.
CREATE TABLE scoring.PredictionLog
(
    PredictionLogId  bigint          IDENTITY(1, 1) NOT NULL,
    ScoringRunId     bigint          NOT NULL,
    RowKey           nvarchar(450)   NOT NULL,
    ModelVersionId   int             NOT NULL,
    BlobSha256       binary(32)      NOT NULL,
    InputsSha256     binary(32)      NOT NULL,
    Inputs           varbinary(8000) NULL,
    PredictedClass   int             NULL,
    PredictedLabel   nvarchar(400)   NULL,
    Score            real            NULL,
    Probability      real            NULL,
    PredictedAt      datetime2(3)    NOT NULL CONSTRAINT DF_PredictionLog_PredictedAt DEFAULT (SYSUTCDATETIME()),
    Explanation      nvarchar(max)   NULL,
    CONSTRAINT PK_PredictionLog PRIMARY KEY NONCLUSTERED (PredictionLogId),
    INDEX CX_PredictionLog_Run UNIQUE CLUSTERED (ScoringRunId, PredictionLogId),
    INDEX IX_PredictionLog_RowKey NONCLUSTERED (RowKey, PredictedAt)
);
