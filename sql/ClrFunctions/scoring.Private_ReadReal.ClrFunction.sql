-- DbScoring version: 0.1.0
-- CLR: the big-endian IEEE-754 single at 1-based byte @Position of @Packed (T-SQL cannot CAST binary to real).
-- NaN and infinities read as NULL.
CREATE OR ALTER FUNCTION scoring.Private_ReadReal (@Packed varbinary(8000), @Position int)
RETURNS real
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[ReadReal];
