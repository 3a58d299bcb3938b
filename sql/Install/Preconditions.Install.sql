-- DbScoring version: 0.1.0
-- Installer preconditions. Checks everything first, changes nothing on the server, and stops the script
-- (SET NOEXEC ON) with the exact remedy for each problem. Options are read from SESSION_CONTEXT and can be
-- set on the connection before running the script, or by editing the defaults here:
--   DbScoring.LedgerTables      'Y' = create scoring.ScoringRun / scoring.PredictionLog as ledger tables (SQL Server 2022+)
--   DbScoring.AddTrustedAssembly 'Y' = let this script add the assembly's SHA-512 to sys.trusted_assemblies
--                                      (needs CONTROL SERVER); 'N' (default) = stop and print the statement for a sysadmin
SET NOCOUNT ON;
SET NOEXEC OFF;
IF SESSION_CONTEXT(N'DbScoring.LedgerTables') IS NULL
    EXEC sys.sp_set_session_context @key = N'DbScoring.LedgerTables', @value = N'N';
IF SESSION_CONTEXT(N'DbScoring.AddTrustedAssembly') IS NULL
    EXEC sys.sp_set_session_context @key = N'DbScoring.AddTrustedAssembly', @value = N'N';

DECLARE @Hash varbinary(64) = 0x00 /*DBSCORING_ASSEMBLY_SHA512*/;
DECLARE @Version nvarchar(40) = N'0.1.0' /*DBSCORING_BUILD*/;
DECLARE @Problems TABLE (Id int IDENTITY(1, 1) NOT NULL, Problem nvarchar(2000) NOT NULL, Remedy nvarchar(2000) NOT NULL);
DECLARE @Edition int = CONVERT(int, SERVERPROPERTY('EngineEdition'));
-- Azure SQL Managed Instance (EngineEdition 8) reports version 12 ("Microsoft SQL Azure") although it always runs the
-- current engine, so its number says nothing about features: it counts as SQL Server 2022 (16.x) here.
DECLARE @Major int = CASE WHEN @Edition = 8 THEN 16 ELSE CONVERT(int, SERVERPROPERTY('ProductMajorVersion')) END;
DECLARE @StrictSecurity int = (SELECT CONVERT(int, c.value_in_use) FROM sys.configurations AS c WHERE c.name = N'clr strict security');
DECLARE @HashText nvarchar(200) = CONVERT(nvarchar(200), @Hash, 1);
DECLARE @TrustCall nvarchar(400) = N'EXEC sys.sp_add_trusted_assembly @hash = ' + @HashText + N', @description = N''DbScoring.SqlClr ' + @Version + N' (SAFE)'';';
DECLARE @CanControlServer int = ISNULL(HAS_PERMS_BY_NAME(NULL, NULL, N'CONTROL SERVER'), 0);
-- sys.trusted_assemblies is visible with VIEW SERVER STATE (2017, 2019) or VIEW SERVER SECURITY STATE (2022+).
DECLARE @CanSeeTrusted int = ISNULL(CASE WHEN @Major >= 16 THEN HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER SECURITY STATE')
                                         ELSE HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW SERVER STATE') END, 0);
DECLARE @Compatibility int = (SELECT d.compatibility_level FROM sys.databases AS d WHERE d.database_id = DB_ID());
-- A Managed Instance's databases are replicated by the service, which adds no replica the DBA would have to trust the hash on.
DECLARE @InAvailabilityGroup bit = CASE WHEN @Edition <> 8 AND EXISTS (SELECT 1 FROM sys.databases AS d WHERE d.database_id = DB_ID() AND d.replica_id IS NOT NULL) THEN 1 ELSE 0 END;
DECLARE @AssemblyCurrent bit = CASE WHEN EXISTS (
    SELECT 1 FROM sys.assemblies AS a JOIN sys.assembly_files AS f ON f.assembly_id = a.assembly_id AND f.file_id = 1
    WHERE a.name = N'DbScoring.SqlClr' AND HASHBYTES('SHA2_512', f.content) = @Hash) THEN 1 ELSE 0 END;

PRINT N'DbScoring ' + @Version + N' installer: database ' + QUOTENAME(DB_NAME()) + N' on ' + @@SERVERNAME + N' (SQL Server '
      + CONVERT(nvarchar(128), SERVERPROPERTY('ProductVersion')) + N').';
PRINT N'Assembly DbScoring.SqlClr SHA-512: ' + @HashText;

IF @Major < 14
    INSERT @Problems (Problem, Remedy) VALUES (N'SQL Server 2017 (14.x) or later is required; this server is version ' + CONVERT(nvarchar(10), @Major) + N'.', N'Install on SQL Server 2017 or later.');
IF @Edition = 5
    INSERT @Problems (Problem, Remedy) VALUES (N'Azure SQL Database has no SQL CLR.', N'Use SQL Server (2017+) or Azure SQL Managed Instance, or the DbScoring embedded store.');
IF DB_NAME() IN (N'master', N'model', N'msdb', N'tempdb')
    INSERT @Problems (Problem, Remedy) VALUES (N'The current database is ' + DB_NAME() + N'.', N'Run the script in the user database that holds the data: USE YourDatabase; (or sqlcmd -d YourDatabase).');
IF IS_MEMBER(N'db_owner') = 0
    INSERT @Problems (Problem, Remedy) VALUES (N'The installer needs db_owner in this database (CREATE SCHEMA, ASSEMBLY, TABLE, ROLE).', N'Run as a member of db_owner: ALTER ROLE db_owner ADD MEMBER [' + ORIGINAL_LOGIN() + N'];');
IF @Compatibility < 130
    INSERT @Problems (Problem, Remedy) VALUES (N'The database compatibility level is ' + CONVERT(nvarchar(10), @Compatibility) + N'; DbScoring reads JSON with OPENJSON, which needs level 130 or higher.',
                                              N'Raise it (after checking the application at the new level): ALTER DATABASE ' + QUOTENAME(DB_NAME()) + N' SET COMPATIBILITY_LEVEL = 130;'
                                              + N' (130 is the minimum; this server supports up to ' + CONVERT(nvarchar(10), 10 * @Major) + N').');
IF (SELECT CONVERT(int, c.value_in_use) FROM sys.configurations AS c WHERE c.name = N'clr enabled') = 0
    INSERT @Problems (Problem, Remedy) VALUES (N'CLR integration is disabled on this server (clr enabled = 0); this script does not change server settings.',
                                              N'A sysadmin runs: EXEC sys.sp_configure N''clr enabled'', 1; RECONFIGURE;');
IF CONVERT(nvarchar(1), SESSION_CONTEXT(N'DbScoring.LedgerTables')) = N'Y' AND @Major < 16
    INSERT @Problems (Problem, Remedy) VALUES (N'Ledger tables were requested but need SQL Server 2022 (16.x); this server is version ' + CONVERT(nvarchar(10), @Major) + N'.',
                                              N'EXEC sys.sp_set_session_context N''DbScoring.LedgerTables'', N''N''; then run the script again.');

-- The installer keeps what exists under DbScoring's names. A schema scoring of another application (credit or lead
-- scoring), owned by someone else, would own DbScoring's modules: its owner could alter them, and EXECUTE AS OWNER would
-- impersonate that owner. A user (not a role) named like a DbScoring role would receive the roles' grants.
IF EXISTS (SELECT 1 FROM sys.schemas AS s WHERE s.name = N'scoring' AND s.principal_id <> 1)
    INSERT @Problems (Problem, Remedy)
    SELECT N'Schema scoring exists and is owned by ' + QUOTENAME(USER_NAME(s.principal_id)) + N', not dbo; DbScoring''s modules in it would belong to that principal.',
           N'If it is DbScoring''s schema: ALTER AUTHORIZATION ON SCHEMA::scoring TO dbo; if it belongs to another application, install DbScoring in another database.'
    FROM sys.schemas AS s WHERE s.name = N'scoring';
