-- DbScoring version: 0.1.0
-- Every module in schema scoring with the DbScoring version stamped in its text (NULL for CLR functions,
-- which report scoring.Private_ClrVersion()). A module whose version differs from scoring.Version() is stale.
CREATE OR ALTER VIEW scoring.Modules
AS
SELECT ModuleName = N'scoring.' + o.name, o.type_desc, o.modify_date,
       StampedVersion = CASE WHEN CHARINDEX(N'DbScoring version: ', sm.definition) > 0
                             THEN LTRIM(RTRIM(REPLACE(SUBSTRING(sm.definition, CHARINDEX(N'DbScoring version: ', sm.definition) + 19,
                                  CHARINDEX(NCHAR(10), sm.definition + NCHAR(10), CHARINDEX(N'DbScoring version: ', sm.definition))
                                  - CHARINDEX(N'DbScoring version: ', sm.definition) - 19), NCHAR(13), N'')))
                        END
FROM sys.objects AS o
LEFT JOIN sys.sql_modules AS sm ON sm.object_id = o.object_id
WHERE o.schema_id = SCHEMA_ID(N'scoring') AND o.type IN ('P', 'FN', 'IF', 'TF', 'V', 'TR', 'FS', 'FT');
