-- DbScoring version: 0.1.0
-- CLR: the audit chain's digest of what a scoring.ScoringRun row records when the run completes (once), record
-- SqlServer.ScoringRunEnd.1. No data access, deterministic.
CREATE OR ALTER FUNCTION scoring.Private_RunEndDigest
(
    @ScoringRunId bigint,
    @Status nvarchar(20),
    @EndedAt datetime2(7),
    @RowsScored bigint,
    @RowsSkipped bigint,
    @BatchCount int,
    @DurationMs bigint,
    @RowsPerSecond decimal(19, 1),
    @ErrorNumber int,
    @ErrorMessage nvarchar(4000),
    @AbandonedBy nvarchar(128),
    @RowsByFallback bigint,
    @RowsRefused bigint,
    @DriftLevel nvarchar(10),
    @DriftInputs nvarchar(4000)
)
RETURNS nvarchar(64)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[RunEndDigest];
