-- DbScoring version: 0.1.0
-- CLR: the informational version of the installed DbScoring.SqlClr assembly.
CREATE OR ALTER FUNCTION scoring.Private_ClrVersion ()
RETURNS nvarchar(100)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[ClrVersion];
