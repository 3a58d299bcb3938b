-- DbScoring version: 0.1.0
-- CLR: the audit chain's digest of scoring.AuditChainStart (how far the history reached when the chain began), record
-- SqlServer.AuditChainStart.1: the content of each model's genesis link. No data access, deterministic.
CREATE OR ALTER FUNCTION scoring.Private_AuditChainStartDigest
(
    @StartedAt datetime2(7),
    @LastPredictionLogId bigint,
    @LastModelVersionId int,
    @LastScoringRunId bigint
)
RETURNS nvarchar(64)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[AuditChainStartDigest];
