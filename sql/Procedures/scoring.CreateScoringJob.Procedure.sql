-- DbScoring version: 0.1.0
-- scoring.CreateScoringJob: creates, only if no job of that name exists, a SQL Server Agent job in category
-- DbScoring that runs scoring.ScoreTable in this database on a schedule. The step retries on failure; since
-- ScoreTable is restartable and incremental, a retry or the next run continues where a failed one stopped.
-- The ScoreTable parameters are validated first (by a dry run of ScoreTable). msdb procedures are called
-- through variables so that the module has no hard reference to msdb.
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
    SET XACT_ABORT ON;

    IF @Help = 1
    BEGIN
        PRINT N'scoring.CreateScoringJob (DbScoring ' + scoring.Version() + N') - schedule scoring.ScoreTable as a SQL Agent job.';
        PRINT N'  @JobName       nvarchar(128)  default DbScoring - <model> - <target>; an existing job of that name is left alone';
        PRINT N'  @Model, @Alias, @Version, @Source, @KeyColumns, @Target, @BatchSize, @LogInputs, @InputColumns: as for scoring.ScoreTable';
        PRINT N'  @EveryMinutes  int            1440 = once a day at @StartTime (default); 1 .. 1439 = every N minutes from @StartTime';
        PRINT N'  @StartTime     time(0)        first run of the day (default 02:00, server time)';
        PRINT N'  @RetryAttempts int            step retries on failure, 5 minutes apart (default 3; 0 .. 10)';
        PRINT N'  @Execute       ''Y'' | ''N''      ''N'' prints what would be created';
        PRINT N'Example: EXEC scoring.CreateScoringJob @Model = N''churn'', @Source = N''dbo.Customers'', @KeyColumns = N''CustomerId'', @Target = N''dbo.ChurnScores'';';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @Exists int, @Category sysname = N'DbScoring', @Database sysname = DB_NAME();
    DECLARE @Probe nvarchar(max) = N'SELECT @Exists = COUNT(*) FROM msdb.dbo.sysjobs WHERE name = @JobName;';

    IF @JobName IS NULL AND @Model IS NOT NULL AND @Target IS NOT NULL
        SET @JobName = LEFT(N'DbScoring - ' + @Model + N' - ' + @Target, 128);
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
    IF NOT EXISTS (SELECT 1 FROM sys.databases AS d WHERE d.name = N'msdb')
        INSERT @Errors (Message) VALUES (N'SQL Server Agent is not available here (no msdb): schedule scoring.ScoreTable with your own scheduler.');

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.CreateScoringJob', @Errors = @ErrorList;
        RETURN 50001;
    END;

    -- The scoring parameters are validated by a dry run of ScoreTable itself: it raises every problem and stops the batch.
    EXEC scoring.ScoreTable @Model = @Model, @Alias = @Alias, @Version = @Version, @Source = @Source, @KeyColumns = @KeyColumns,
         @Target = @Target, @BatchSize = @BatchSize, @LogInputs = @LogInputs, @InputColumns = @InputColumns, @Execute = 'N';

    DECLARE @Facts nvarchar(max) =
        (SELECT [model] = @Model, [alias] = @Alias, [version] = @Version, [source] = @Source, [keyColumns] = @KeyColumns, [target] = @Target,
                [batchSize] = @BatchSize, [logInputs] = @LogInputs, [inputColumns] = @InputColumns
         FOR JSON PATH, WITHOUT_ARRAY_WRAPPER, INCLUDE_NULL_VALUES);
    DECLARE @Command nvarchar(max) = (SELECT g.Text FROM scoring.Private_GenerateStatements(N'ScoringJob', @Facts) AS g WHERE g.Name = N'JobStep');
    DECLARE @StartInt int = DATEPART(hour, @StartTime) * 10000 + DATEPART(minute, @StartTime) * 100 + DATEPART(second, @StartTime);
    DECLARE @SubdayType int = CASE WHEN @EveryMinutes = 1440 THEN 1 ELSE 4 END;
    DECLARE @SubdayInterval int = CASE WHEN @EveryMinutes = 1440 THEN 0 ELSE @EveryMinutes END;
    DECLARE @Description nvarchar(512) = LEFT(N'DbScoring ' + scoring.Version() + N': restartable, incremental scoring.ScoreTable run. Created by '
                                              + ORIGINAL_LOGIN() + N'.', 512);

    EXEC sys.sp_executesql @Probe, N'@JobName nvarchar(128), @Exists int OUTPUT', @JobName = @JobName, @Exists = @Exists OUTPUT;
    IF @Exists > 0
    BEGIN
        PRINT N'Job ' + @JobName + N' exists already; left unchanged.';
        RETURN 0;
    END;

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: would create Agent job ' + @JobName + N' (category ' + @Category + N') in database ' + @Database
              + N', every ' + CONVERT(nvarchar(10), @EveryMinutes) + N' minutes from ' + CONVERT(nvarchar(8), @StartTime)
              + N', retrying ' + CONVERT(nvarchar(10), @RetryAttempts) + N' times, running:';
        PRINT @Command;
        RETURN 0;
    END;

    DECLARE @AddCategory nvarchar(300) = N'msdb.dbo.sp_add_category', @AddJob nvarchar(300) = N'msdb.dbo.sp_add_job',
            @AddJobStep nvarchar(300) = N'msdb.dbo.sp_add_jobstep', @AddSchedule nvarchar(300) = N'msdb.dbo.sp_add_jobschedule',
            @AddJobServer nvarchar(300) = N'msdb.dbo.sp_add_jobserver', @ReturnCode int;
    DECLARE @CategoryProbe nvarchar(max) = N'SELECT @Exists = COUNT(*) FROM msdb.dbo.syscategories WHERE name = @Category AND category_class = 1;';

    BEGIN TRANSACTION;

    EXEC sys.sp_executesql @CategoryProbe, N'@Category sysname, @Exists int OUTPUT', @Category = @Category, @Exists = @Exists OUTPUT;
    IF @Exists = 0
        EXEC @ReturnCode = @AddCategory @class = N'JOB', @type = N'LOCAL', @name = @Category;

    EXEC @ReturnCode = @AddJob @job_name = @JobName, @enabled = 1, @description = @Description, @category_name = @Category;
    EXEC @ReturnCode = @AddJobStep @job_name = @JobName, @step_name = N'scoring.ScoreTable', @subsystem = N'TSQL',
         @database_name = @Database, @command = @Command, @retry_attempts = @RetryAttempts, @retry_interval = 5,
         @on_success_action = 1, @on_fail_action = 2;
    EXEC @ReturnCode = @AddSchedule @job_name = @JobName, @name = @JobName, @enabled = 1, @freq_type = 4, @freq_interval = 1,
         @freq_subday_type = @SubdayType, @freq_subday_interval = @SubdayInterval, @active_start_time = @StartInt;
    EXEC @ReturnCode = @AddJobServer @job_name = @JobName, @server_name = N'(local)';

    COMMIT TRANSACTION;

    PRINT N'Created Agent job ' + @JobName + N' (category ' + @Category + N').';
    RETURN 0;
END;
