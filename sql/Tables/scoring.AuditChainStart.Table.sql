-- DbScoring version: 0.1.0
-- scoring.AuditChainStart: one row, written once by the installer when the audit chain begins (a new database, or the
-- upgrade of one created before the chain): how far the history reached then. Rows at or below these marks (alias moves
-- whose ValidFrom is not after StartedAt) were written before the chain and are not chained - scoring.VerifyAuditTrail
-- says how many; every model that existed then starts its chain with a Genesis link whose content is this row's digest,
-- so that the marks cannot be raised later to hide rows. Append-only (trigger 50040, roles denied).
CREATE TABLE scoring.AuditChainStart
(
    AuditChainStartId    int             NOT NULL CONSTRAINT DF_AuditChainStart_Id DEFAULT (1),
    StartedAt            datetime2(7)    NOT NULL,
    LastPredictionLogId  bigint          NOT NULL,
    LastModelVersionId   int             NOT NULL,
    LastScoringRunId     bigint          NOT NULL,
    CONSTRAINT PK_AuditChainStart PRIMARY KEY CLUSTERED (AuditChainStartId),
    CONSTRAINT CK_AuditChainStart_One CHECK (AuditChainStartId = 1)
);
