-- DbScoring version: 0.1.0
-- The columns of a table or view as catalog facts for the statement generators (scoring.Private_GenerateStatements):
-- name, base system type, max_length (bytes, -1 = max), precision, scale, collation, nullability, and whether the
-- caller reads the column masked (dynamic data masking without UNMASK, database-wide or, from 2022, on the column: the
-- values read are 0 / xxxx, not the data). Evaluated with the caller's rights. What the generators derive from them
-- (declarations, which inputs a column can feed, row-key text) is decided in C#.
CREATE OR ALTER FUNCTION scoring.Private_ColumnFacts (@ObjectId int)
RETURNS TABLE
AS
RETURN
SELECT
    ColumnId = c.column_id,
    ColumnName = c.name,
    TypeName = t.name,
    MaxLength = c.max_length,
    [Precision] = c.precision,
    Scale = c.scale,
    CollationName = c.collation_name,
    IsNullable = c.is_nullable,
    MaskedForCaller = CONVERT(bit, CASE WHEN c.is_masked = 1
                                         AND ISNULL(HAS_PERMS_BY_NAME(NULL, N'DATABASE', N'UNMASK'), 0) = 0
                                         AND ISNULL(HAS_PERMS_BY_NAME(QUOTENAME(OBJECT_SCHEMA_NAME(@ObjectId)) + N'.' + QUOTENAME(OBJECT_NAME(@ObjectId)),
                                                                      N'OBJECT', N'UNMASK', c.name, N'COLUMN'), 0) = 0
                                        THEN 1 ELSE 0 END)
FROM sys.columns AS c
-- The base system type (alias types resolve to it). The CLR system types hierarchyid, geometry and geography share
-- system_type_id 240, which no sys.types row has as its user_type_id: for them the column's own type is taken, so such a
-- column is reported by its type name (not supported) instead of vanishing from the facts ("no column").
JOIN sys.types AS t ON t.user_type_id = CASE WHEN c.system_type_id = 240 THEN c.user_type_id ELSE c.system_type_id END
WHERE c.object_id = @ObjectId;
