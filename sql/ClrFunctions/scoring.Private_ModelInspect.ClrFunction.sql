-- DbScoring version: 0.1.0
-- CLR: validates a model blob and describes it as JSON ({"valid":..,"error":..,"inputs":[..],..}). NULL gives NULL.
CREATE OR ALTER FUNCTION scoring.Private_ModelInspect (@Blob varbinary(max))
RETURNS nvarchar(max)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[ModelInspect];
