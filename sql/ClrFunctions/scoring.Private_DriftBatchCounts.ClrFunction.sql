-- DbScoring version: 0.1.0
-- CLR: a batch's drift code counts (JSON [{"d": distribution, "c": code, "n": rows}]) as the rows of
-- scoring.ScoringRunDriftCounts: per model input and profile output the rows per profile bucket (JSON array) and the
-- numbers below/above the profile's range. No data access.
CREATE OR ALTER FUNCTION scoring.Private_DriftBatchCounts
(
    @ModelVersionId int,
    @BlobSha256 binary(32),
    @Blob varbinary(max),
    @CodeCounts nvarchar(max)
)
RETURNS TABLE (IsOutput bit, Name nvarchar(128), Buckets nvarchar(4000), BelowRange bigint, AboveRange bigint)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[DriftBatchCounts];
