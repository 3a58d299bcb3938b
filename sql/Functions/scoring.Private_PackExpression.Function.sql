-- DbScoring version: 0.1.0
-- The T-SQL expression that packs one input value for scoring.Private_Predict / Private_PredictRow
-- (packed inputs format version 1, one field; see docs/sql-reference.md). @Expression is a trusted,
-- already-quoted column reference or parameter name; @Kind 1 Number, 2 Text, 3 Boolean; @TextChars is the
-- most characters a text value keeps (the whole packed row must stay within 8000 bytes). NULL = missing.
CREATE OR ALTER FUNCTION scoring.Private_PackExpression (@Expression nvarchar(400), @Kind tinyint, @TextChars int)
RETURNS TABLE
AS
RETURN
SELECT Expression =
    CASE @Kind
        WHEN 1 THEN N'CASE WHEN ' + @Expression + N' IS NULL THEN 0x00 ELSE 0x01 + CAST(CAST(' + @Expression + N' AS float) AS binary(8)) END'
        WHEN 3 THEN N'CASE WHEN ' + @Expression + N' IS NULL THEN 0x00 WHEN CAST(' + @Expression + N' AS bit) = 1 THEN 0x013FF0000000000000 ELSE 0x010000000000000000 END'
        WHEN 2 THEN N'CASE WHEN ' + @Expression + N' IS NULL THEN 0x00 ELSE 0x02 + CAST(CAST(DATALENGTH(CAST(' + @Expression + N' AS nvarchar('
                    + CONVERT(nvarchar(10), @TextChars) + N'))) AS smallint) AS binary(2)) + CAST(CAST(' + @Expression + N' AS nvarchar('
                    + CONVERT(nvarchar(10), @TextChars) + N')) AS varbinary(' + CONVERT(nvarchar(10), 2 * @TextChars) + N')) END'
    END;
