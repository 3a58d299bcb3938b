-- DbScoring version: 0.1.0
-- scoring.RetentionLog: one row per batch of prediction log rows that scoring.PurgePredictionLog removed, written
-- in the same transaction as the DELETE, before it: which purge (PurgeId), model, run and batch, the policy and
-- cutoff applied, how many rows, the first and last PredictionLogId, who and when, and the SHA-256 Digest of the
-- removed rows (scoring.Private_PredictionLogLine, in PredictionLogId order; docs/sql-reference.md). The trigger on
-- scoring.PredictionLog lets a DELETE through only when it matches such a row exactly. Append-only (trigger + DENY).
-- DigestVersion: the line format the Digest was computed with (scoring.Private_PredictionLogLine); NULL on rows written
-- before versions existed means 1. The column is last so that a table upgraded in place has the same shape.
CREATE TABLE scoring.RetentionLog
(
    RetentionLogId        bigint          IDENTITY(1, 1) NOT NULL,
    PurgeId               bigint          NOT NULL,
    ModelId               int             NOT NULL,
    ScoringRunId          bigint          NOT NULL,
    BatchNumber           int             NOT NULL,
    KeepDays              int             NOT NULL,
    Cutoff                datetime2(3)    NOT NULL,
    RowsRemoved           bigint          NOT NULL,
    FirstPredictionLogId  bigint          NOT NULL,
    LastPredictionLogId   bigint          NOT NULL,
    Digest                binary(32)      NOT NULL,
    PurgedBy              nvarchar(128)   NOT NULL CONSTRAINT DF_RetentionLog_PurgedBy DEFAULT (ORIGINAL_LOGIN()),
    PurgedAt              datetime2(3)    NOT NULL CONSTRAINT DF_RetentionLog_PurgedAt DEFAULT (SYSUTCDATETIME()),
    DigestVersion         tinyint         NULL,
    CONSTRAINT PK_RetentionLog PRIMARY KEY CLUSTERED (RetentionLogId),
    CONSTRAINT FK_RetentionLog_Model FOREIGN KEY (ModelId) REFERENCES scoring.Model (ModelId),
    CONSTRAINT FK_RetentionLog_Run FOREIGN KEY (ScoringRunId) REFERENCES scoring.ScoringRun (ScoringRunId),
    CONSTRAINT CK_RetentionLog_Rows CHECK (RowsRemoved >= 1 AND FirstPredictionLogId <= LastPredictionLogId),
    INDEX IX_RetentionLog_Purge NONCLUSTERED (PurgeId, RetentionLogId),
    INDEX IX_RetentionLog_Run NONCLUSTERED (ScoringRunId)
);
