-- DbScoring version: 0.1.0
-- The columns of a table or view as the JSON array the statement generators read (ScoreTable's sourceColumns and
-- targetColumns, RecordOutcomes' sourceColumns): [{"name","type","maxLength","precision","scale","collation","isNullable","maskedForCaller"}]
-- in column order, from scoring.Private_ColumnFacts; NULL for a NULL object id. One place for what both procedures send.
CREATE OR ALTER FUNCTION scoring.Private_ColumnFactsJson (@ObjectId int)
RETURNS nvarchar(max)
AS
BEGIN
    RETURN (SELECT [name] = c.ColumnName, [type] = c.TypeName, [maxLength] = c.MaxLength, [precision] = c.[Precision],
                   [scale] = c.Scale, [collation] = c.CollationName, [isNullable] = c.IsNullable, [maskedForCaller] = c.MaskedForCaller
            FROM scoring.Private_ColumnFacts(@ObjectId) AS c ORDER BY c.ColumnId FOR JSON PATH, INCLUDE_NULL_VALUES);
END;
