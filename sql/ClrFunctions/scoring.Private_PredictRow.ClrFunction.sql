-- DbScoring version: 0.1.0
-- CLR: like scoring.Private_Predict but returns one typed row, for CROSS APPLY in scoring.Predict_<model>.
CREATE OR ALTER FUNCTION scoring.Private_PredictRow
(
    @ModelVersionId int,
    @BlobSha256 binary(32),
    @Blob varbinary(max),
    @Inputs varbinary(8000)
)
RETURNS TABLE (PredictedClass int, PredictedLabel nvarchar(400), Score real, Probability real)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[PredictRow];
