-- DbScoring version: 0.1.0
-- scoring.RecordOutcomes: records what actually happened to scored rows (the actual label or value per row key) in
-- the append-only scoring.Outcome, from a table or view (@Source, @KeyColumns, @ActualColumn[, @ObservedAtColumn]:
-- the key becomes the same row-key text ScoreTable logs) or from a JSON array (@Outcomes, for programs:
-- [{"rowKey": "42", "actual": "true", "observedAt": "2026-11-01T00:00:00"}]). One statement: all rows or none. A row
-- whose actual is NULL or blank refuses the call (nothing is recorded), naming the first such key. A correction is
-- a new call; the latest outcome of a key wins (scoring.PredictionOutcomes, scoring.RealisedPerformance).
-- The source is read with the caller's own permissions (the statement that reads it is built by the statement
-- generator, scoring.Private_GenerateStatements, with every name quoted).
CREATE OR ALTER PROCEDURE scoring.RecordOutcomes
    @Model             nvarchar(100)  = NULL,
    @Source            nvarchar(776)  = NULL,
    @KeyColumns        nvarchar(4000) = NULL,
    @ActualColumn      sysname        = NULL,
    @ObservedAtColumn  sysname        = NULL,
    @Outcomes          nvarchar(max)  = NULL,
    @Execute           char(1)        = 'Y',
    @Help              bit            = 0,
    @RowsRecorded      bigint         = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own
    SET XACT_ABORT ON;
    SET @RowsRecorded = NULL;

    IF @Help = 1
    BEGIN
        PRINT N'scoring.RecordOutcomes (DbScoring ' + scoring.Version() + N') - record the actual outcomes of scored rows (append-only; the latest wins).';
        PRINT N'  @Model             nvarchar(100)   the model name';
        PRINT N'  @Source            nvarchar(776)   [schema.]table or view with the outcomes';
        PRINT N'  @KeyColumns        nvarchar(4000)  its key column(s), as given to scoring.ScoreTable (the same row keys)';
        PRINT N'  @ActualColumn      sysname         the column with the actual label (binary: true/false, 1/0, yes/no) or value';
        PRINT N'  @ObservedAtColumn  sysname         optional: a date/time column, when the outcome was observed';
        PRINT N'  @Outcomes          nvarchar(max)   instead of @Source: JSON [{"rowKey": "42", "actual": "true", "observedAt": "2026-11-01"}]';
        PRINT N'  @Execute           ''Y'' | ''N''       ''N'' counts the outcomes and prints the statement, records nothing';
        PRINT N'  @RowsRecorded      bigint OUTPUT   rows recorded';
        PRINT N'Read back: scoring.PredictionOutcomes (each version''s prediction beside the outcome), scoring.RealisedPerformance (AUC, log loss, accuracy, MAE, RMSE).';
        PRINT N'Example: EXEC scoring.RecordOutcomes @Model = N''churn'', @Source = N''dbo.ChurnActuals'', @KeyColumns = N''CustomerId'', @ActualColumn = N''Churned'';';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @Generated TABLE (Id int IDENTITY(1, 1) NOT NULL, RowKind nvarchar(20) NOT NULL, Name nvarchar(128) NOT NULL,
                              Text nvarchar(max) NOT NULL, Parameters nvarchar(4000) NULL);
    DECLARE @ModelId int = (SELECT m.ModelId FROM scoring.Model AS m WHERE m.ModelName = @Model);
    DECLARE @SourceId int, @SourceType char(2), @SourceName nvarchar(517), @SourceValid bit, @SourceSchema nvarchar(128), @SourceObject nvarchar(128);
    DECLARE @StageOutcomes nvarchar(max);

    IF @ModelId IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Model is not supported. No model is named ' + ISNULL(N'''' + @Model + N'''', N'NULL') + N' (see scoring.Models).');
    IF @Source IS NULL AND @Outcomes IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Source is not supported. Give the table or view with the outcomes (or @Outcomes as JSON).');
    ELSE IF @Source IS NOT NULL AND @Outcomes IS NOT NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Outcomes is not supported. Give either @Source or @Outcomes, not both.');
    ELSE IF @Outcomes IS NOT NULL AND (ISJSON(@Outcomes) = 0 OR LEFT(LTRIM(@Outcomes), 1) <> N'[')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Outcomes is not supported. Give a JSON array: [{"rowKey": "42", "actual": "true", "observedAt": "2026-11-01T00:00:00"}].');
    ELSE IF @Source IS NOT NULL
    BEGIN
        SELECT @SourceValid = p.IsValid, @SourceId = p.ObjectId, @SourceType = p.ObjectType, @SourceName = p.QuotedName,
               @SourceSchema = p.SchemaName, @SourceObject = p.ObjectName
        FROM scoring.Private_ParseObjectName(@Source) AS p;
        IF ISNULL(@SourceValid, 0) = 0
            INSERT @Errors (Message) VALUES (N'The value for the parameter @Source is not supported. Give [schema.]name of a table or view in this database.');
        ELSE IF @SourceId IS NULL OR @SourceType NOT IN ('U', 'V')
            INSERT @Errors (Message) VALUES (N'The value for the parameter @Source is not supported. ' + @SourceName + N' is not a table or view you can see in this database.');
        ELSE
        BEGIN
            DECLARE @Facts nvarchar(max) =
                (SELECT [source.schema] = @SourceSchema, [source.name] = @SourceObject, [keyColumns] = @KeyColumns,
                        [actualColumn] = @ActualColumn, [observedAtColumn] = @ObservedAtColumn,
                        [sourceColumns] = JSON_QUERY(scoring.Private_ColumnFactsJson(@SourceId))
                 FOR JSON PATH, WITHOUT_ARRAY_WRAPPER, INCLUDE_NULL_VALUES);
            INSERT @Generated (RowKind, Name, Text, Parameters)
            SELECT g.RowKind, g.Name, g.Text, g.Parameters FROM scoring.Private_GenerateStatements(N'RecordOutcomes', @Facts) AS g;
            INSERT @Errors (Message) SELECT g.Text FROM @Generated AS g WHERE g.RowKind = N'problem' ORDER BY g.Id;
            SET @StageOutcomes = (SELECT g.Text FROM @Generated AS g WHERE g.RowKind = N'statement' AND g.Name = N'StageOutcomes');
        END;
    END;
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.RecordOutcomes', @Errors = @ErrorList;
        RETURN 50001;
    END;

    -- The outcomes are staged first (the source is read with the caller's permissions), checked, then recorded in one statement.
    -- Text columns COLLATE DATABASE_DEFAULT: a #table's text columns would otherwise take tempdb's collation and conflict with the database's.
    CREATE TABLE #Outcomes (RowKey nvarchar(450) COLLATE DATABASE_DEFAULT NULL, Actual nvarchar(400) COLLATE DATABASE_DEFAULT NULL, ObservedAt datetime2(3) NULL);
    IF @StageOutcomes IS NOT NULL
        EXEC sys.sp_executesql @StageOutcomes;
    ELSE
        INSERT #Outcomes (RowKey, Actual, ObservedAt)
        SELECT j.RowKey, j.Actual, j.ObservedAt
        FROM OPENJSON(@Outcomes) WITH (RowKey nvarchar(450) '$.rowKey', Actual nvarchar(400) '$.actual', ObservedAt datetime2(3) '$.observedAt') AS j;

    DECLARE @Blank bigint, @FirstBlank nvarchar(450), @Staged bigint = (SELECT COUNT_BIG(*) FROM #Outcomes);
    SELECT @Blank = COUNT_BIG(*), @FirstBlank = MIN(o.RowKey)
    FROM #Outcomes AS o
    WHERE o.RowKey IS NULL OR LEN(o.RowKey) = 0 OR o.Actual IS NULL OR LEN(LTRIM(o.Actual)) = 0;
    IF @Blank > 0
    BEGIN
        DECLARE @Refusal nvarchar(2048) = LEFT(CONVERT(nvarchar(20), @Blank) + N' of ' + CONVERT(nvarchar(20), @Staged)
            + N' outcomes have no row key or an empty actual' + ISNULL(N' (first key: ' + LEFT(@FirstBlank, 100) + N')', N'')
            + N'. Nothing was recorded: give every row its key and actual label or value, or leave out the rows whose outcome is not known yet.', 2048);
        THROW 50063, @Refusal, 1;
    END;

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: ' + CONVERT(nvarchar(20), @Staged) + N' outcomes of model ' + @Model + N' would be recorded' + ISNULL(N' from ' + @SourceName, N'') + N'.';
        IF @StageOutcomes IS NOT NULL
            EXEC scoring.Private_PrintText @Text = @StageOutcomes;
        RETURN 0;
    END;

    INSERT scoring.Outcome (ModelId, RowKey, Actual, ObservedAt)
    SELECT @ModelId, o.RowKey, o.Actual, o.ObservedAt FROM #Outcomes AS o;
    SET @RowsRecorded = @@ROWCOUNT;
    PRINT CONVERT(nvarchar(20), @RowsRecorded) + N' outcomes of model ' + @Model + N' recorded' + ISNULL(N' from ' + @SourceName, N'') + N'.';
    RETURN 0;
END;