INSERT @Problems (Problem, Remedy)
SELECT N'The database principal ' + QUOTENAME(p.name) + N' exists and is a ' + LOWER(p.type_desc) + N', not a database role; it would receive the grants of the DbScoring role of that name.',
       N'Rename or drop it (or install DbScoring in another database).'
FROM sys.database_principals AS p
WHERE p.name IN (N'ScoringAnalyst', N'ScoringPublisher', N'ScoringAuditor', N'ScoringAdmin') AND p.type <> 'R';

-- The procedures that act with the owner's rights (WITH EXECUTE AS OWNER) impersonate dbo. That fails with
-- Msg 15517 when the database owner's login does not exist on this server (typical after restoring a database
-- from another server) or dbo no longer maps to it. Probe exactly that, whoever runs the script.
BEGIN TRY
    EXECUTE AS USER = N'dbo';
    REVERT;
END TRY
BEGIN CATCH
    INSERT @Problems (Problem, Remedy)
    VALUES (N'The database owner cannot be impersonated (Msg ' + CONVERT(nvarchar(10), ERROR_NUMBER()) + N': ' + LEFT(ERROR_MESSAGE(), 300)
            + N'). Its login is missing on this server or dbo does not map to it (usual after a restore from another server); DbScoring''s EXECUTE AS OWNER procedures would fail.',
            N'A sysadmin gives the database an owner that exists here, e.g. a dedicated disabled login: ALTER AUTHORIZATION ON DATABASE::'
            + QUOTENAME(DB_NAME()) + N' TO [DbScoringOwner];');
