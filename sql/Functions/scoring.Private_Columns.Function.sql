-- DbScoring version: 0.1.0
-- The columns of a table or view with a declaration usable in CREATE TABLE and the input kind they can feed:
-- Number (numeric types and bit), Text (character types), or NULL (cannot feed a model input).
CREATE OR ALTER FUNCTION scoring.Private_Columns (@ObjectId int)
RETURNS TABLE
AS
RETURN
SELECT
    ColumnId = c.column_id,
    ColumnName = c.name,
    TypeName = t.name,
    TypeDeclaration =
        CASE
            WHEN t.name IN (N'varchar', N'char', N'varbinary', N'binary')
                THEN t.name + N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CONVERT(nvarchar(10), c.max_length) END + N')'
            WHEN t.name IN (N'nvarchar', N'nchar')
                THEN t.name + N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CONVERT(nvarchar(10), c.max_length / 2) END + N')'
            WHEN t.name IN (N'decimal', N'numeric')
                THEN t.name + N'(' + CONVERT(nvarchar(10), c.precision) + N', ' + CONVERT(nvarchar(10), c.scale) + N')'
            WHEN t.name IN (N'datetime2', N'time', N'datetimeoffset')
                THEN t.name + N'(' + CONVERT(nvarchar(10), c.scale) + N')'
            ELSE t.name
        END,
    IsNullable = c.is_nullable,
    IsMax = CASE WHEN c.max_length = -1 THEN 1 ELSE 0 END,
    FeedsKind =
        CASE
            WHEN t.name IN (N'tinyint', N'smallint', N'int', N'bigint', N'decimal', N'numeric', N'real', N'float', N'money', N'smallmoney') THEN 1
            WHEN t.name IN (N'char', N'varchar', N'nchar', N'nvarchar') THEN 2
            WHEN t.name = N'bit' THEN 3
        END,
    KeyStyle = CASE WHEN t.name IN (N'date', N'datetime', N'datetime2', N'smalldatetime', N'datetimeoffset', N'time') THEN 126
                    WHEN t.name IN (N'float', N'real') THEN 3
                    WHEN t.name IN (N'binary', N'varbinary') THEN 1
                    ELSE 0 END
FROM sys.columns AS c
JOIN sys.types AS t ON t.user_type_id = c.system_type_id
WHERE c.object_id = @ObjectId;
