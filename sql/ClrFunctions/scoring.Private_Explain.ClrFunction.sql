-- DbScoring version: 0.1.0
-- CLR: reason codes of one packed input row as JSON ({class, scale, method, base, rawScore, contributions}), the
-- @Top strongest (0 = all). Used by scoring.ScoreTable @Explain. A model without explanation data raises its reason.
CREATE OR ALTER FUNCTION scoring.Private_Explain
(
    @ModelVersionId int,
    @BlobSha256 binary(32),
    @Blob varbinary(max),
    @Inputs varbinary(8000),
    @Top int
)
RETURNS nvarchar(max)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[Explain];
