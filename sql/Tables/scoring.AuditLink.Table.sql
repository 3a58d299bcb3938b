-- DbScoring version: 0.1.0
-- scoring.AuditLink: the tamper-evident audit chain (docs/audit.md). One row per registered version, alias move, run
-- start, committed prediction batch and run completion, written in the same transaction as the rows it covers (by
-- scoring.Private_AppendAuditLink: the link triggers on ModelVersion, ModelAlias and ScoringRun, and ScoreTable once per
-- batch), plus one Genesis link per model that existed when the chain began. ContentDigest is the SHA-256 of the
-- covered rows (canonical encoding, SQL CLR), PreviousDigest the Digest of the model's previous link, Digest the
-- SHA-256 of all the link's other columns. So each model has one chain; scoring.VerifyAuditTrail recomputes it.
-- Subject by kind: Genesis - AuditChainStartId; Version - ModelVersionId; Alias - the ModelVersionId the alias moved to,
-- with SubjectName = AliasName and SubjectTime = the row version's ValidFrom (a move has no numeric id in the temporal
-- ModelAlias); RunStarted, Batch, RunCompleted - ScoringRunId (Batch: BatchNumber, First/LastRowId, RowCount).
-- Append-only: a trigger refuses UPDATE and DELETE (50040), roles are denied writes.
CREATE TABLE scoring.AuditLink
(
    AuditLinkId     bigint          NOT NULL,
    ModelId         int             NOT NULL,
    Kind            varchar(20)     NOT NULL,
    SubjectId       bigint          NOT NULL,
    SubjectName     nvarchar(100)   NULL,
    SubjectTime     datetime2(7)    NULL,
    BatchNumber     int             NULL,
    FirstRowId      bigint          NULL,
    LastRowId       bigint          NULL,
    [RowCount]      bigint          NULL,
    ContentDigest   char(64)        NOT NULL,
    PreviousDigest  char(64)        NULL,
    Digest          char(64)        NOT NULL,
    LinkedAt        datetime2(7)    NOT NULL,
    CONSTRAINT PK_AuditLink PRIMARY KEY CLUSTERED (AuditLinkId),
    CONSTRAINT UQ_AuditLink_Digest UNIQUE (Digest),
    CONSTRAINT FK_AuditLink_Model FOREIGN KEY (ModelId) REFERENCES scoring.Model (ModelId),
    CONSTRAINT CK_AuditLink_Kind CHECK (Kind IN ('Genesis', 'Version', 'Alias', 'RunStarted', 'Batch', 'RunCompleted')),
    INDEX IX_AuditLink_Model NONCLUSTERED (ModelId, AuditLinkId),
    INDEX IX_AuditLink_Subject NONCLUSTERED (Kind, SubjectId, FirstRowId, LastRowId)
);
