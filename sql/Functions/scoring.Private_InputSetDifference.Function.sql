-- DbScoring version: 0.1.0
-- What differs between two input sets (scoring.Private_InputSet): the inputs only in @Current ("added") and only in
-- @Approved ("removed"), each as "name (kind)" joined with ", "; NULL when none.
CREATE OR ALTER FUNCTION scoring.Private_InputSetDifference (@Approved nvarchar(max), @Current nvarchar(max))
RETURNS TABLE
AS
RETURN
SELECT
    Added = (SELECT STRING_AGG(CONVERT(nvarchar(max), c.[name] + N' (' + CONVERT(nvarchar(3), c.[kind]) + N')'), N', ')
             FROM OPENJSON(@Current) WITH ([name] nvarchar(128), [kind] tinyint) AS c
             WHERE NOT EXISTS (SELECT 1 FROM OPENJSON(@Approved) WITH ([name] nvarchar(128), [kind] tinyint) AS a
                               WHERE a.[name] COLLATE Latin1_General_100_BIN2 = c.[name] COLLATE Latin1_General_100_BIN2 AND a.[kind] = c.[kind])),
    Removed = (SELECT STRING_AGG(CONVERT(nvarchar(max), a.[name] + N' (' + CONVERT(nvarchar(3), a.[kind]) + N')'), N', ')
               FROM OPENJSON(@Approved) WITH ([name] nvarchar(128), [kind] tinyint) AS a
               WHERE NOT EXISTS (SELECT 1 FROM OPENJSON(@Current) WITH ([name] nvarchar(128), [kind] tinyint) AS c
                                 WHERE a.[name] COLLATE Latin1_General_100_BIN2 = c.[name] COLLATE Latin1_General_100_BIN2 AND a.[kind] = c.[kind]));
