-- DbScoring version: 0.1.0
-- CLR: the audit chain's digest of one committed batch of prediction log rows, record PredictionBatch.1 (the embedded
-- store's too): run, batch, first and last PredictionLogId, each row's digest in id order (@RowDigests: the row digests
-- concatenated, 64 hex digits each; NULL for none), row count. No data access, deterministic.
CREATE OR ALTER FUNCTION scoring.Private_PredictionBatchDigest
(
    @ScoringRunId bigint,
    @BatchNumber int,
    @FirstRowId bigint,
    @LastRowId bigint,
    @RowDigests nvarchar(max)
)
RETURNS nvarchar(64)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[PredictionBatchDigest];