END CATCH;

-- Scoring while the modules, the assembly and the triggers are swapped would fail midway (a dropped function) or write rows
-- no audit link covers yet. ScoreTable holds DbScoring.Install:<database> shared for a whole run; the installer takes it
-- exclusive, without waiting, for the whole script (Install/Finish releases it), so neither starts while the
-- other runs. Runs of a release before this lock are found by their run locks (the lock of a Running run is held while
-- its session lives).
DECLARE @InstallLock nvarchar(255) = LEFT(N'DbScoring.Install:' + DB_NAME(), 255), @InstallLockResult int, @RunsInProgress int = 0;
IF NOT EXISTS (SELECT 1 FROM @Problems)
BEGIN
    EXEC @InstallLockResult = sys.sp_getapplock @Resource = @InstallLock, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0;
    IF OBJECT_ID(N'scoring.ScoringRun', N'U') IS NOT NULL
        EXEC sys.sp_executesql N'SELECT @Runs = COUNT(*) FROM scoring.ScoringRun AS r WHERE r.Status = ''Running''
              AND APPLOCK_TEST(N''public'', N''DbScoring.ScoringRun:'' + DB_NAME() + N'':'' + CONVERT(nvarchar(20), r.ScoringRunId), ''Exclusive'', ''Session'') = 0;',
             N'@Runs int OUTPUT', @Runs = @RunsInProgress OUTPUT;
    IF @InstallLockResult < 0 OR @RunsInProgress > 0
        INSERT @Problems (Problem, Remedy) VALUES (N'Scoring runs (scoring.ScoreTable) are in progress in this database; an upgrade would swap the modules under them.',
            N'Wait until they finish (scoring.Runs, Status Running), and disable the DbScoring Agent jobs (category DbScoring) while you upgrade:'
            + N' EXEC msdb.dbo.sp_update_job @job_name = N''<job>'', @enabled = 0; enable them again afterwards.');
END;

IF ISNULL(@StrictSecurity, 0) = 1 AND @AssemblyCurrent = 0
BEGIN
    IF @CanSeeTrusted = 1 AND EXISTS (SELECT 1 FROM sys.trusted_assemblies AS t WHERE t.hash = @Hash)
        PRINT N'The assembly SHA-512 is in sys.trusted_assemblies.';
    ELSE IF @CanControlServer = 1 AND CONVERT(nvarchar(1), SESSION_CONTEXT(N'DbScoring.AddTrustedAssembly')) = N'Y'
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM @Problems)
        BEGIN
            DECLARE @Description nvarchar(4000) = N'DbScoring.SqlClr ' + @Version + N' (SAFE)';
            EXEC sys.sp_add_trusted_assembly @hash = @Hash, @description = @Description;
            PRINT N'Added the assembly SHA-512 to sys.trusted_assemblies (DbScoring.AddTrustedAssembly = Y).';
        END;
    END
    ELSE IF @CanSeeTrusted = 1
        INSERT @Problems (Problem, Remedy) VALUES (N'clr strict security is on and this exact assembly is not trusted yet.',
            N'A sysadmin reviews and runs: ' + @TrustCall
            + N' (or, with CONTROL SERVER, sets DbScoring.AddTrustedAssembly = Y for this script). The hash is reproducible: build from source and compare.'
            + CASE WHEN @InAvailabilityGroup = 1 THEN N' This database is in an Availability Group: run it on every replica.' ELSE N'' END);
    ELSE
        PRINT N'Note: this login cannot read sys.trusted_assemblies. If the assembly is not trusted, the assembly step stops and changes nothing;'
              + N' a sysadmin then runs: ' + @TrustCall;
END;

IF @InAvailabilityGroup = 1
    PRINT N'Note: this database is in an Availability Group. The trusted assembly list is per server: add the same hash on every replica ('
          + @TrustCall + N'), or scoring fails after a failover.';

IF EXISTS (SELECT 1 FROM @Problems)
BEGIN
    DECLARE @Id int = 1, @Count int = (SELECT COUNT(*) FROM @Problems), @Line nvarchar(4000);
    WHILE @Id <= @Count
    BEGIN
        SELECT @Line = N'Problem: ' + p.Problem + NCHAR(10) + N'  Remedy: ' + p.Remedy FROM @Problems AS p WHERE p.Id = @Id;
        PRINT @Line;
        SET @Id += 1;
    END;
    IF APPLOCK_MODE(N'public', @InstallLock, 'Session') <> 'NoLock'
        EXEC sys.sp_releaseapplock @Resource = @InstallLock, @LockOwner = 'Session';
    RAISERROR(N'DbScoring was not installed: %d precondition(s) failed (see the messages above). Nothing was changed.', 16, 1, @Count);
    SET NOEXEC ON;
END;
