-- DbScoring version: 0.1.0
-- scoring.ScoreTable: scores the rows of @Source with one model version into @Target, set-based, in batches.
-- Restartable and incremental: each batch commits its target rows and its PredictionLog rows together, and
-- every batch takes only keys that the target does not yet hold for this version, so a rerun after a crash
-- neither duplicates nor loses rows, and a later run scores only new rows. One scoring.ScoringRun row per run,
-- and per batch and input one scoring.ScoringRunInputStats row (missing, unseen categories, out of training range).
-- Security: the source is read and the target written with the caller's own rights (dynamic SQL); the
-- registry and the audit tables are reached by ownership chaining only (callers need no rights on them).
CREATE OR ALTER PROCEDURE scoring.ScoreTable
    @Model       nvarchar(100)  = NULL,
    @Alias       nvarchar(100)  = NULL,
    @Version     int            = NULL,
    @Source      nvarchar(776)  = NULL,
    @KeyColumns  nvarchar(4000) = NULL,
    @Target      nvarchar(776)  = NULL,
    @BatchSize   int            = 100000,
    @LogInputs   char(1)        = 'Y',
    @MaxBatches  int            = NULL,
    @Execute     char(1)        = 'Y',
    @Help        bit            = 0
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    IF @Help = 1
    BEGIN
        PRINT N'scoring.ScoreTable (DbScoring ' + scoring.Version() + N') - score a table into another, restartable and incremental.';
        PRINT N'  @Model       nvarchar(100)   the model name';
        PRINT N'  @Alias       nvarchar(100)   alias to score with (default production when @Version is NULL), resolved once per run';
        PRINT N'  @Version     int             or: a pinned version number';
        PRINT N'  @Source      nvarchar(776)   table or view [schema.]name in this database; columns named like the model inputs';
        PRINT N'  @KeyColumns  nvarchar(4000)  comma-separated key column(s) of @Source; unique, rows with a NULL key are not scored';
        PRINT N'  @Target      nvarchar(776)   [schema.]name of the result table; created when absent';
        PRINT N'  @BatchSize   int             rows per committed batch (default 100000, 1 .. 10000000)';
        PRINT N'  @LogInputs   ''Y'' | ''N''       ''Y'' keeps the inputs as sent in scoring.PredictionLog; ''N'' keeps only their SHA-256';
        PRINT N'  @MaxBatches  int             optional: stop after this many batches (the next run continues)';
        PRINT N'  @Execute     ''Y'' | ''N''       ''N'' prints the plan and the statements, changes nothing';
        PRINT N'Target columns: <key columns>, ModelVersionId, PredictedLabel, Score, Probability, PredictedClass, ScoringRunId, ScoredAt.';
        PRINT N'Example: EXEC scoring.ScoreTable @Model = N''churn'', @Alias = N''production'', @Source = N''dbo.Customers'', @KeyColumns = N''CustomerId'', @Target = N''dbo.ChurnScores'';';
        RETURN 0;
    END;

    DECLARE @Command nvarchar(max) = N'EXEC scoring.ScoreTable @Model = ' + ISNULL(N'N''' + REPLACE(@Model, N'''', N'''''') + N'''', N'NULL')
        + N', @Alias = ' + ISNULL(N'N''' + REPLACE(@Alias, N'''', N'''''') + N'''', N'NULL')
        + N', @Version = ' + ISNULL(CONVERT(nvarchar(10), @Version), N'NULL')
        + N', @Source = ' + ISNULL(N'N''' + REPLACE(@Source, N'''', N'''''') + N'''', N'NULL')
        + N', @KeyColumns = ' + ISNULL(N'N''' + REPLACE(@KeyColumns, N'''', N'''''') + N'''', N'NULL')
        + N', @Target = ' + ISNULL(N'N''' + REPLACE(@Target, N'''', N'''''') + N'''', N'NULL')
        + N', @BatchSize = ' + ISNULL(CONVERT(nvarchar(10), @BatchSize), N'NULL')
        + N', @LogInputs = ' + ISNULL(N'''' + REPLACE(@LogInputs, N'''', N'''''') + N'''', N'NULL')
        + N', @MaxBatches = ' + ISNULL(CONVERT(nvarchar(10), @MaxBatches), N'NULL')
        + N', @Execute = ' + ISNULL(N'''' + REPLACE(@Execute, N'''', N'''''') + N'''', N'NULL') + N';';

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(2000) NOT NULL);
    DECLARE @ModelId int, @ModelVersionId int, @BlobSha256 binary(32);
    DECLARE @SourceId int, @SourceType char(2), @SourceName nvarchar(300), @SourceValid bit;
    DECLARE @TargetId int, @TargetType char(2), @TargetName nvarchar(300), @TargetValid bit, @TargetSchema nvarchar(128);
    DECLARE @Keys TABLE (Ordinal int NOT NULL PRIMARY KEY, KeyName nvarchar(128) NULL, Raw nvarchar(4000) NOT NULL);
    DECLARE @KeyInfo TABLE (Ordinal int NOT NULL PRIMARY KEY, ColumnName nvarchar(128) NOT NULL, TypeDeclaration nvarchar(200) NOT NULL,
                            IsMax int NOT NULL, KeyStyle int NOT NULL);
    DECLARE @InputMap TABLE (InputIndex int NOT NULL PRIMARY KEY, InputName nvarchar(128) NOT NULL, Kind tinyint NOT NULL,
                             ColumnName nvarchar(128) NULL, TypeName nvarchar(128) NULL, FeedsKind tinyint NULL);

    IF @Alias IS NULL AND @Version IS NULL
        SET @Alias = N'production';

    -- Model and version --------------------------------------------------------------------------------------
    SET @ModelId = (SELECT m.ModelId FROM scoring.Model AS m WHERE m.ModelName = @Model);
    IF @ModelId IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Model is not supported. No model is named ' + ISNULL(N'''' + @Model + N'''', N'NULL') + N' (see scoring.Models).');
    IF @Alias IS NOT NULL AND @Version IS NOT NULL
        INSERT @Errors (Message) VALUES (N'The parameters @Alias and @Version cannot both be given. Give one.');
    ELSE IF @ModelId IS NOT NULL AND @Version IS NOT NULL
    BEGIN
        SET @ModelVersionId = (SELECT v.ModelVersionId FROM scoring.ModelVersion AS v WHERE v.ModelId = @ModelId AND v.VersionNumber = @Version);
        IF @ModelVersionId IS NULL
            INSERT @Errors (Message) VALUES (N'The value for the parameter @Version is not supported. Model ' + @Model + N' has no version ' + CONVERT(nvarchar(10), @Version) + N'.');
    END
    ELSE IF @ModelId IS NOT NULL
    BEGIN
        SET @ModelVersionId = (SELECT a.ModelVersionId FROM scoring.ModelAlias AS a WHERE a.ModelId = @ModelId AND a.AliasName = @Alias);
        IF @ModelVersionId IS NULL
            INSERT @Errors (Message) VALUES (N'The value for the parameter @Alias is not supported. Model ' + @Model + N' has no alias ''' + @Alias + N''' (scoring.SetAlias creates it).');
    END;
    SET @BlobSha256 = (SELECT v.BlobSha256 FROM scoring.ModelVersion AS v WHERE v.ModelVersionId = @ModelVersionId);

    -- Source and target ---------------------------------------------------------------------------------------
    SELECT @SourceValid = p.IsValid, @SourceId = p.ObjectId, @SourceType = p.ObjectType, @SourceName = p.QuotedName
    FROM scoring.Private_ParseObjectName(@Source) AS p;
    IF ISNULL(@SourceValid, 0) = 0
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Source is not supported. Give [schema.]name of a table or view in this database.');
    ELSE IF @SourceId IS NULL OR @SourceType NOT IN ('U', 'V')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Source is not supported. ' + @SourceName + N' is not a table or view you can see in this database.');

    SELECT @TargetValid = p.IsValid, @TargetId = p.ObjectId, @TargetType = p.ObjectType, @TargetName = p.QuotedName, @TargetSchema = p.SchemaName
    FROM scoring.Private_ParseObjectName(@Target) AS p;
    IF ISNULL(@TargetValid, 0) = 0
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Target is not supported. Give [schema.]name of a table in this database.');
    ELSE IF @TargetId IS NOT NULL AND @TargetType <> 'U'
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Target is not supported. ' + @TargetName + N' exists and is not a table.');
    ELSE IF @TargetId IS NULL AND SCHEMA_ID(@TargetSchema) IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Target is not supported. Schema ' + QUOTENAME(@TargetSchema) + N' does not exist.');
    ELSE IF @TargetId IS NOT NULL AND @TargetId = @SourceId
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Target is not supported. It names the source table.');
    ELSE IF @TargetSchema = N'scoring'
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Target is not supported. Schema scoring is reserved for DbScoring.');

    -- Key columns (comma-separated; [brackets] allowed) -------------------------------------------------------
    IF @KeyColumns IS NULL OR LTRIM(RTRIM(@KeyColumns)) = N''
        INSERT @Errors (Message) VALUES (N'The value for the parameter @KeyColumns is not supported. Give the key column(s) of @Source, comma-separated.');
    ELSE
    BEGIN
        INSERT @Keys (Ordinal, KeyName, Raw)
        SELECT CONVERT(int, j.[key]) + 1, PARSENAME(LTRIM(RTRIM(j.value)), 1), LTRIM(RTRIM(j.value))
        FROM OPENJSON(N'["' + REPLACE(STRING_ESCAPE(@KeyColumns, 'json'), N',', N'","') + N'"]') AS j;

        IF EXISTS (SELECT 1 FROM @Keys AS k WHERE k.KeyName IS NULL OR k.KeyName = N'')
            INSERT @Errors (Message) VALUES (N'The value for the parameter @KeyColumns is not supported. One of the names is empty or malformed.');
        ELSE IF EXISTS (SELECT 1 FROM @Keys AS k GROUP BY k.KeyName HAVING COUNT(*) > 1)
            INSERT @Errors (Message) VALUES (N'The value for the parameter @KeyColumns is not supported. A column is named twice.');
        ELSE IF @SourceId IS NOT NULL
        BEGIN
            INSERT @KeyInfo (Ordinal, ColumnName, TypeDeclaration, IsMax, KeyStyle)
            SELECT k.Ordinal, c.ColumnName, c.TypeDeclaration, c.IsMax, c.KeyStyle
            FROM @Keys AS k JOIN scoring.Private_Columns(@SourceId) AS c ON c.ColumnName = k.KeyName COLLATE DATABASE_DEFAULT;

            INSERT @Errors (Message)
            SELECT N'The value for the parameter @KeyColumns is not supported. ' + @SourceName + N' has no column ' + QUOTENAME(k.KeyName) + N'.'
            FROM @Keys AS k WHERE NOT EXISTS (SELECT 1 FROM @KeyInfo AS i WHERE i.Ordinal = k.Ordinal);
            INSERT @Errors (Message)
            SELECT N'The value for the parameter @KeyColumns is not supported. Key column ' + QUOTENAME(i.ColumnName) + N' is ' + i.TypeDeclaration + N'; (max) types cannot be keys.'
            FROM @KeyInfo AS i WHERE i.IsMax = 1;
            INSERT @Errors (Message)
            SELECT N'The value for the parameter @KeyColumns is not supported. Key column ' + QUOTENAME(i.ColumnName) + N' has the name of a column ScoreTable adds; rename it in a view.'
            FROM @KeyInfo AS i
            WHERE i.ColumnName IN (N'ModelVersionId', N'PredictedLabel', N'Score', N'Probability', N'PredictedClass', N'ScoringRunId', N'ScoredAt',
                                   N'BatchRowId', N'RowKey', N'Inputs');
        END;
    END;

    -- Inputs: one source column per model input, matched by name (case-insensitive) --------------------------
    IF @ModelVersionId IS NOT NULL AND @SourceId IS NOT NULL AND @SourceType IN ('U', 'V')
    BEGIN
        INSERT @InputMap (InputIndex, InputName, Kind, ColumnName, TypeName, FeedsKind)
        SELECT i.InputIndex, i.InputName, i.Kind, c.ColumnName, c.TypeName, c.FeedsKind
        FROM scoring.Private_ModelInputs(@ModelVersionId) AS i
        OUTER APPLY (SELECT TOP (1) pc.ColumnName, pc.TypeName, pc.FeedsKind
                     FROM scoring.Private_Columns(@SourceId) AS pc
                     WHERE UPPER(pc.ColumnName) COLLATE Latin1_General_100_CI_AS = UPPER(i.InputName) COLLATE Latin1_General_100_CI_AS
                     ORDER BY CASE WHEN pc.ColumnName COLLATE Latin1_General_100_BIN2 = i.InputName COLLATE Latin1_General_100_BIN2 THEN 0 ELSE 1 END) AS c;

        IF EXISTS (SELECT 1 FROM @InputMap AS m WHERE m.ColumnName IS NULL)
            INSERT @Errors (Message)
            SELECT N'The value for the parameter @Source is not supported. ' + @SourceName + N' has no column for the model input(s): '
                   + STRING_AGG(CONVERT(nvarchar(max), m.InputName), N', ') WITHIN GROUP (ORDER BY m.InputIndex) + N'.'
            FROM @InputMap AS m WHERE m.ColumnName IS NULL;

        INSERT @Errors (Message)
        SELECT N'The value for the parameter @Source is not supported. Column ' + QUOTENAME(m.ColumnName) + N' is ' + m.TypeName
               + N' but model input ' + m.InputName + N' takes ' + CASE m.Kind WHEN 1 THEN N'a number (numeric types or bit)'
                 WHEN 2 THEN N'text (char, varchar, nchar, nvarchar or an integer type)' ELSE N'a boolean (bit or an integer type)' END + N'.'
        FROM @InputMap AS m
        WHERE m.ColumnName IS NOT NULL
          AND NOT ((m.Kind = 1 AND m.FeedsKind IN (1, 3))
                OR (m.Kind = 2 AND (m.FeedsKind = 2 OR m.TypeName IN (N'tinyint', N'smallint', N'int', N'bigint')))
                OR (m.Kind = 3 AND (m.FeedsKind = 3 OR m.TypeName IN (N'tinyint', N'smallint', N'int', N'bigint'))));
    END;

    -- Existing target must have the expected shape -----------------------------------------------------------
    IF @TargetId IS NOT NULL AND @TargetType = 'U'
        INSERT @Errors (Message)
        SELECT N'The value for the parameter @Target is not supported. ' + @TargetName + N' exists but has no column ' + QUOTENAME(x.ColumnName) + N'.'
        FROM (SELECT ColumnName FROM @KeyInfo
              UNION ALL SELECT c.ColumnName FROM (VALUES (N'ModelVersionId'), (N'PredictedLabel'), (N'Score'), (N'Probability'),
                                                         (N'PredictedClass'), (N'ScoringRunId'), (N'ScoredAt')) AS c (ColumnName)) AS x
        WHERE NOT EXISTS (SELECT 1 FROM scoring.Private_Columns(@TargetId) AS t WHERE t.ColumnName = x.ColumnName COLLATE DATABASE_DEFAULT);

    IF @BatchSize IS NULL OR @BatchSize < 1 OR @BatchSize > 10000000
        INSERT @Errors (Message) VALUES (N'The value for the parameter @BatchSize is not supported. Give 1 .. 10000000.');
    IF @LogInputs IS NULL OR @LogInputs NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @LogInputs is not supported. Give ''Y'' or ''N''.');
    IF @MaxBatches IS NOT NULL AND @MaxBatches < 1
        INSERT @Errors (Message) VALUES (N'The value for the parameter @MaxBatches is not supported. Give NULL or a positive number.');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');
    IF @@TRANCOUNT > 0 AND @Execute = 'Y'
        INSERT @Errors (Message) VALUES (N'scoring.ScoreTable cannot run inside an open transaction: each batch commits on its own so that a rerun can continue.');

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorText nvarchar(2048) =
            (SELECT LEFT(STRING_AGG(e.Message, NCHAR(13) + NCHAR(10)) WITHIN GROUP (ORDER BY e.Id), 2048) FROM @Errors AS e);
        THROW 50001, @ErrorText, 1;
    END;

    -- Statements (every identifier through QUOTENAME) ---------------------------------------------------------
    DECLARE @TextChars int = (SELECT t.TextChars FROM scoring.Private_TextChars(@ModelVersionId) AS t);
    DECLARE @KeyDecl nvarchar(max) = (SELECT STRING_AGG(CONVERT(nvarchar(max), QUOTENAME(k.ColumnName) + N' ' + k.TypeDeclaration + N' NOT NULL'), N', ') WITHIN GROUP (ORDER BY k.Ordinal) FROM @KeyInfo AS k);
    DECLARE @KeyList nvarchar(max) = (SELECT STRING_AGG(CONVERT(nvarchar(max), QUOTENAME(k.ColumnName)), N', ') WITHIN GROUP (ORDER BY k.Ordinal) FROM @KeyInfo AS k);
    DECLARE @KeyListS nvarchar(max) = (SELECT STRING_AGG(CONVERT(nvarchar(max), N's.' + QUOTENAME(k.ColumnName)), N', ') WITHIN GROUP (ORDER BY k.Ordinal) FROM @KeyInfo AS k);
    DECLARE @KeyListB nvarchar(max) = (SELECT STRING_AGG(CONVERT(nvarchar(max), N'b.' + QUOTENAME(k.ColumnName)), N', ') WITHIN GROUP (ORDER BY k.Ordinal) FROM @KeyInfo AS k);
    DECLARE @KeyJoin nvarchar(max) = (SELECT STRING_AGG(CONVERT(nvarchar(max), N't.' + QUOTENAME(k.ColumnName) + N' = s.' + QUOTENAME(k.ColumnName)), N' AND ') WITHIN GROUP (ORDER BY k.Ordinal) FROM @KeyInfo AS k);
    DECLARE @KeyNotNull nvarchar(max) = (SELECT STRING_AGG(CONVERT(nvarchar(max), N's.' + QUOTENAME(k.ColumnName) + N' IS NOT NULL'), N' AND ') WITHIN GROUP (ORDER BY k.Ordinal) FROM @KeyInfo AS k);
    DECLARE @RowKey nvarchar(max) =
        (SELECT CASE WHEN COUNT(*) = 1 THEN MAX(x.Expr) ELSE N'CONCAT_WS(N''|'', ' + STRING_AGG(x.Expr, N', ') WITHIN GROUP (ORDER BY x.Ordinal) + N')' END
         FROM (SELECT k.Ordinal, Expr = CONVERT(nvarchar(max), N'CONVERT(nvarchar(450), s.' + QUOTENAME(k.ColumnName) + N', ' + CONVERT(nvarchar(3), k.KeyStyle) + N')')
               FROM @KeyInfo AS k) AS x);
    DECLARE @Pack nvarchar(max) = N'0x01' + ISNULL(NCHAR(10) + N'        + ' +
        (SELECT STRING_AGG(CONVERT(nvarchar(max), e.Expression), NCHAR(10) + N'        + ') WITHIN GROUP (ORDER BY m.InputIndex)
         FROM @InputMap AS m CROSS APPLY scoring.Private_PackExpression(N's.' + QUOTENAME(m.ColumnName), m.Kind, @TextChars) AS e), N'');
    DECLARE @CreateTarget nvarchar(max) =
        N'CREATE TABLE ' + @TargetName + N' (' + @KeyDecl + N', ModelVersionId int NOT NULL, PredictedLabel nvarchar(400) NULL, '
        + N'Score real NULL, Probability real NULL, PredictedClass int NULL, ScoringRunId bigint NOT NULL, ScoredAt datetime2(3) NOT NULL, '
        + N'PRIMARY KEY (ModelVersionId, ' + @KeyList + N'));';
    DECLARE @AddBatchKeys nvarchar(max) = N'ALTER TABLE #Batch ADD ' + @KeyDecl + N';';
    DECLARE @SelectBatch nvarchar(max) =
        N'INSERT #Batch (' + @KeyList + N', RowKey, Inputs)' + NCHAR(10)
        + N'SELECT TOP (@BatchSize) ' + @KeyListS + N', ' + @RowKey + N',' + NCHAR(10) + N'    ' + @Pack + NCHAR(10)
        + N'FROM ' + @SourceName + N' AS s' + NCHAR(10)
        + N'WHERE ' + @KeyNotNull + NCHAR(10)
        + N'  AND NOT EXISTS (SELECT 1 FROM ' + @TargetName + N' AS t WHERE t.ModelVersionId = @ModelVersionId AND ' + @KeyJoin + N')' + NCHAR(10)
        + N'ORDER BY ' + @KeyListS + N';';
    DECLARE @InsertTarget nvarchar(max) =
        N'INSERT ' + @TargetName + N' (' + @KeyList + N', ModelVersionId, PredictedLabel, Score, Probability, PredictedClass, ScoringRunId, ScoredAt)' + NCHAR(10)
        + N'SELECT ' + @KeyListB + N', @ModelVersionId, r.PredictedLabel, r.Score, r.Probability, r.PredictedClass, @ScoringRunId, @Now' + NCHAR(10)
        + N'FROM #Batch AS b JOIN #Result AS r ON r.BatchRowId = b.BatchRowId;';
    DECLARE @CountDone nvarchar(max) = N'SELECT @Done = COUNT_BIG(*) FROM ' + @TargetName + N' WHERE ModelVersionId = @ModelVersionId;';

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: model ' + @Model + N' version ' + CONVERT(nvarchar(10), (SELECT v.VersionNumber FROM scoring.ModelVersion AS v WHERE v.ModelVersionId = @ModelVersionId))
              + N' (ModelVersionId ' + CONVERT(nvarchar(10), @ModelVersionId) + N'), ' + @SourceName + N' -> ' + @TargetName + N'.';
        IF @TargetId IS NULL
            PRINT @CreateTarget;
        PRINT @SelectBatch;
        PRINT @InsertTarget;
        RETURN 0;
    END;

    -- Run ----------------------------------------------------------------------------------------------------
    DECLARE @ScoringRunId bigint, @Start datetime2(3) = SYSUTCDATETIME(), @Now datetime2(3);
    DECLARE @Batches int = 0, @Rows bigint = 0, @BatchRows int, @AlreadyScored bigint = 0, @LockResult int;
    DECLARE @LockName nvarchar(255) = LEFT(N'DbScoring.ScoreTable:' + DB_NAME() + N':' + @TargetName, 255);

    INSERT scoring.ScoringRun (ProcedureName, ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command, StartTime)
    VALUES (N'scoring.ScoreTable', @ModelId, @ModelVersionId, @Alias, @BlobSha256, @SourceName, @TargetName, @KeyList, @Command, @Start);
    SET @ScoringRunId = SCOPE_IDENTITY();

    BEGIN TRY
        EXEC @LockResult = sys.sp_getapplock @Resource = @LockName, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0;
        IF @LockResult < 0
            THROW 50022, N'Another scoring run is writing this target now; try again when it has finished (see scoring.Runs).', 1;

        IF OBJECT_ID(@TargetName, N'U') IS NULL
            EXEC sys.sp_executesql @CreateTarget;
        EXEC sys.sp_executesql @CountDone, N'@ModelVersionId int, @Done bigint OUTPUT', @ModelVersionId = @ModelVersionId, @Done = @AlreadyScored OUTPUT;

        CREATE TABLE #Batch (BatchRowId int IDENTITY(1, 1) NOT NULL PRIMARY KEY, RowKey nvarchar(450) NOT NULL, Inputs varbinary(8000) NOT NULL);
        -- Heaps filled WITH (TABLOCK): parallel insert is possible, so the CLR calls can run in the parallel zone.
        CREATE TABLE #Scored (BatchRowId int NOT NULL, Packed varbinary(8000) NULL);
        CREATE TABLE #Result (BatchRowId int NOT NULL, PredictedClass int NULL, PredictedLabel nvarchar(400) NULL, Score real NULL, Probability real NULL,
                              Flags varbinary(8000) NULL);
        EXEC sys.sp_executesql @AddBatchKeys;

        WHILE @MaxBatches IS NULL OR @Batches < @MaxBatches
        BEGIN
            TRUNCATE TABLE #Batch;
            TRUNCATE TABLE #Scored;
            TRUNCATE TABLE #Result;

            EXEC sys.sp_executesql @SelectBatch, N'@BatchSize int, @ModelVersionId int', @BatchSize = @BatchSize, @ModelVersionId = @ModelVersionId;
            SET @BatchRows = (SELECT COUNT(*) FROM #Batch);
            IF @BatchRows = 0
                BREAK;

            -- Score once per row, materialised (the packed result is read four times below).
            INSERT #Scored WITH (TABLOCK) (BatchRowId, Packed)
            SELECT b.BatchRowId, scoring.Private_Predict(v.ModelVersionId, v.BlobSha256, v.ModelBlob, b.Inputs)
            FROM #Batch AS b
            CROSS JOIN scoring.ModelVersion AS v
            WHERE v.ModelVersionId = @ModelVersionId;

            -- Packed prediction: version, class, score, probability, N, N input flags, label (docs/sql-reference.md).
            INSERT #Result WITH (TABLOCK) (BatchRowId, PredictedClass, PredictedLabel, Score, Probability, Flags)
            SELECT s.BatchRowId, CONVERT(int, SUBSTRING(s.Packed, 2, 4)),
                   NULLIF(CONVERT(nvarchar(400), SUBSTRING(s.Packed, 16 + n.Inputs, 800)), N''),
                   scoring.Private_ReadReal(s.Packed, 6), scoring.Private_ReadReal(s.Packed, 10),
                   SUBSTRING(s.Packed, 16, n.Inputs)
            FROM #Scored AS s
            CROSS APPLY (SELECT Inputs = CONVERT(int, SUBSTRING(s.Packed, 14, 2))) AS n;

            SET @Now = SYSUTCDATETIME();
            BEGIN TRANSACTION;

            INSERT scoring.PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, Inputs,
                                          PredictedClass, PredictedLabel, Score, Probability, PredictedAt)
            SELECT @ScoringRunId, b.RowKey, @ModelVersionId, @BlobSha256, CONVERT(binary(32), HASHBYTES('SHA2_256', b.Inputs)),
                   CASE WHEN @LogInputs = 'Y' THEN b.Inputs END, r.PredictedClass, r.PredictedLabel, r.Score, r.Probability, @Now
            FROM #Batch AS b JOIN #Result AS r ON r.BatchRowId = b.BatchRowId;

            EXEC sys.sp_executesql @InsertTarget, N'@ModelVersionId int, @ScoringRunId bigint, @Now datetime2(3)',
                 @ModelVersionId = @ModelVersionId, @ScoringRunId = @ScoringRunId, @Now = @Now;

            -- Input statistics of this batch: missing values, unseen categories, values outside the training range.
            INSERT scoring.ScoringRunInputStats (ScoringRunId, BatchNumber, InputIndex, InputName, RowsSeen, Missing, UnseenCategory,
                                                 BelowTrainingMin, AboveTrainingMax)
            SELECT @ScoringRunId, @Batches + 1, i.InputIndex, i.InputName, COUNT_BIG(*),
                   SUM(CASE WHEN f.Flag = 0x01 THEN CONVERT(bigint, 1) ELSE 0 END),
                   SUM(CASE WHEN f.Flag = 0x02 THEN CONVERT(bigint, 1) ELSE 0 END),
                   SUM(CASE WHEN f.Flag = 0x03 THEN CONVERT(bigint, 1) ELSE 0 END),
                   SUM(CASE WHEN f.Flag = 0x04 THEN CONVERT(bigint, 1) ELSE 0 END)
            FROM #Result AS r
            CROSS JOIN scoring.Private_ModelInputs(@ModelVersionId) AS i
            CROSS APPLY (SELECT Flag = SUBSTRING(r.Flags, i.InputIndex + 1, 1)) AS f
            GROUP BY i.InputIndex, i.InputName;

            COMMIT TRANSACTION;

            SET @Batches += 1;
            SET @Rows += @BatchRows;
            IF @BatchRows < @BatchSize
                BREAK;
        END;

        EXEC sys.sp_releaseapplock @Resource = @LockName, @LockOwner = 'Session';

        UPDATE scoring.ScoringRun
        SET EndTime = SYSUTCDATETIME(), Status = 'Succeeded', RowsScored = @Rows, RowsSkipped = @AlreadyScored, BatchCount = @Batches,
            DurationMs = DATEDIFF_BIG(millisecond, @Start, SYSUTCDATETIME()),
            RowsPerSecond = CONVERT(decimal(19, 1), @Rows * 1000.0 / NULLIF(DATEDIFF_BIG(millisecond, @Start, SYSUTCDATETIME()), 0))
        WHERE ScoringRunId = @ScoringRunId;

        PRINT N'Scored ' + CONVERT(nvarchar(20), @Rows) + N' rows in ' + CONVERT(nvarchar(10), @Batches) + N' batches into ' + @TargetName
              + N' (run ' + CONVERT(nvarchar(20), @ScoringRunId) + N'; ' + CONVERT(nvarchar(20), @AlreadyScored) + N' were already scored).';
    END TRY
    BEGIN CATCH
        DECLARE @ErrorNumber int = ERROR_NUMBER(), @ErrorMessage nvarchar(4000) = ERROR_MESSAGE();
        IF XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        IF APPLOCK_MODE(N'public', @LockName, 'Session') <> 'NoLock'
            EXEC sys.sp_releaseapplock @Resource = @LockName, @LockOwner = 'Session';

        UPDATE scoring.ScoringRun
        SET EndTime = SYSUTCDATETIME(), Status = 'Failed', RowsScored = @Rows, RowsSkipped = @AlreadyScored, BatchCount = @Batches,
            DurationMs = DATEDIFF_BIG(millisecond, @Start, SYSUTCDATETIME()),
            RowsPerSecond = CONVERT(decimal(19, 1), @Rows * 1000.0 / NULLIF(DATEDIFF_BIG(millisecond, @Start, SYSUTCDATETIME()), 0)),
            ErrorNumber = @ErrorNumber, ErrorMessage = @ErrorMessage
        WHERE ScoringRunId = @ScoringRunId;

        THROW;
    END CATCH;

    RETURN 0;
END;
