-- DbScoring version: 0.1.0
-- CLR: the arm ('A' champion, 'B' challenger) of a row key in a split of @Percent % (ScoreTable @Split): bucket =
-- first 8 bytes of SHA-256(UTF-8("dbscoring-split/" + lower(model) + LF + row key)) as a little-endian integer mod 10,000;
-- 'B' when below round(@Percent * 100). The same function as the embedded store's, so a key lands in the same arm in
-- both stores (docs/monitoring.md). No data access.
CREATE OR ALTER FUNCTION scoring.Private_SplitArm
(
    @ModelName nvarchar(100),
    @RowKey nvarchar(450),
    @Percent float
)
RETURNS nchar(1)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[SplitArm];
