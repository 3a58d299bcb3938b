-- DbScoring version: 0.1.0
-- CLR: the dynamic SQL of ScoreTable, CreatePredictFunction and CreateScoringJob, built from catalog facts given as
-- JSON (@Generator = ScoreTable | PredictFunction | ScoringJob). Rows: RowKind 'problem' (a whole message),
-- 'statement' (text + sys.sp_executesql parameter declaration) or 'value'. No data access; tested outside SQL Server.
CREATE OR ALTER FUNCTION scoring.Private_GenerateStatements
(
    @Generator nvarchar(50),
    @Facts nvarchar(max)
)
RETURNS TABLE (RowKind nvarchar(20), Name nvarchar(128), Text nvarchar(max), Parameters nvarchar(4000))
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[GenerateStatements];
