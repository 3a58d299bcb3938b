-- DbScoring version: 0.1.0
-- scoring.ScoreTable: scores the rows of @Source with one model version into @Target, set-based, in batches.
-- Restartable and incremental: each batch commits its target rows and its PredictionLog rows together, and a run
-- scores only keys the target does not yet hold for this version, so a rerun after a crash neither duplicates nor
-- loses rows, and a later run scores only new rows. One scoring.ScoringRun row per run, and per batch and input
-- one scoring.ScoringRunInputStats row (missing, unseen categories, out of training range). When the version has a
-- training profile, each batch's values are also counted in the profile's buckets (scoring.ScoringRunDriftCounts, in the
-- batch's transaction) and the run's drift is recorded when it completes (scoring.RunDrift, ScoringRun.DriftLevel).
-- Linear: the pending keys and their packed inputs are staged once per run in key order (one anti-join pass over
-- source and target), then scored in ranges of that staging table.
-- Every statement that depends on the tables' columns comes from scoring.Private_GenerateStatements (C#, tested
-- outside SQL Server); this procedure collects the catalog facts, validates the parameters, and executes.
-- Security: the source is read and the target written with the caller's own rights (dynamic SQL); the
-- registry and the audit tables are reached by ownership chaining only (callers need no rights on them).
-- With @InputColumns, only the mapped columns are read and logged; inputs left out are sent as missing.
-- With @JobName (scheduled jobs), the model version must take exactly the inputs approved for the job (50024 otherwise).
-- Per row (docs/monitoring.md): a row the version cannot score (text that is not a number, an error inside the model) is
-- scored by @Fallback or recorded as Refused with the reason, never failing the run; @Shadow scores the same rows with a
-- second version into the log only; @Split sends a fixed share of keys (hash of key and model) to a second version.
CREATE OR ALTER PROCEDURE scoring.ScoreTable
    @Model         nvarchar(100)  = NULL,
    @Alias         nvarchar(100)  = NULL,
    @Version       int            = NULL,
    @Source        nvarchar(776)  = NULL,
    @KeyColumns    nvarchar(4000) = NULL,
    @Target        nvarchar(776)  = NULL,
    @BatchSize     int            = 100000,
    @LogInputs     char(1)        = 'Y',
    @MaxBatches    int            = NULL,
    @InputColumns  nvarchar(max)  = NULL,
    @JobName       nvarchar(128)  = NULL,
    @Explain       int            = 0,
    @Shadow        nvarchar(130)  = NULL,
    @Split         nvarchar(130)  = NULL,
    @Fallback      nvarchar(130)  = NULL,
    @Execute       char(1)        = 'Y',
    @Help          bit            = 0,
    @ScoringRunId  bigint         = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own
    SET XACT_ABORT ON;
    SET @ScoringRunId = NULL;

    IF @Help = 1
    BEGIN
        PRINT N'scoring.ScoreTable (DbScoring ' + scoring.Version() + N') - score a table into another, restartable and incremental.';
        PRINT N'  @Model         nvarchar(100)   the model name';
        PRINT N'  @Alias         nvarchar(100)   alias to score with (default production when @Version is NULL), resolved once per run';
        PRINT N'  @Version       int             or: a pinned version number';
        PRINT N'  @Source        nvarchar(776)   table or view [schema.]name in this database; columns named like the model inputs';
        PRINT N'  @KeyColumns    nvarchar(4000)  comma-separated key column(s) of @Source ([brackets] allowed); unique, rows with a NULL key are not scored';
        PRINT N'  @Target        nvarchar(776)   [schema.]name of the result table; created when absent (keys keep the source''s types and collations)';
        PRINT N'  @BatchSize     int             rows per committed batch (default 100000, 1 .. 1000000)';
        PRINT N'  @LogInputs     ''Y'' | ''N''       ''Y'' keeps the inputs as sent in scoring.PredictionLog; ''N'' keeps only their SHA-256';
        PRINT N'  @MaxBatches    int             optional: stop after this many batches (the next run continues)';
        PRINT N'  @InputColumns  nvarchar(max)   optional JSON object input -> source column, e.g. N''{"Age": "AgeYears"}'':';
        PRINT N'                                 only mapped columns are read and logged; inputs left out are sent as missing';
        PRINT N'  @JobName       nvarchar(128)   set by scoring.CreateScoringJob: the run refuses (50024) a version whose inputs differ';
        PRINT N'                                 from those a ScoringAdmin approved for that job (scoring.ApproveScoringJob)';
        PRINT N'  @Explain       int             0 (default) or n: reason codes - the n strongest inputs into Reason1, Reason1Contribution .. ReasonN,';
        PRINT N'                                 ReasonNContribution (raw score scale) and the whole explanation (JSON) into scoring.PredictionLog.Explanation;';
        PRINT N'                                 tree models need explanation data (register with a sample); costs more than scoring (docs/explanations.md)';
        PRINT N'  @Shadow        nvarchar(130)   optional alias or N'':version'' of the same model: scores the same rows into scoring.PredictionLog only';
        PRINT N'                                 (Role = ''Shadow''); compare with scoring.ShadowComparison';
        PRINT N'  @Split         nvarchar(130)   optional N''alias:percent'' or N'':version:percent'': that share of keys (a hash of key and model,';
        PRINT N'                                 the same in every store) is scored by that version; PredictionLog.Arm = ''A'' or ''B''';
        PRINT N'  @Fallback      nvarchar(130)   optional alias or N'':version'': scores the rows the primary cannot (Status = ''Fallback'',';
        PRINT N'                                 with the Reason); without it such rows are written with a NULL prediction, Status = ''Refused''';
        PRINT N'  @Execute       ''Y'' | ''N''       ''N'' prints the plan, the input mapping and the statements, changes nothing';
        PRINT N'  @ScoringRunId  bigint OUTPUT   this run''s id in scoring.Runs (NULL for a dry run or a refused call)';
        PRINT N'Target columns: <key columns>, ModelVersionId, PredictedLabel, Score, Probability, PredictedClass, ScoringRunId, ScoredAt,';
        PRINT N'                Status (Scored, Fallback, Refused), Reason (added to a target made before them on its next run)';
        PRINT N'                [, Reason1, Reason1Contribution, ... with @Explain].';
        PRINT N'Drift: a version with a training profile records the PSI of every input and of the Score per run (scoring.RunDrift;';
        PRINT N'       thresholds with scoring.SetMonitoring); the run''s DriftLevel and DriftInputs are in scoring.Runs.';
        PRINT N'A run of the same target left Running by a session that ended is marked Abandoned at the start (its committed batches are kept).';
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
        + ISNULL(N', @InputColumns = N''' + REPLACE(@InputColumns, N'''', N'''''') + N'''', N'')
        + ISNULL(N', @JobName = N''' + REPLACE(@JobName, N'''', N'''''') + N'''', N'')
        + CASE WHEN @Explain <> 0 THEN N', @Explain = ' + CONVERT(nvarchar(10), @Explain) ELSE N'' END
        + ISNULL(N', @Shadow = N''' + REPLACE(@Shadow, N'''', N'''''') + N'''', N'')
        + ISNULL(N', @Split = N''' + REPLACE(@Split, N'''', N'''''') + N'''', N'')
        + ISNULL(N', @Fallback = N''' + REPLACE(@Fallback, N'''', N'''''') + N'''', N'')
        + N', @Execute = ' + ISNULL(N'''' + REPLACE(@Execute, N'''', N'''''') + N'''', N'NULL') + N';';

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @Generated TABLE (Id int IDENTITY(1, 1) NOT NULL, RowKind nvarchar(20) NOT NULL, Name nvarchar(128) NOT NULL,
                              Text nvarchar(max) NOT NULL, Parameters nvarchar(4000) NULL);
    DECLARE @ModelId int, @ModelVersionId int, @VersionNumber int, @BlobSha256 binary(32), @AliasName nvarchar(100);
    DECLARE @SourceId int, @SourceType char(2), @SourceName nvarchar(517), @SourceValid bit, @SourceSchema nvarchar(128), @SourceObject nvarchar(128);
    DECLARE @TargetId int, @TargetType char(2), @TargetName nvarchar(517), @TargetValid bit, @TargetSchema nvarchar(128), @TargetObject nvarchar(128);

    -- Model and version ----------------------------------------------------------------------------------------
    INSERT @Errors (Message)
    SELECT r.Problem FROM scoring.Private_ResolveVersion(@Model, @Alias, @Version) AS r WHERE r.Problem IS NOT NULL;
    SELECT @ModelId = r.ModelId, @ModelVersionId = r.ModelVersionId, @VersionNumber = r.VersionNumber, @BlobSha256 = r.BlobSha256, @AliasName = r.AliasName
    FROM scoring.Private_ResolveVersion(@Model, @Alias, @Version) AS r;

    -- Other versions of the run: shadow, split and fallback, each an alias or :version of the same model ------------
    DECLARE @Others TABLE (Role varchar(10) NOT NULL PRIMARY KEY, ModelVersionId int NOT NULL, VersionNumber int NOT NULL, SplitPercent float NULL);
    DECLARE @ShadowVersionId int, @SplitVersionId int, @SplitPercent float, @FallbackVersionId int, @ModelName nvarchar(100);
    SELECT @ModelName = m.ModelName FROM scoring.Model AS m WHERE m.ModelId = @ModelId;
    INSERT @Errors (Message)
    SELECT CASE WHEN x.IsValid = 0
                THEN N'The value for the parameter @' + o.Role + N' is not supported. Give an alias (N''challenger'') or a version (N'':3'') of the same model'
                     + CASE WHEN o.WithPercent = 1 THEN N', a colon and the percentage of keys sent to it, above 0 and below 100 (N''challenger:10'').' ELSE N'.' END
                ELSE REPLACE(REPLACE(r.Problem, N'parameter @Alias', N'parameter @' + o.Role), N'parameter @Version', N'parameter @' + o.Role) END
    FROM (VALUES ('Shadow', @Shadow, CONVERT(bit, 0)), ('Split', @Split, CONVERT(bit, 1)), ('Fallback', @Fallback, CONVERT(bit, 0))) AS o (Role, Reference, WithPercent)
    CROSS APPLY scoring.Private_VersionReference(o.Reference, o.WithPercent) AS x
    OUTER APPLY (SELECT q.Problem FROM scoring.Private_ResolveVersion(@Model, x.AliasName, x.VersionNumber) AS q WHERE x.IsValid = 1) AS r
    WHERE o.Reference IS NOT NULL AND @ModelId IS NOT NULL AND (x.IsValid = 0 OR r.Problem IS NOT NULL);
    INSERT @Others (Role, ModelVersionId, VersionNumber, SplitPercent)
    SELECT o.Role, q.ModelVersionId, q.VersionNumber, x.SplitPercent
    FROM (VALUES ('Shadow', @Shadow, CONVERT(bit, 0)), ('Split', @Split, CONVERT(bit, 1)), ('Fallback', @Fallback, CONVERT(bit, 0))) AS o (Role, Reference, WithPercent)
    CROSS APPLY scoring.Private_VersionReference(o.Reference, o.WithPercent) AS x
    CROSS APPLY scoring.Private_ResolveVersion(@Model, x.AliasName, x.VersionNumber) AS q
    WHERE o.Reference IS NOT NULL AND x.IsValid = 1 AND q.Problem IS NULL;
    SELECT @ShadowVersionId = MAX(CASE WHEN o.Role = 'Shadow' THEN o.ModelVersionId END),
           @SplitVersionId = MAX(CASE WHEN o.Role = 'Split' THEN o.ModelVersionId END),
           @SplitPercent = MAX(CASE WHEN o.Role = 'Split' THEN o.SplitPercent END),
           @FallbackVersionId = MAX(CASE WHEN o.Role = 'Fallback' THEN o.ModelVersionId END)
    FROM @Others AS o;

    -- Source and target -----------------------------------------------------------------------------------------
    SELECT @SourceValid = p.IsValid, @SourceId = p.ObjectId, @SourceType = p.ObjectType, @SourceName = p.QuotedName,
           @SourceSchema = p.SchemaName, @SourceObject = p.ObjectName
    FROM scoring.Private_ParseObjectName(@Source) AS p;
    IF ISNULL(@SourceValid, 0) = 0
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Source is not supported. Give [schema.]name of a table or view in this database.');
    ELSE IF @SourceId IS NULL OR @SourceType NOT IN ('U', 'V')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Source is not supported. ' + @SourceName + N' is not a table or view you can see in this database.');
    -- scoring.ScoringRun records both names quoted in 300 characters (at most 517 for two 128-character names full of ]).
    ELSE IF LEN(@SourceName) > 300
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Source is not supported. Its quoted name is ' + CONVERT(nvarchar(10), LEN(@SourceName))
                                         + N' characters; scoring runs record names of up to 300. Score from a view with a shorter name.');

    SELECT @TargetValid = p.IsValid, @TargetId = p.ObjectId, @TargetType = p.ObjectType, @TargetName = p.QuotedName,
           @TargetSchema = p.SchemaName, @TargetObject = p.ObjectName
    FROM scoring.Private_ParseObjectName(@Target) AS p;
    IF ISNULL(@TargetValid, 0) = 0
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Target is not supported. Give [schema.]name of a table in this database.');
    ELSE IF @TargetId IS NOT NULL AND @TargetType <> 'U'
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Target is not supported. ' + @TargetName + N' exists and is not a table.');
    ELSE IF @TargetId IS NULL AND SCHEMA_ID(@TargetSchema) IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Target is not supported. Schema ' + QUOTENAME(@TargetSchema) + N' does not exist.');
    ELSE IF @TargetId IS NOT NULL AND @TargetId = @SourceId
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Target is not supported. It names the source table.');
    ELSE IF LEN(@TargetName) > 300
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Target is not supported. Its quoted name is ' + CONVERT(nvarchar(10), LEN(@TargetName))
                                         + N' characters; scoring runs record names of up to 300. Give a shorter name.');
    ELSE IF @TargetSchema = N'scoring'
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Target is not supported. Schema scoring is reserved for DbScoring.');
    -- A trigger on the target runs with the rights of whoever scores into it (an Agent job, an administrator): whoever may
    -- alter the target could borrow those rights, so a target with an enabled trigger is refused.
    IF @TargetId IS NOT NULL AND @TargetType = 'U'
        INSERT @Errors (Message)
        SELECT N'The value for the parameter @Target is not supported. ' + @TargetName + N' has enabled triggers ('
               + STRING_AGG(CONVERT(nvarchar(max), QUOTENAME(t.name)), N', ') + N'), which would run with the rights of whoever scores into it'
               + N' (an Agent job, an administrator). Score into a table without triggers, or have its owner drop or disable them.'
        FROM sys.triggers AS t
        WHERE t.parent_id = @TargetId AND t.is_disabled = 0
        HAVING COUNT(*) > 0;

    IF @KeyColumns IS NULL OR LTRIM(RTRIM(@KeyColumns)) = N''
        INSERT @Errors (Message) VALUES (N'The value for the parameter @KeyColumns is not supported. Give the key column(s) of @Source, comma-separated.');
    IF @InputColumns IS NOT NULL AND ISJSON(@InputColumns) = 0
        INSERT @Errors (Message) VALUES (N'The value for the parameter @InputColumns is not supported. Give a JSON object that maps model inputs to source columns, e.g. N''{"Age": "AgeYears"}''.');
    -- At most a million rows: a batch's audit link hashes its rows' digests, aggregated into one nvarchar(max) of 64 characters
    -- per row (two rows per key with @Shadow), which must stay well inside T-SQL's 2 GB.
    IF @BatchSize IS NULL OR @BatchSize < 1 OR @BatchSize > 1000000
        INSERT @Errors (Message) VALUES (N'The value for the parameter @BatchSize is not supported. Give 1 .. 1000000 (each batch is one transaction; 10000 to 100000 is usual).');
    IF @LogInputs IS NULL OR @LogInputs NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @LogInputs is not supported. Give ''Y'' or ''N''.');
    IF @MaxBatches IS NOT NULL AND @MaxBatches < 1
        INSERT @Errors (Message) VALUES (N'The value for the parameter @MaxBatches is not supported. Give NULL or a positive number.');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');
    IF @Explain IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Explain is not supported. Give 0 (no reason codes) or the number of reasons to write.');
    -- Reason codes need explanation data in the blob (tree models: node covers recorded from sample rows at registration).
    IF @Explain > 0 AND @ModelVersionId IS NOT NULL
        INSERT @Errors (Message)
        SELECT N'The value for the parameter @Explain is not supported. Version ' + CONVERT(nvarchar(10), v.VersionNumber) + N' of ' + @Model
               + N' cannot be explained: ' + x.Refusal
        FROM scoring.ModelVersion AS v
        CROSS APPLY (SELECT Refusal = JSON_VALUE(scoring.Private_ModelInspect(v.ModelBlob), N'$.explanationRefusal')) AS x
        WHERE v.ModelVersionId IN (@ModelVersionId, @SplitVersionId) AND x.Refusal IS NOT NULL;
    IF @@TRANCOUNT > 0 AND @Execute = 'Y'
        INSERT @Errors (Message) VALUES (N'scoring.ScoreTable cannot run inside an open transaction: each batch commits on its own so that a rerun can continue.'
                                         + CASE WHEN (@@OPTIONS & 2) = 2 THEN N' This session has IMPLICIT_TRANSACTIONS ON (a driver without autocommit, such as pyodbc by default): commit what it opened, or turn autocommit on.' ELSE N'' END);

    -- Statements: built from the catalog facts by the generator, which also checks keys, inputs and the target ---------
    IF @SourceId IS NOT NULL AND @SourceType IN ('U', 'V') AND ISNULL(@TargetValid, 0) = 1 AND (@TargetId IS NULL OR @TargetType = 'U')
       AND @KeyColumns IS NOT NULL AND (@InputColumns IS NULL OR ISJSON(@InputColumns) = 1)
    BEGIN
        DECLARE @Facts nvarchar(max) =
            (SELECT [source.schema] = @SourceSchema, [source.name] = @SourceObject, [source.type] = @SourceType,
                    [target.schema] = @TargetSchema, [target.name] = @TargetObject,
                    [target.exists] = CONVERT(bit, CASE WHEN @TargetId IS NULL THEN 0 ELSE 1 END),
                    [keyColumns] = @KeyColumns,
                    [inputColumns] = CASE WHEN @ModelVersionId IS NOT NULL THEN @InputColumns END,
                    [explain] = @Explain,
                    [sourceColumns] = JSON_QUERY(scoring.Private_ColumnFactsJson(@SourceId)),
                    [targetColumns] = JSON_QUERY(scoring.Private_ColumnFactsJson(@TargetId)),
                    [inputs] = JSON_QUERY(scoring.Private_ModelInputsJson(@ModelVersionId)),
                    [shadowInputs] = JSON_QUERY(scoring.Private_ModelInputsJson(@ShadowVersionId)),
                    [splitInputs] = JSON_QUERY(scoring.Private_ModelInputsJson(@SplitVersionId)),
                    [fallbackInputs] = JSON_QUERY(scoring.Private_ModelInputsJson(@FallbackVersionId))
             FOR JSON PATH, WITHOUT_ARRAY_WRAPPER, INCLUDE_NULL_VALUES);

        INSERT @Generated (RowKind, Name, Text, Parameters)
        SELECT g.RowKind, g.Name, g.Text, g.Parameters FROM scoring.Private_GenerateStatements(N'ScoreTable', @Facts) AS g;
        INSERT @Errors (Message) SELECT g.Text FROM @Generated AS g WHERE g.RowKind = N'problem' ORDER BY g.Id;
    END;

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.ScoreTable', @Errors = @ErrorList;
        RETURN 50001;
    END;

    DECLARE @CreateTarget nvarchar(max), @AddPendingKeys nvarchar(max), @CheckKeyLength nvarchar(max), @CheckKeyLengthParameters nvarchar(4000),
            @StagePending nvarchar(max), @StageParameters nvarchar(4000), @CheckDuplicateKeys nvarchar(max), @CheckDuplicateParameters nvarchar(4000),
            @CountDone nvarchar(max), @CountDoneParameters nvarchar(4000), @ReadResults nvarchar(max), @CountInputFlags nvarchar(max),
            @InsertTarget nvarchar(max), @InsertTargetParameters nvarchar(4000), @KeyList nvarchar(4000), @InputMap nvarchar(max),
            @UpgradeTarget nvarchar(max), @ClearRefused nvarchar(max), @ClearRefusedParameters nvarchar(4000), @HoldTarget nvarchar(max);
    SELECT @CreateTarget = MAX(CASE WHEN g.Name = N'CreateTarget' THEN g.Text END),
           @AddPendingKeys = MAX(CASE WHEN g.Name = N'AddPendingKeys' THEN g.Text END),
           @CheckKeyLength = MAX(CASE WHEN g.Name = N'CheckKeyLength' THEN g.Text END),
           @CheckKeyLengthParameters = MAX(CASE WHEN g.Name = N'CheckKeyLength' THEN g.Parameters END),
           @StagePending = MAX(CASE WHEN g.Name = N'StagePending' THEN g.Text END),
           @StageParameters = MAX(CASE WHEN g.Name = N'StagePending' THEN g.Parameters END),
           @CheckDuplicateKeys = MAX(CASE WHEN g.Name = N'CheckDuplicateKeys' THEN g.Text END),
           @CheckDuplicateParameters = MAX(CASE WHEN g.Name = N'CheckDuplicateKeys' THEN g.Parameters END),
           @CountDone = MAX(CASE WHEN g.Name = N'CountDone' THEN g.Text END),
           @CountDoneParameters = MAX(CASE WHEN g.Name = N'CountDone' THEN g.Parameters END),
           @ReadResults = MAX(CASE WHEN g.Name = N'ReadResults' THEN g.Text END),
           @CountInputFlags = MAX(CASE WHEN g.Name = N'CountInputFlags' THEN g.Text END),
           @InsertTarget = MAX(CASE WHEN g.Name = N'InsertTarget' THEN g.Text END),
           @InsertTargetParameters = MAX(CASE WHEN g.Name = N'InsertTarget' THEN g.Parameters END),
           @KeyList = MAX(CASE WHEN g.Name = N'KeyColumns' THEN g.Text END),
           @InputMap = MAX(CASE WHEN g.Name = N'InputMap' THEN g.Text END),
           @UpgradeTarget = MAX(CASE WHEN g.Name = N'UpgradeTarget' THEN g.Text END),
           @ClearRefused = MAX(CASE WHEN g.Name = N'ClearRefused' THEN g.Text END),
           @ClearRefusedParameters = MAX(CASE WHEN g.Name = N'ClearRefused' THEN g.Parameters END),
           @HoldTarget = MAX(CASE WHEN g.Name = N'HoldTarget' THEN g.Text END)
    FROM @Generated AS g;

    -- A scheduled job scores only with the inputs a ScoringAdmin approved for it: a publisher who registers and promotes a
    -- version that takes other inputs (SSN, Salary ...) cannot make the job's privileged account read those columns.
    IF @JobName IS NOT NULL
    BEGIN
        DECLARE @ApprovedInputs nvarchar(max), @ApprovedModel nvarchar(100), @ApprovedVersion int, @ApprovedBy nvarchar(128), @ApprovedAt datetime2(3);
        DECLARE @CurrentInputs nvarchar(max) = (SELECT i.InputSet FROM scoring.Private_InputSet(@ModelVersionId) AS i), @Added nvarchar(max), @Removed nvarchar(max);
        SELECT TOP (1) @ApprovedInputs = a.ApprovedInputs, @ApprovedModel = a.ModelName, @ApprovedVersion = a.ApprovedVersion,
                       @ApprovedBy = a.ApprovedBy, @ApprovedAt = a.ApprovedAt
        FROM scoring.ScoringJobApproval AS a WHERE a.JobName = @JobName ORDER BY a.ScoringJobApprovalId DESC;
        SELECT @Added = d.Added, @Removed = d.Removed FROM scoring.Private_InputSetDifference(@ApprovedInputs, @CurrentInputs) AS d;
        IF @ApprovedInputs IS NULL OR @ApprovedModel <> @Model OR @CurrentInputs <> @ApprovedInputs
        BEGIN
            DECLARE @Refusal nvarchar(2048) = LEFT(
                CASE WHEN @ApprovedInputs IS NULL THEN N'No inputs were ever approved for job ' + @JobName + N' (scoring.CreateScoringJob records them).'
                     WHEN @ApprovedModel <> @Model THEN N'Job ' + @JobName + N' was approved for model ' + @ApprovedModel + N', not ' + @Model + N'.'
                     ELSE N'Job ' + @JobName + N' may score only with the inputs approved for it (those of version ' + CONVERT(nvarchar(10), @ApprovedVersion)
                          + N', approved by ' + @ApprovedBy + N' at ' + CONVERT(nvarchar(30), @ApprovedAt, 126) + N'). Version ' + CONVERT(nvarchar(10), @VersionNumber)
                          + N' of ' + @Model + N' would read' + ISNULL(N' new inputs ' + LEFT(@Added, 600), N' no new input') + ISNULL(N' and no longer ' + LEFT(@Removed, 300), N'') + N'.'
                END + N' Nothing was read or scored. A ScoringAdmin reviews the version and runs: EXEC scoring.ApproveScoringJob @JobName = N'''
                + REPLACE(@JobName, N'''', N'''''') + N''', @Version = ' + CONVERT(nvarchar(10), @VersionNumber) + N', @Reason = N''...'';', 2048);
            IF @Execute = 'Y'
                INSERT scoring.ScoringRun (ProcedureName, ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command,
                                           StartedAt, EndedAt, Status, RowsScored, BatchCount, ErrorNumber, ErrorMessage)
                VALUES (N'scoring.ScoreTable', @ModelId, @ModelVersionId, @AliasName, @BlobSha256, @SourceName, @TargetName, @KeyList, @Command,
                        SYSUTCDATETIME(), SYSUTCDATETIME(), 'Failed', 0, 0, 50024, @Refusal);
            THROW 50024, @Refusal, 1;
        END;
    END;

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: model ' + @Model + N' version ' + CONVERT(nvarchar(10), @VersionNumber)
              + N' (ModelVersionId ' + CONVERT(nvarchar(10), @ModelVersionId) + N'), ' + @SourceName + N' -> ' + @TargetName + N'.';
        PRINT N'Inputs (model input <- source column):';
        EXEC scoring.Private_PrintText @Text = @InputMap;
        DECLARE @Id int = (SELECT MIN(g.Id) FROM @Generated AS g WHERE g.RowKind = N'statement'), @Text nvarchar(max);
        WHILE @Id IS NOT NULL
        BEGIN
            SELECT @Text = N'-- ' + g.Name + ISNULL(N' (' + g.Parameters + N')', N'') + NCHAR(10) + g.Text FROM @Generated AS g WHERE g.Id = @Id;
            EXEC scoring.Private_PrintText @Text = @Text;
            SET @Id = (SELECT MIN(g.Id) FROM @Generated AS g WHERE g.RowKind = N'statement' AND g.Id > @Id);
        END;
        RETURN 0;
    END;

    -- Run ----------------------------------------------------------------------------------------------------
    -- The application lock is taken before the run row exists and released after it is completed, so a Running row
    -- whose target lock is free belongs to a session that died. Each run also holds a lock named after its own run id
    -- from the moment its row is visible (row and lock committed together) until it is completed: a Running row whose
    -- run lock is held is alive, whatever spelling of the target it was started with.
    DECLARE @Start datetime2(3) = SYSUTCDATETIME(), @Now datetime2(3);
    DECLARE @Batches int = 0, @Rows bigint = 0, @BatchRows int, @AlreadyScored bigint = 0, @LockResult int;
    -- Per-row status counts of the run (the embedded store's names): RowsScored = @Rows, RowsByFallback, RowsRefused.
    DECLARE @RowsByFallback bigint = 0, @RowsRefused bigint = 0, @BatchScored bigint, @BatchFallback bigint, @BatchRefused bigint, @RefusedBefore bigint = 0;
    DECLARE @Pending bigint = 0, @Last bigint = 0, @StageRows bigint = CASE WHEN @MaxBatches IS NULL THEN 9223372036854775807
                                                                             ELSE CONVERT(bigint, @MaxBatches) * @BatchSize END;
    DECLARE @LongKey nvarchar(100), @LongKeyChars int, @DuplicateKey nvarchar(450), @Duplicates bigint, @Message nvarchar(2048), @Notice nvarchar(max), @NewTriggers nvarchar(max);
    DECLARE @LockName nvarchar(255) = LEFT(N'DbScoring.ScoreTable:' + DB_NAME() + N':' + @TargetName, 255), @RunLockName nvarchar(255),
            @InstallLockName nvarchar(255) = LEFT(N'DbScoring.Install:' + DB_NAME(), 255);
    -- Drift against the training profile (docs/monitoring.md), only for a version that has one.
    DECLARE @HasProfile bit = (SELECT CASE WHEN JSON_QUERY(v.ModelDescription, '$.profile') IS NOT NULL THEN 1 ELSE 0 END
                               FROM scoring.ModelVersion AS v WHERE v.ModelVersionId = @ModelVersionId);
    DECLARE @DriftCodeCounts nvarchar(max), @DriftLevel varchar(10), @DriftInputs nvarchar(4000);

    -- Not while DbScoring is being installed or upgraded here (Install/Preconditions holds this exclusive for the whole
    -- script): the run would fail midway on a swapped module. Held shared to the end of the run, so the installer waits too.
    EXEC @LockResult = sys.sp_getapplock @Resource = @InstallLockName, @LockMode = 'Shared', @LockOwner = 'Session', @LockTimeout = 0;
    IF @LockResult < 0
    BEGIN
        SET @Message = N'DbScoring is being installed or upgraded in this database now; nothing was scored. Score again when the installer has finished.';
        THROW 50094, @Message, 1;
    END;

    EXEC @LockResult = sys.sp_getapplock @Resource = @LockName, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0;
    IF @LockResult < 0
    BEGIN
        EXEC sys.sp_releaseapplock @Resource = @InstallLockName, @LockOwner = 'Session';
        SET @Message = N'Another scoring run is writing ' + @TargetName + N' now; try again when it has finished (see scoring.Runs).';
        INSERT scoring.ScoringRun (ProcedureName, ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command,
                                   StartedAt, EndedAt, Status, RowsScored, BatchCount, ErrorNumber, ErrorMessage)
        VALUES (N'scoring.ScoreTable', @ModelId, @ModelVersionId, @AliasName, @BlobSha256, @SourceName, @TargetName, @KeyList, @Command,
                @Start, SYSUTCDATETIME(), 'Failed', 0, 0, 50022, @Message);
        THROW 50022, @Message, 1;
    END;

    -- From here on the CATCH block completes the run row (when it exists) and releases the locks.
    BEGIN TRY
        BEGIN TRANSACTION;
        -- The alias was resolved before validation: if a promotion moved it since, the run would say it scored the alias's
        -- old version although AliasesAsOf(StartedAt) names the new one. Read again, and held to the commit of the run row.
        IF @AliasName IS NOT NULL AND NOT EXISTS (SELECT 1 FROM scoring.ModelAlias AS a WITH (REPEATABLEREAD)
                                                  WHERE a.ModelId = @ModelId AND a.AliasName = @AliasName AND a.ModelVersionId = @ModelVersionId)
        BEGIN
            SET @Message = N'Alias ' + @AliasName + N' of model ' + @Model + N' moved to another version while this run was being prepared; nothing was scored. Score again: it will use the version the alias points at now.';
            THROW 50095, @Message, 1;
        END;
        INSERT scoring.ScoringRun (ProcedureName, ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command, StartedAt)
        VALUES (N'scoring.ScoreTable', @ModelId, @ModelVersionId, @AliasName, @BlobSha256, @SourceName, @TargetName, @KeyList, @Command, @Start);
        SET @ScoringRunId = SCOPE_IDENTITY();
        SET @RunLockName = N'DbScoring.ScoringRun:' + DB_NAME() + N':' + CONVERT(nvarchar(20), @ScoringRunId);
        EXEC sys.sp_getapplock @Resource = @RunLockName, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0;
        COMMIT TRANSACTION;

        -- Stale runs: this session holds the target's lock, so any other run of this target still Running whose own run
        -- lock is free has lost its session (killed, crashed, failed over). Complete it as Abandoned, with who noticed it
        -- and when, and the rows and batches it had committed (they are kept: this run does not score those keys again).
        DECLARE @Abandoned TABLE (ScoringRunId bigint NOT NULL, RowsScored bigint NULL);
        UPDATE r
        SET Status = 'Abandoned', EndedAt = SYSUTCDATETIME(), AbandonedBy = ORIGINAL_LOGIN(),
            RowsScored = (SELECT COUNT_BIG(*) FROM scoring.PredictionLog AS p
                          WHERE p.ScoringRunId = r.ScoringRunId AND ISNULL(p.Role, 'Primary') = 'Primary' AND ISNULL(p.Status, 'Scored') = 'Scored'),
            -- A batch whose rows were all refused, fallback or arm B writes no input statistics, but every batch has its audit link
            -- (runs older than the chain have only the statistics).
            BatchCount = (SELECT MAX(n.Batches) FROM (SELECT Batches = ISNULL(MAX(b.BatchNumber), 0) FROM scoring.ScoringRunInputStats AS b WHERE b.ScoringRunId = r.ScoringRunId
                                                       UNION ALL
                                                       SELECT ISNULL(MAX(l.BatchNumber), 0) FROM scoring.AuditLink AS l WHERE l.Kind = 'Batch' AND l.SubjectId = r.ScoringRunId) AS n),
            DurationMs = DATEDIFF_BIG(millisecond, r.StartedAt, SYSUTCDATETIME()),
            ErrorNumber = 50023,
            ErrorMessage = N'Abandoned: the run stopped without completing (its session ended: killed, crashed or failed over). Noticed by run '
                           + CONVERT(nvarchar(20), @ScoringRunId) + N' of the same target; its committed batches are kept.'
        OUTPUT inserted.ScoringRunId, inserted.RowsScored INTO @Abandoned (ScoringRunId, RowsScored)
        FROM scoring.ScoringRun AS r
        WHERE r.ProcedureName = N'scoring.ScoreTable' AND r.TargetName = @TargetName AND r.Status = 'Running' AND r.ScoringRunId <> @ScoringRunId
          AND APPLOCK_TEST(N'public', N'DbScoring.ScoringRun:' + DB_NAME() + N':' + CONVERT(nvarchar(20), r.ScoringRunId), 'Exclusive', 'Session') = 1;
        SELECT @Notice = STRING_AGG(CONVERT(nvarchar(max), N'Run ' + CONVERT(nvarchar(20), a.ScoringRunId) + N' of ' + @TargetName
                                     + N' was left Running by a session that ended; marked Abandoned (' + CONVERT(nvarchar(20), a.RowsScored)
                                     + N' committed rows kept).'), NCHAR(10))
        FROM @Abandoned AS a;
        IF @Notice IS NOT NULL
            EXEC scoring.Private_PrintText @Text = @Notice;

        IF OBJECT_ID(@TargetName, N'U') IS NULL
            EXEC sys.sp_executesql @CreateTarget;
        -- A target made before per-row status gets Status (its rows: 'Scored') and Reason, with the caller's rights on it.
        IF @UpgradeTarget IS NOT NULL
        BEGIN
            BEGIN TRY
                EXEC sys.sp_executesql @UpgradeTarget;
            END TRY
            BEGIN CATCH
                SET @Message = LEFT(N'The target ' + @TargetName + N' was made before per-row status and lacks Status and Reason; adding them failed ('
                               + ERROR_MESSAGE() + N'). Someone with ALTER on it runs: ' + @UpgradeTarget + N' Then score again. Nothing was scored.', 2048);
                THROW 50080, @Message, 1;
            END CATCH;
        END;
        EXEC sys.sp_executesql @CountDone, @CountDoneParameters, @ModelVersionId = @ModelVersionId, @SplitVersionId = @SplitVersionId,
             @FallbackVersionId = @FallbackVersionId, @Done = @AlreadyScored OUTPUT, @Refused = @RefusedBefore OUTPUT;
        -- Scoring a refused row again replaces its target row (a DELETE with the caller's rights): say so before any batch.
        IF @RefusedBefore > 0 AND ISNULL(HAS_PERMS_BY_NAME(@TargetName, N'OBJECT', N'DELETE'), 0) = 0
        BEGIN
            SET @Message = LEFT(N'The target ' + @TargetName + N' holds ' + CONVERT(nvarchar(20), @RefusedBefore) + N' rows refused by earlier runs;'
                           + N' scoring them again replaces those rows, which needs DELETE on the target. Someone who may grant it runs: GRANT DELETE ON '
                           + @TargetName + N' TO ' + QUOTENAME(USER_NAME()) + N'; Then score again. Nothing was scored.', 2048);
            THROW 50090, @Message, 1;
        END;

        IF @CheckKeyLength IS NOT NULL
        BEGIN
            EXEC sys.sp_executesql @CheckKeyLength, @CheckKeyLengthParameters, @LongKey = @LongKey OUTPUT, @LongKeyChars = @LongKeyChars OUTPUT;
            IF @LongKey IS NOT NULL
            BEGIN
                SET @Message = N'The key of a row of ' + @SourceName + N' is ' + CONVERT(nvarchar(10), @LongKeyChars) + N' characters as text (it starts '
                               + @LongKey + N'); scoring.PredictionLog.RowKey holds 450. Score a view with a shorter key. Nothing was scored.';
                THROW 50025, @Message, 1;
            END;
        END;

        -- Stage once: the keys not yet scored by this version, their row keys and packed inputs, in key order.
        -- With @Split, Arm ('A'/'B'); the other versions' packed inputs (they may take other inputs than the primary).
        -- Text columns COLLATE DATABASE_DEFAULT: a #table's text columns would otherwise take tempdb's collation and conflict with the database's. (The key columns added next keep the source's collation.)
        CREATE TABLE #Pending (RowNumber bigint IDENTITY(1, 1) NOT NULL PRIMARY KEY, RowKey nvarchar(450) COLLATE DATABASE_DEFAULT NOT NULL, Inputs varbinary(8000) NOT NULL,
                               Arm char(1) COLLATE DATABASE_DEFAULT NULL, ShadowInputs varbinary(8000) NULL, SplitInputs varbinary(8000) NULL, FallbackInputs varbinary(8000) NULL);
        EXEC sys.sp_executesql @AddPendingKeys;
        EXEC sys.sp_executesql @StagePending, @StageParameters, @StageRows = @StageRows, @ModelVersionId = @ModelVersionId, @SplitVersionId = @SplitVersionId,
             @FallbackVersionId = @FallbackVersionId, @SplitModel = @ModelName, @SplitPercent = @SplitPercent;
        SET @Pending = ISNULL((SELECT MAX(p.RowNumber) FROM #Pending AS p), 0);

        EXEC sys.sp_executesql @CheckDuplicateKeys, @CheckDuplicateParameters, @DuplicateKey = @DuplicateKey OUTPUT, @Duplicates = @Duplicates OUTPUT;
        IF @DuplicateKey IS NOT NULL
        BEGIN
            SET @Message = N'The key columns ' + @KeyList + N' of ' + @SourceName + N' are not unique: the key ' + @DuplicateKey + N' occurs '
                           + CONVERT(nvarchar(20), @Duplicates) + N' times. Give a unique key (or score a view that has one). Nothing was scored.';
            THROW 50026, @Message, 1;
        END;

        -- Heaps filled WITH (TABLOCK): parallel insert is possible, so the CLR calls can run in the parallel zone.
        -- #Scored: per row the version of its arm (VersionId) and its outcome (Packed: a prediction or a refusal with the reason),
        -- the fallback's outcome where the primary refused, the shadow's outcome. #Result: what counts per row, read from them.
        CREATE TABLE #Scored (RowNumber bigint NOT NULL, Arm char(1) COLLATE DATABASE_DEFAULT NULL, VersionId int NOT NULL, Packed varbinary(8000) NULL, Explanation nvarchar(max) COLLATE DATABASE_DEFAULT NULL,
                              FallbackVersionId int NULL, FallbackPacked varbinary(8000) NULL, ShadowPacked varbinary(8000) NULL);
        CREATE TABLE #Result (RowNumber bigint NOT NULL, Arm char(1) COLLATE DATABASE_DEFAULT NULL, ModelVersionId int NOT NULL, Status varchar(10) COLLATE DATABASE_DEFAULT NOT NULL, Reason nvarchar(2000) COLLATE DATABASE_DEFAULT NULL,
                              PredictedClass int NULL, PredictedLabel nvarchar(400) COLLATE DATABASE_DEFAULT NULL, Score real NULL, Probability real NULL, Flags varbinary(8000) NULL,
                              Explanation nvarchar(max) COLLATE DATABASE_DEFAULT NULL, ShadowStatus varchar(10) COLLATE DATABASE_DEFAULT NULL, ShadowReason nvarchar(2000) COLLATE DATABASE_DEFAULT NULL, ShadowPredictedClass int NULL,
                              ShadowPredictedLabel nvarchar(400) COLLATE DATABASE_DEFAULT NULL, ShadowScore real NULL, ShadowProbability real NULL);
        CREATE TABLE #InputFlagCounts (InputIndex int NOT NULL, RowsScored bigint NOT NULL, MissingValues bigint NOT NULL, UnseenCategories bigint NOT NULL,
                                       BelowRange bigint NOT NULL, AboveRange bigint NOT NULL);
        -- Drift codes of a batch (scoring.Private_DriftCodes) and the distribution indexes 0 .. 1099 (at most 1,024 inputs and 3 outputs).
        CREATE TABLE #DriftCodes (Codes varbinary(8000) NULL);
        CREATE TABLE #DriftIndexes (DistributionIndex int NOT NULL PRIMARY KEY);
        IF @HasProfile = 1
            INSERT #DriftIndexes (DistributionIndex)
            SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d
            FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS a (d)
            CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS b (d)
            CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS c (d)
            CROSS JOIN (VALUES (0), (1)) AS e (d)
            WHERE a.d + 10 * b.d + 100 * c.d + 1000 * e.d < 1100;

        WHILE @Last < @Pending AND (@MaxBatches IS NULL OR @Batches < @MaxBatches)
        BEGIN
            TRUNCATE TABLE #Scored;
            TRUNCATE TABLE #Result;
            TRUNCATE TABLE #InputFlagCounts;

            -- Score once per row, materialised (the packed outcome is read several times below): the version of the row's arm
            -- (the primary without @Split) and the shadow. A row a version cannot score gives a refusal with the reason
            -- (first byte 0x00, PredictionCodec.RefusalFormat) instead of failing the batch.
            INSERT #Scored WITH (TABLOCK) (RowNumber, Arm, VersionId, Packed, ShadowPacked)
            SELECT p.RowNumber, p.Arm, v.ModelVersionId,
                   scoring.Private_TryPredict(v.ModelVersionId, v.BlobSha256, v.ModelBlob, CASE WHEN p.Arm = 'B' THEN p.SplitInputs ELSE p.Inputs END),
                   scoring.Private_TryPredict(h.ModelVersionId, h.BlobSha256, h.ModelBlob, p.ShadowInputs)
            FROM #Pending AS p
            JOIN scoring.ModelVersion AS v ON v.ModelVersionId = CASE WHEN p.Arm = 'B' THEN @SplitVersionId ELSE @ModelVersionId END
            LEFT JOIN scoring.ModelVersion AS h ON h.ModelVersionId = @ShadowVersionId
            WHERE p.RowNumber > @Last AND p.RowNumber <= @Last + @BatchSize;
            SET @BatchRows = @@ROWCOUNT;
            -- The rows the primary (or its arm) refused, scored by the fallback version.
            IF @FallbackVersionId IS NOT NULL
                UPDATE s
                SET FallbackVersionId = f.ModelVersionId, FallbackPacked = scoring.Private_TryPredict(f.ModelVersionId, f.BlobSha256, f.ModelBlob, p.FallbackInputs)
                FROM #Scored AS s
                JOIN #Pending AS p ON p.RowNumber = s.RowNumber
                CROSS JOIN scoring.ModelVersion AS f
                WHERE f.ModelVersionId = @FallbackVersionId AND SUBSTRING(s.Packed, 1, 1) = 0x00;
            -- With @Explain, the whole explanation of the rows their arm's version scored (the target takes its top n reasons,
            -- the prediction log all of it).
            IF @Explain > 0
                UPDATE s
                SET Explanation = scoring.Private_Explain(v.ModelVersionId, v.BlobSha256, v.ModelBlob, CASE WHEN p.Arm = 'B' THEN p.SplitInputs ELSE p.Inputs END, 0)
                FROM #Scored AS s
                JOIN #Pending AS p ON p.RowNumber = s.RowNumber
                JOIN scoring.ModelVersion AS v ON v.ModelVersionId = s.VersionId
                WHERE SUBSTRING(s.Packed, 1, 1) = 0x01;

            EXEC sys.sp_executesql @ReadResults;
            SELECT @BatchScored = COUNT_BIG(CASE WHEN r.Status = 'Scored' THEN 1 END), @BatchFallback = COUNT_BIG(CASE WHEN r.Status = 'Fallback' THEN 1 END),
                   @BatchRefused = COUNT_BIG(CASE WHEN r.Status = 'Refused' THEN 1 END)
            FROM #Result AS r;
            IF @CountInputFlags IS NOT NULL
                EXEC sys.sp_executesql @CountInputFlags;
            IF @HasProfile = 1
            BEGIN
                -- Drift: one CLR call per row (no data access, materialised first), then one GROUP BY over the 2-byte codes.
                TRUNCATE TABLE #DriftCodes;
                INSERT #DriftCodes WITH (TABLOCK) (Codes)
                SELECT scoring.Private_DriftCodes(v.ModelVersionId, v.BlobSha256, v.ModelBlob, p.Inputs, s.Packed)
                FROM #Scored AS s
                JOIN #Pending AS p ON p.RowNumber = s.RowNumber
                CROSS JOIN scoring.ModelVersion AS v
                WHERE v.ModelVersionId = @ModelVersionId AND s.VersionId = @ModelVersionId AND SUBSTRING(s.Packed, 1, 1) = 0x01;
                SET @DriftCodeCounts =
                    (SELECT d = x.DistributionIndex, c = x.Code, n = COUNT_BIG(*)
                     FROM (SELECT i.DistributionIndex, Code = CONVERT(int, SUBSTRING(r.Codes, 2 * i.DistributionIndex + 1, 2))
                           FROM #DriftCodes AS r
                           JOIN #DriftIndexes AS i ON 2 * i.DistributionIndex < DATALENGTH(r.Codes)) AS x
                     GROUP BY x.DistributionIndex, x.Code
                     FOR JSON PATH);
            END;

            SET @Now = SYSUTCDATETIME();
            BEGIN TRANSACTION;

            -- The target's DELETE and INSERT run with the caller's rights (an Agent job's, an administrator's): a trigger made or
            -- enabled on it since the check before the first batch would run with them. The shared table lock, held to COMMIT,
            -- makes CREATE/ENABLE TRIGGER wait, so the check below stays true for this batch's writes.
            EXEC sys.sp_executesql @HoldTarget;
            SET @NewTriggers = (SELECT STRING_AGG(CONVERT(nvarchar(max), QUOTENAME(t.name)), N', ') FROM sys.triggers AS t
                                WHERE t.parent_id = OBJECT_ID(@TargetName, N'U') AND t.is_disabled = 0);
            IF @NewTriggers IS NOT NULL
            BEGIN
                SET @Message = LEFT(N'The target ' + @TargetName + N' got an enabled trigger during the run (' + @NewTriggers
                               + N'), which would run with the rights of whoever scores into it. The batches before this one are kept;'
                               + N' have the trigger dropped or disabled, then score again.', 2048);
                THROW 50091, @Message, 1;
            END;

            -- Each row as written to the target (Role Primary: the version that scored it, with the inputs it was given), and
            -- with @Shadow the shadow's outcome of the same row (Role Shadow).
            INSERT scoring.PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, Inputs,
                                          PredictedClass, PredictedLabel, Score, Probability, PredictedAt, Explanation, Role, Arm, Status, Reason)
            SELECT @ScoringRunId, p.RowKey, r.ModelVersionId, v.BlobSha256, CONVERT(binary(32), HASHBYTES('SHA2_256', i.Inputs)),
                   CASE WHEN @LogInputs = 'Y' THEN i.Inputs END, r.PredictedClass, r.PredictedLabel, r.Score, r.Probability, @Now, r.Explanation,
                   'Primary', r.Arm, r.Status, r.Reason
            FROM #Result AS r
            JOIN #Pending AS p ON p.RowNumber = r.RowNumber
            JOIN scoring.ModelVersion AS v ON v.ModelVersionId = r.ModelVersionId
            CROSS APPLY (SELECT Inputs = CASE WHEN r.Status = 'Fallback' THEN p.FallbackInputs WHEN r.Arm = 'B' THEN p.SplitInputs ELSE p.Inputs END) AS i;
            IF @ShadowVersionId IS NOT NULL
                INSERT scoring.PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, Inputs,
                                              PredictedClass, PredictedLabel, Score, Probability, PredictedAt, Explanation, Role, Arm, Status, Reason)
                SELECT @ScoringRunId, p.RowKey, h.ModelVersionId, h.BlobSha256, CONVERT(binary(32), HASHBYTES('SHA2_256', p.ShadowInputs)),
                       CASE WHEN @LogInputs = 'Y' THEN p.ShadowInputs END, r.ShadowPredictedClass, r.ShadowPredictedLabel, r.ShadowScore, r.ShadowProbability,
                       @Now, NULL, 'Shadow', NULL, r.ShadowStatus, r.ShadowReason
                FROM #Result AS r
                JOIN #Pending AS p ON p.RowNumber = r.RowNumber
                CROSS JOIN scoring.ModelVersion AS h
                WHERE h.ModelVersionId = @ShadowVersionId;

            -- A key an earlier run refused is scored again now: its refused target row makes way for this one.
            IF @RefusedBefore > 0
                EXEC sys.sp_executesql @ClearRefused, @ClearRefusedParameters, @ModelVersionId = @ModelVersionId, @SplitVersionId = @SplitVersionId,
                     @FallbackVersionId = @FallbackVersionId;

            EXEC sys.sp_executesql @InsertTarget, @InsertTargetParameters, @ModelVersionId = @ModelVersionId, @ScoringRunId = @ScoringRunId, @Now = @Now;

            INSERT scoring.ScoringRunInputStats (ScoringRunId, BatchNumber, InputIndex, InputName, RowsScored, MissingValues, UnseenCategories,
                                                 BelowRange, AboveRange)
            SELECT @ScoringRunId, @Batches + 1, c.InputIndex, i.InputName, c.RowsScored, c.MissingValues, c.UnseenCategories, c.BelowRange, c.AboveRange
            FROM #InputFlagCounts AS c
            JOIN scoring.Private_ModelInputs(@ModelVersionId) AS i ON i.InputIndex = c.InputIndex;

            IF @HasProfile = 1
                INSERT scoring.ScoringRunDriftCounts (ScoringRunId, BatchNumber, IsOutput, Name, Buckets, BelowRange, AboveRange)
                SELECT @ScoringRunId, @Batches + 1, c.IsOutput, c.Name, c.Buckets, c.BelowRange, c.AboveRange
                FROM scoring.ModelVersion AS v
                CROSS APPLY scoring.Private_DriftBatchCounts(v.ModelVersionId, v.BlobSha256, v.ModelBlob, ISNULL(@DriftCodeCounts, N'[]')) AS c
                WHERE v.ModelVersionId = @ModelVersionId;

            -- Audit chain (docs/audit.md): the batch's prediction log rows are linked in the batch's own transaction.
            DECLARE @LinkedBatch int = @Batches + 1;
            EXEC scoring.Private_AppendAuditLink @ModelId = @ModelId, @Kind = 'Batch', @SubjectId = @ScoringRunId, @BatchNumber = @LinkedBatch;

            COMMIT TRANSACTION;

            SET @Batches += 1;
            SET @Rows += @BatchScored;
            SET @RowsByFallback += @BatchFallback;
            SET @RowsRefused += @BatchRefused;
            SET @Last += @BatchSize;
        END;

        IF @HasProfile = 1
            EXEC scoring.Private_RecordRunDrift @ScoringRunId = @ScoringRunId, @DriftLevel = @DriftLevel OUTPUT, @DriftInputs = @DriftInputs OUTPUT;
        UPDATE scoring.ScoringRun
        SET EndedAt = SYSUTCDATETIME(), Status = 'Succeeded', RowsScored = @Rows, RowsByFallback = @RowsByFallback, RowsRefused = @RowsRefused,
            RowsSkipped = @AlreadyScored, BatchCount = @Batches, DurationMs = DATEDIFF_BIG(millisecond, @Start, SYSUTCDATETIME()),
            RowsPerSecond = CONVERT(decimal(19, 1), (@Rows + @RowsByFallback + @RowsRefused) * 1000.0 / NULLIF(DATEDIFF_BIG(millisecond, @Start, SYSUTCDATETIME()), 0)),
            DriftLevel = @DriftLevel, DriftInputs = @DriftInputs
        WHERE ScoringRunId = @ScoringRunId;
        EXEC sys.sp_releaseapplock @Resource = @RunLockName, @LockOwner = 'Session';
        EXEC sys.sp_releaseapplock @Resource = @LockName, @LockOwner = 'Session';
        EXEC sys.sp_releaseapplock @Resource = @InstallLockName, @LockOwner = 'Session';

        PRINT N'Scored ' + CONVERT(nvarchar(20), @Rows) + N' rows in ' + CONVERT(nvarchar(10), @Batches) + N' batches into ' + @TargetName
              + N' (run ' + CONVERT(nvarchar(20), @ScoringRunId) + N'; ' + CONVERT(nvarchar(20), @AlreadyScored) + N' were already scored'
              + CASE WHEN @RowsByFallback > 0 THEN N'; ' + CONVERT(nvarchar(20), @RowsByFallback) + N' by the fallback' ELSE N'' END
              + CASE WHEN @RowsRefused > 0 THEN N'; ' + CONVERT(nvarchar(20), @RowsRefused) + N' refused, with the reason in the target''s Status and Reason' ELSE N'' END + N').';
    END TRY
    BEGIN CATCH
        DECLARE @ErrorNumber int = ERROR_NUMBER(), @ErrorMessage nvarchar(4000) = ERROR_MESSAGE();
        IF XACT_STATE() <> 0
            ROLLBACK TRANSACTION;

        -- The drift of the batches it committed (as the embedded store); a failure here must not hide the run's own error.
        IF @HasProfile = 1 AND @DriftLevel IS NULL AND NOT EXISTS (SELECT 1 FROM scoring.ScoringRunDrift AS d WHERE d.ScoringRunId = @ScoringRunId)
        BEGIN
            BEGIN TRY
                EXEC scoring.Private_RecordRunDrift @ScoringRunId = @ScoringRunId, @DriftLevel = @DriftLevel OUTPUT, @DriftInputs = @DriftInputs OUTPUT;
            END TRY
            BEGIN CATCH
                SELECT @DriftLevel = NULL, @DriftInputs = NULL;
            END CATCH;
        END;
        -- Completing the run fires its audit link (a lock, CLR digests). If that fails too, the locks are still released and
        -- the run's own error is raised; the run stays Running until the next run of the target marks it Abandoned.
        BEGIN TRY
            UPDATE scoring.ScoringRun
            SET EndedAt = SYSUTCDATETIME(), Status = 'Failed', RowsScored = @Rows, RowsByFallback = @RowsByFallback, RowsRefused = @RowsRefused, RowsSkipped = @AlreadyScored, BatchCount = @Batches,
                DurationMs = DATEDIFF_BIG(millisecond, @Start, SYSUTCDATETIME()),
                RowsPerSecond = CONVERT(decimal(19, 1), @Rows * 1000.0 / NULLIF(DATEDIFF_BIG(millisecond, @Start, SYSUTCDATETIME()), 0)),
                ErrorNumber = @ErrorNumber, ErrorMessage = @ErrorMessage, DriftLevel = @DriftLevel, DriftInputs = @DriftInputs
            WHERE ScoringRunId = @ScoringRunId AND Status = 'Running';
        END TRY
        BEGIN CATCH
            IF XACT_STATE() <> 0
                ROLLBACK TRANSACTION;
        END CATCH;
        IF @RunLockName IS NOT NULL AND APPLOCK_MODE(N'public', @RunLockName, 'Session') <> 'NoLock'
            EXEC sys.sp_releaseapplock @Resource = @RunLockName, @LockOwner = 'Session';
        IF APPLOCK_MODE(N'public', @LockName, 'Session') <> 'NoLock'
            EXEC sys.sp_releaseapplock @Resource = @LockName, @LockOwner = 'Session';
        IF APPLOCK_MODE(N'public', @InstallLockName, 'Session') <> 'NoLock'
            EXEC sys.sp_releaseapplock @Resource = @InstallLockName, @LockOwner = 'Session';

        THROW;
    END CATCH;

    RETURN 0;
END;
