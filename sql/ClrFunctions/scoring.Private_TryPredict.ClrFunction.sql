-- DbScoring version: 0.1.0
-- CLR: as scoring.Private_Predict, but a row the model cannot score (a value of the wrong type, text that is not a number,
-- an error inside the model) gives a refusal with the reason instead of failing the statement: byte 0 = 0x00, then the
-- reason as UTF-16LE (docs/sql-reference.md, "Packed formats"). ScoreTable records such a row as refused or scores it with
-- its @Fallback. No data access: plans calling it may go parallel.
CREATE OR ALTER FUNCTION scoring.Private_TryPredict
(
    @ModelVersionId int,
    @BlobSha256 binary(32),
    @Blob varbinary(max),
    @Inputs varbinary(8000)
)
RETURNS varbinary(8000)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[TryPredict];
