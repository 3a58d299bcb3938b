-- DbScoring version: 0.1.0
-- scoring.CreateScoringJob: creates, only if no job of that name exists, a SQL Server Agent job in category DbScoring
-- that runs scoring.ScoreTable in this database on a schedule. The step retries on failure; since ScoreTable is
-- restartable and incremental, a retry or the next run continues where a failed one stopped (and marks a run whose
-- session died Abandoned). The ScoreTable parameters are validated first (by a dry run of ScoreTable).
-- The job pins the input signature of the model version it was created with: its step passes @JobName, and ScoreTable
-- refuses (50024) a version whose inputs differ until a ScoringAdmin approves them (scoring.ApproveScoringJob).
-- Works for a non-sysadmin: it uses only what msdb's SQLAgentUserRole may use (sp_add_job, sp_add_jobstep,
-- sp_add_jobschedule, sp_add_jobserver, sp_delete_job, the view sysjobs_view); the category is created by the installer
-- when a sysadmin runs it. Every msdb return code is checked, and everything happens in one transaction: a failure
-- leaves no half-built job and no approval. Refused on SQL Server Express (no Agent) and on an Availability Group
-- secondary. msdb is reached through dynamic SQL and variables, so the module holds no hard reference to msdb.
CREATE OR ALTER PROCEDURE scoring.CreateScoringJob
    @JobName       nvarchar(128)  = NULL,
    @Model         nvarchar(100)  = NULL,
    @Alias         nvarchar(100)  = NULL,
    @Version       int            = NULL,
    @Source        nvarchar(776)  = NULL,
    @KeyColumns    nvarchar(4000) = NULL,
    @Target        nvarchar(776)  = NULL,
    @BatchSize     int            = 100000,
    @LogInputs     char(1)        = 'Y',
    @InputColumns  nvarchar(max)  = NULL,
    @EveryMinutes  int            = 1440,
    @StartTime     time(0)        = '02:00',
    @RetryAttempts int            = 3,
    @Execute       char(1)        = 'Y',
    @Help          bit            = 0
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own
    SET XACT_ABORT ON;

    IF @Help = 1
    BEGIN
        PRINT N'scoring.CreateScoringJob (DbScoring ' + scoring.Version() + N') - schedule scoring.ScoreTable as a SQL Agent job.';
        PRINT N'  @JobName       nvarchar(128)  default DbScoring - <database> - <model> - <target>; an existing job of that name is left alone';
        PRINT N'  @Model, @Alias, @Version, @Source, @KeyColumns, @Target, @BatchSize, @LogInputs, @InputColumns: as for scoring.ScoreTable';
        PRINT N'  @EveryMinutes  int            1440 = once a day at @StartTime (default); 1 .. 1439 = every N minutes from @StartTime';
        PRINT N'  @StartTime     time(0)        first run of the day (default 02:00, server time)';
        PRINT N'  @RetryAttempts int            step retries on failure, 5 minutes apart (default 3; 0 .. 10)';
        PRINT N'  @Execute       ''Y'' | ''N''      ''N'' prints what would be created';
        PRINT N'The job is approved for the inputs of the version it scores now; a version with other inputs fails (50024) until a';
        PRINT N'ScoringAdmin runs scoring.ApproveScoringJob. Needs SQLAgentUserRole in msdb; refused on Express and on an AG secondary.';
        PRINT N'Example: EXEC scoring.CreateScoringJob @Model = N''churn'', @Source = N''dbo.Customers'', @KeyColumns = N''CustomerId'', @Target = N''dbo.ChurnScores'';';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @Exists int, @Category sysname = N'DbScoring', @Database sysname = DB_NAME(), @Edition int = CONVERT(int, SERVERPROPERTY('EngineEdition'));
    DECLARE @Probe nvarchar(max) = N'SELECT @Exists = COUNT(*) FROM msdb.dbo.sysjobs_view WHERE name = @JobName;';

    IF @JobName IS NULL AND @Model IS NOT NULL AND @Target IS NOT NULL
        -- Job names are unique per server: the database is part of the default, or a second database's job would find the
        -- first one's and leave it "unchanged" while creating nothing.
        SET @JobName = LEFT(N'DbScoring - ' + @Database + N' - ' + @Model + N' - ' + @Target, 128);
    IF @JobName IS NULL OR LTRIM(RTRIM(@JobName)) = N''
        INSERT @Errors (Message) VALUES (N'The value for the parameter @JobName is not supported. Give a job name (or @Model and @Target).');
    IF @EveryMinutes IS NULL OR @EveryMinutes < 1 OR (@EveryMinutes > 1439 AND @EveryMinutes <> 1440)
        INSERT @Errors (Message) VALUES (N'The value for the parameter @EveryMinutes is not supported. Give 1 .. 1439, or 1440 for daily.');
    IF @StartTime IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @StartTime is not supported. Give a time of day.');
    IF @RetryAttempts IS NULL OR @RetryAttempts < 0 OR @RetryAttempts > 10
        INSERT @Errors (Message) VALUES (N'The value for the parameter @RetryAttempts is not supported. Give 0 .. 10.');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');
    IF @Edition = 4
        INSERT @Errors (Message) VALUES (N'SQL Server Express has no SQL Server Agent: schedule scoring.ScoreTable with the operating system''s scheduler '
                                         + N'(Task Scheduler or cron running sqlcmd -b -Q "EXEC scoring.ScoreTable ...").');
    ELSE IF @Edition = 5 OR NOT EXISTS (SELECT 1 FROM sys.databases AS d WHERE d.name = N'msdb')
        INSERT @Errors (Message) VALUES (N'SQL Server Agent is not available here (no msdb): schedule scoring.ScoreTable with your own scheduler.');
    IF sys.fn_hadr_is_primary_replica(@Database) = 0
        INSERT @Errors (Message) VALUES (N'Database ' + QUOTENAME(@Database) + N' is a secondary replica of an Availability Group: create the job on the primary '
                                         + N'(a job on every replica must check sys.fn_hadr_is_primary_replica in its step before scoring).');
    IF @Execute = 'Y' AND @@TRANCOUNT > 0
        INSERT @Errors (Message) VALUES (N'scoring.CreateScoringJob cannot run inside an open transaction: it commits the job and its approval together.'
                                         + CASE WHEN (@@OPTIONS & 2) = 2 THEN N' This session has IMPLICIT_TRANSACTIONS ON (a driver without autocommit, such as pyodbc by default): commit what it opened, or turn autocommit on.' ELSE N'' END);

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.CreateScoringJob', @Errors = @ErrorList;
        RETURN 50001;
    END;

    -- The scoring parameters are validated by a dry run of ScoreTable itself: it raises every problem and stops the batch.
    EXEC scoring.ScoreTable @Model = @Model, @Alias = @Alias, @Version = @Version, @Source = @Source, @KeyColumns = @KeyColumns,
         @Target = @Target, @BatchSize = @BatchSize, @LogInputs = @LogInputs, @InputColumns = @InputColumns, @Execute = 'N';

    -- The inputs this job is approved for: those of the version its alias or pin resolves to now.
    DECLARE @ApprovedVersion int, @ModelVersionId int, @AliasName nvarchar(100);
    SELECT @ApprovedVersion = r.VersionNumber, @ModelVersionId = r.ModelVersionId, @AliasName = r.AliasName
    FROM scoring.Private_ResolveVersion(@Model, @Alias, @Version) AS r;
    DECLARE @ApprovedInputs nvarchar(max) = (SELECT i.InputSet FROM scoring.Private_InputSet(@ModelVersionId) AS i);

    DECLARE @Facts nvarchar(max) =
        (SELECT [jobName] = @JobName, [model] = @Model, [alias] = @Alias, [version] = @Version, [source] = @Source, [keyColumns] = @KeyColumns,
                [target] = @Target, [batchSize] = @BatchSize, [logInputs] = @LogInputs, [inputColumns] = @InputColumns
         FOR JSON PATH, WITHOUT_ARRAY_WRAPPER, INCLUDE_NULL_VALUES);
    DECLARE @Generated TABLE (Id int IDENTITY(1, 1) NOT NULL, RowKind nvarchar(20) NOT NULL, Name nvarchar(128) NOT NULL, Text nvarchar(max) NOT NULL);
    INSERT @Generated (RowKind, Name, Text) SELECT g.RowKind, g.Name, g.Text FROM scoring.Private_GenerateStatements(N'ScoringJob', @Facts) AS g;
    INSERT @Errors (Message) SELECT s.Text FROM @Generated AS s WHERE s.RowKind = N'problem' ORDER BY s.Id;
    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        SET @ErrorList = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.CreateScoringJob', @Errors = @ErrorList;
        RETURN 50001;
    END;
    DECLARE @Command nvarchar(max) = (SELECT s.Text FROM @Generated AS s WHERE s.Name = N'JobStep');
    DECLARE @StartInt int = DATEPART(hour, @StartTime) * 10000 + DATEPART(minute, @StartTime) * 100 + DATEPART(second, @StartTime);
    DECLARE @SubdayType int = CASE WHEN @EveryMinutes = 1440 THEN 1 ELSE 4 END;
    DECLARE @SubdayInterval int = CASE WHEN @EveryMinutes = 1440 THEN 0 ELSE @EveryMinutes END;
    DECLARE @Description nvarchar(512) = LEFT(N'DbScoring ' + scoring.Version() + N': restartable, incremental scoring.ScoreTable run. Created by '
                                              + ORIGINAL_LOGIN() + N'.', 512);

    -- msdb.dbo.sysjobs_view shows a SQLAgentUserRole member its own jobs (all jobs to sysadmin and SQLAgentReaderRole).
    EXEC sys.sp_executesql @Probe, N'@JobName nvarchar(128), @Exists int OUTPUT', @JobName = @JobName, @Exists = @Exists OUTPUT;
    IF @Exists > 0
    BEGIN
        PRINT N'Job ' + @JobName + N' exists already; left unchanged (see scoring.ScoringJobs for the inputs it is approved for).';
        RETURN 0;
    END;

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: would create Agent job ' + @JobName + N' (category ' + @Category + N') in database ' + @Database
              + N', every ' + CONVERT(nvarchar(10), @EveryMinutes) + N' minutes from ' + CONVERT(nvarchar(8), @StartTime)
              + N', retrying ' + CONVERT(nvarchar(10), @RetryAttempts) + N' times, approved for the inputs of version '
              + CONVERT(nvarchar(10), @ApprovedVersion) + N' (' + @ApprovedInputs + N'), running:';
        EXEC scoring.Private_PrintText @Text = @Command;
        RETURN 0;
    END;

    DECLARE @AddJob nvarchar(300) = N'msdb.dbo.sp_add_job', @AddJobStep nvarchar(300) = N'msdb.dbo.sp_add_jobstep',
            @AddSchedule nvarchar(300) = N'msdb.dbo.sp_add_jobschedule', @AddJobServer nvarchar(300) = N'msdb.dbo.sp_add_jobserver',
            @ReturnCode int, @Step nvarchar(100), @Message nvarchar(2048);

    BEGIN TRY
        BEGIN TRANSACTION;

        SET @Step = N'msdb.dbo.sp_add_job';
        EXEC @ReturnCode = @AddJob @job_name = @JobName, @enabled = 1, @description = @Description, @category_name = @Category;
        IF @ReturnCode <> 0
            THROW 50027, N'msdb.dbo.sp_add_job returned a failure code.', 1;
        SET @Step = N'msdb.dbo.sp_add_jobstep';
        EXEC @ReturnCode = @AddJobStep @job_name = @JobName, @step_name = N'scoring.ScoreTable', @subsystem = N'TSQL',
             @database_name = @Database, @command = @Command, @retry_attempts = @RetryAttempts, @retry_interval = 5,
             @on_success_action = 1, @on_fail_action = 2;
        IF @ReturnCode <> 0
            THROW 50027, N'msdb.dbo.sp_add_jobstep returned a failure code.', 1;
        SET @Step = N'msdb.dbo.sp_add_jobschedule';
        EXEC @ReturnCode = @AddSchedule @job_name = @JobName, @name = @JobName, @enabled = 1, @freq_type = 4, @freq_interval = 1,
             @freq_subday_type = @SubdayType, @freq_subday_interval = @SubdayInterval, @active_start_time = @StartInt;
        IF @ReturnCode <> 0
            THROW 50027, N'msdb.dbo.sp_add_jobschedule returned a failure code.', 1;
        SET @Step = N'msdb.dbo.sp_add_jobserver';
        EXEC @ReturnCode = @AddJobServer @job_name = @JobName, @server_name = N'(local)';
        IF @ReturnCode <> 0
            THROW 50027, N'msdb.dbo.sp_add_jobserver returned a failure code.', 1;

        SET @Step = N'scoring.ScoringJobApproval';
        INSERT scoring.ScoringJobApproval (JobName, ModelName, AliasName, PinnedVersion, ApprovedVersion, ApprovedInputs, Reason)
        VALUES (@JobName, @Model, @AliasName, @Version, @ApprovedVersion, @ApprovedInputs, N'Approved when the job was created.');

        COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        IF @@TRANCOUNT > 0
            ROLLBACK TRANSACTION;
        SET @Message = LEFT(N'Agent job ' + @JobName + N' was not created (nothing was left behind): ' + @Step + N' failed with error '
            + CONVERT(nvarchar(10), ERROR_NUMBER()) + N': ' + ERROR_MESSAGE()
            + CASE ERROR_NUMBER()
                WHEN 14234 THEN N' The Agent job category DbScoring does not exist: the installer creates it when a sysadmin runs it, or a sysadmin runs '
                                + N'EXEC msdb.dbo.sp_add_category @class = N''JOB'', @type = N''LOCAL'', @name = N''DbScoring'';'
                WHEN 14261 THEN N' A job of that name exists (owned by another login): give another @JobName.'
                WHEN 229 THEN N' The caller needs SQLAgentUserRole in msdb (or higher).'
                ELSE N'' END, 2048);
        THROW 50027, @Message, 1;
    END CATCH;

    PRINT N'Created Agent job ' + @JobName + N' (category ' + @Category + N'), approved for the inputs of version ' + CONVERT(nvarchar(10), @ApprovedVersion)
          + N' of model ' + @Model + N'. A version with other inputs is refused until scoring.ApproveScoringJob approves it.';
    RETURN 0;
END;
