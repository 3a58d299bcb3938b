-- DbScoring version: 0.1.0
-- The SQL Server Agent job category DbScoring, for scoring.CreateScoringJob. Creating a category needs sysadmin
-- (msdb.dbo.sp_add_category), which CreateScoringJob's callers (SQLAgentUserRole members) do not have: the installer
-- creates it when a sysadmin runs it, and otherwise prints the one statement a sysadmin runs later. Skipped where there
-- is no Agent (Express, no msdb). Through dynamic SQL: nothing here depends on msdb at compile time.
IF CONVERT(int, SERVERPROPERTY('EngineEdition')) NOT IN (4, 5) AND DB_ID(N'msdb') IS NOT NULL
BEGIN
    DECLARE @CategoryExists int = 0;
    IF IS_SRVROLEMEMBER(N'sysadmin') = 1
    BEGIN
        EXEC sys.sp_executesql N'SELECT @Exists = COUNT(*) FROM msdb.dbo.syscategories WHERE name = N''DbScoring'' AND category_class = 1;',
             N'@Exists int OUTPUT', @Exists = @CategoryExists OUTPUT;
        IF @CategoryExists = 0
        BEGIN
            DECLARE @AddCategory nvarchar(300) = N'msdb.dbo.sp_add_category', @CategoryReturn int;
            EXEC @CategoryReturn = @AddCategory @class = N'JOB', @type = N'LOCAL', @name = N'DbScoring';
            IF @CategoryReturn = 0
                PRINT N'Created the SQL Server Agent job category DbScoring.';
            ELSE
                PRINT N'Could not create the SQL Server Agent job category DbScoring (return code ' + CONVERT(nvarchar(10), @CategoryReturn) + N').';
        END;
    END
    ELSE
        PRINT N'Note: scoring.CreateScoringJob needs the Agent job category DbScoring; if it does not exist yet, a sysadmin runs: '
              + N'EXEC msdb.dbo.sp_add_category @class = N''JOB'', @type = N''LOCAL'', @name = N''DbScoring'';';
END;
