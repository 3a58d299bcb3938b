-- DbScoring version: 0.1.0
-- CLR: a packed input row as a JSON array of values in model input order (numbers, strings, null).
CREATE OR ALTER FUNCTION scoring.Private_UnpackInputs (@Inputs varbinary(8000))
RETURNS nvarchar(max)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[UnpackInputs];
