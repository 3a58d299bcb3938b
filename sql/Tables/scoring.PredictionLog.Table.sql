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
-- Role, Arm, Status, Reason (docs/monitoring.md, the embedded store's names and values): Role 'Primary' (the prediction
-- written to the target) or 'Shadow' (ScoreTable @Shadow, log only); Arm 'A'/'B' with @Split, else NULL; Status 'Scored',
-- 'Fallback' (scored by the @Fallback version) or 'Refused' (no prediction); Reason why the primary could not score the
-- row. Nullable, so that the installer can add them to a table (also a ledger table) created before them: NULL Role and
-- Status on those older rows mean 'Primary' and 'Scored' (every row was then a scored primary prediction).
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
    Role             varchar(10)     NULL CONSTRAINT DF_PredictionLog_Role DEFAULT ('Primary'),
    Arm              char(1)         NULL,
    Status           varchar(10)     NULL CONSTRAINT DF_PredictionLog_Status DEFAULT ('Scored'),
    Reason           nvarchar(2000)  NULL,
    CONSTRAINT CK_PredictionLog_Role CHECK (Role IN ('Primary', 'Shadow')),
    CONSTRAINT CK_PredictionLog_Arm CHECK (Arm IN ('A', 'B')),
    CONSTRAINT CK_PredictionLog_Status CHECK (Status IN ('Scored', 'Fallback', 'Refused')),
    CONSTRAINT PK_PredictionLog PRIMARY KEY NONCLUSTERED (PredictionLogId),
    INDEX CX_PredictionLog_Run UNIQUE CLUSTERED (ScoringRunId, PredictionLogId),
    INDEX IX_PredictionLog_RowKey NONCLUSTERED (RowKey, PredictedAt),
    -- Each version's latest prediction per key (scoring.PredictionOutcomesOf), read per model.
    INDEX IX_PredictionLog_VersionKey NONCLUSTERED (ModelVersionId, RowKey, PredictionLogId, Status)
);
