-- DbScoring version: 0.1.0
-- CLR: like scoring.Private_PredictRow, but a row the model cannot score gives NULL outputs and the Reason ScoreTable records
-- for it (as scoring.Private_TryPredict) instead of failing: scoring.ReplayPrediction replays refused rows with it.
CREATE OR ALTER FUNCTION scoring.Private_TryPredictRow
(
    @ModelVersionId int,
    @BlobSha256 binary(32),
    @Blob varbinary(max),
    @Inputs varbinary(8000)
)
RETURNS TABLE (PredictedClass int, PredictedLabel nvarchar(400), Score real, Probability real, Reason nvarchar(2000))
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[TryPredictRow];
