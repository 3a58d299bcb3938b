-- DbScoring version: 0.1.0
-- CLR: the drift codes of one scored row (2 bytes per model input, then per profile output: the profile bucket, or
-- 65534/65535 for a number below/above the profile's range), from its packed inputs and packed prediction. NULL when
-- the version has no training profile. No data access: plans calling it may go parallel.
CREATE OR ALTER FUNCTION scoring.Private_DriftCodes
(
    @ModelVersionId int,
    @BlobSha256 binary(32),
    @Blob varbinary(max),
    @Inputs varbinary(8000),
    @Prediction varbinary(8000)
)
RETURNS varbinary(8000)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[DriftCodesOfRow];
