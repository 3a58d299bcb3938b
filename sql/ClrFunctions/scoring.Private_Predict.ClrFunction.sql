-- DbScoring version: 0.1.0
-- CLR: scores one packed input row with the model cached under (version id, blob SHA-256); returns the packed
-- prediction (see docs/sql-reference.md, "Packed formats"). No data access: plans calling it may go parallel.
CREATE OR ALTER FUNCTION scoring.Private_Predict
(
    @ModelVersionId int,
    @BlobSha256 binary(32),
    @Blob varbinary(max),
    @Inputs varbinary(8000)
)
RETURNS varbinary(8000)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[Predict];
