-- DbScoring version: 0.1.0
-- CLR: the audit chain's digest of one scoring.PredictionLog row, record SqlServer.PredictionLog.1 (docs/audit.md lists
-- the fields in this order): SHA-256 of the canonical encoding as 64 lowercase hex digits. No data access, deterministic.
CREATE OR ALTER FUNCTION scoring.Private_PredictionLogDigest
(
    @PredictionLogId bigint,
    @ScoringRunId bigint,
    @RowKey nvarchar(450),
    @ModelVersionId int,
    @BlobSha256 binary(32),
    @InputsSha256 binary(32),
    @Inputs varbinary(8000),
    @PredictedClass int,
    @PredictedLabel nvarchar(400),
    @Score real,
    @Probability real,
    @PredictedAt datetime2(7),
    @Explanation nvarchar(max),
    @Role nvarchar(10),
    @Arm nvarchar(1),
    @Status nvarchar(10),
    @Reason nvarchar(2000)
)
RETURNS nvarchar(64)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[PredictionLogDigest];
