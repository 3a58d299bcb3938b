-- DbScoring version: 0.1.0
-- CLR: reason codes of one packed input row, one row per model input, strongest first (Rank 1); Base + SUM(Contribution)
-- = RawScore. For CROSS APPLY in the generated scoring.Explain_<model> functions and over logged inputs.
CREATE OR ALTER FUNCTION scoring.Private_ExplainRows
(
    @ModelVersionId int,
    @BlobSha256 binary(32),
    @Blob varbinary(max),
    @Inputs varbinary(8000)
)
RETURNS TABLE (Rank int, InputName nvarchar(400), Contribution float, Base float, RawScore float, ExplainedClass nvarchar(400), Method nvarchar(20))
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[ExplainRows];
