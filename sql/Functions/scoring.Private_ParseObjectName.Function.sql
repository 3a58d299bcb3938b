-- DbScoring version: 0.1.0
-- Splits a one- or two-part object name of the current database with PARSENAME (no database or server part),
-- quotes it with QUOTENAME and resolves it. IsValid = 0 for NULL, empty, malformed or 3/4-part names.
-- A one-part name takes the caller's default schema. An existing object gets its names as the catalog spells them, so
-- that dbo.churnscores and [dbo].[ChurnScores] are one target for scoring.ScoreTable's application lock (whose resource
-- names compare binary) and for its stale-run rule: otherwise a run given the other spelling would take its own lock and
-- mark the first, still running, as Abandoned.
CREATE OR ALTER FUNCTION scoring.Private_ParseObjectName (@Name nvarchar(776))
RETURNS TABLE
AS
RETURN
SELECT
    SchemaName = ISNULL(OBJECT_SCHEMA_NAME(g.ObjectId), p.SchemaName),
    ObjectName = ISNULL(OBJECT_NAME(g.ObjectId), p.ObjectName),
    IsValid = CASE WHEN p.ObjectName IS NULL OR p.SchemaName IS NULL OR PARSENAME(@Name, 3) IS NOT NULL THEN 0 ELSE 1 END,
    QuotedName = QUOTENAME(ISNULL(OBJECT_SCHEMA_NAME(g.ObjectId), p.SchemaName)) + N'.' + QUOTENAME(ISNULL(OBJECT_NAME(g.ObjectId), p.ObjectName)),
    g.ObjectId,
    ObjectType = (SELECT o.type FROM sys.objects AS o WHERE o.object_id = g.ObjectId)
FROM (SELECT SchemaName = CASE WHEN PARSENAME(@Name, 1) IS NULL THEN NULL ELSE ISNULL(PARSENAME(@Name, 2), SCHEMA_NAME()) END,
             ObjectName = NULLIF(PARSENAME(@Name, 1), N'')) AS p
CROSS APPLY (SELECT ObjectId = OBJECT_ID(QUOTENAME(p.SchemaName) + N'.' + QUOTENAME(p.ObjectName))) AS g;
