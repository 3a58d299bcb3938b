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
DECLARE @Version nvarchar(20) = N'0.1.0';
DECLARE @Problems TABLE (Id int IDENTITY(1, 1) NOT NULL, Problem nvarchar(2000) NOT NULL, Remedy nvarchar(2000) NOT NULL);
DECLARE @Major int = CONVERT(int, SERVERPROPERTY('ProductMajorVersion'));
DECLARE @StrictSecurity int = (SELECT CONVERT(int, c.value_in_use) FROM sys.configurations AS c WHERE c.name = N'clr strict security');
DECLARE @HashText nvarchar(200) = CONVERT(nvarchar(200), @Hash, 1);
DECLARE @CanControlServer int = HAS_PERMS_BY_NAME(NULL, NULL, N'CONTROL SERVER');
DECLARE @AssemblyCurrent bit = CASE WHEN EXISTS (
    SELECT 1 FROM sys.assemblies AS a JOIN sys.assembly_files AS f ON f.assembly_id = a.assembly_id AND f.file_id = 1
    WHERE a.name = N'DbScoring.SqlClr' AND HASHBYTES('SHA2_512', f.content) = @Hash) THEN 1 ELSE 0 END;

PRINT N'DbScoring ' + @Version + N' installer — database ' + QUOTENAME(DB_NAME()) + N' on ' + @@SERVERNAME + N' (SQL Server '
      + CONVERT(nvarchar(128), SERVERPROPERTY('ProductVersion')) + N').';
PRINT N'Assembly DbScoring.SqlClr SHA-512: ' + @HashText;

IF @Major < 14
    INSERT @Problems (Problem, Remedy) VALUES (N'SQL Server 2017 (14.x) or later is required; this server is version ' + CONVERT(nvarchar(10), @Major) + N'.', N'Install on SQL Server 2017 or later.');
IF CONVERT(int, SERVERPROPERTY('EngineEdition')) = 5
    INSERT @Problems (Problem, Remedy) VALUES (N'Azure SQL Database has no SQL CLR.', N'Use SQL Server (2017+) or Azure SQL Managed Instance, or the DbScoring embedded store.');
IF DB_NAME() IN (N'master', N'model', N'msdb', N'tempdb')
    INSERT @Problems (Problem, Remedy) VALUES (N'The current database is ' + DB_NAME() + N'.', N'Run the script in the user database that holds the data: USE YourDatabase; (or sqlcmd -d YourDatabase).');
IF IS_MEMBER(N'db_owner') = 0
    INSERT @Problems (Problem, Remedy) VALUES (N'The installer needs db_owner in this database (CREATE SCHEMA, ASSEMBLY, TABLE, ROLE).', N'Run as a member of db_owner: ALTER ROLE db_owner ADD MEMBER [' + ORIGINAL_LOGIN() + N'];');
IF (SELECT CONVERT(int, c.value_in_use) FROM sys.configurations AS c WHERE c.name = N'clr enabled') = 0
    INSERT @Problems (Problem, Remedy) VALUES (N'CLR integration is disabled on this server (clr enabled = 0); this script does not change server settings.',
                                              N'A sysadmin runs: EXEC sys.sp_configure N''clr enabled'', 1; RECONFIGURE;');
IF CONVERT(nvarchar(1), SESSION_CONTEXT(N'DbScoring.LedgerTables')) = N'Y' AND @Major < 16
    INSERT @Problems (Problem, Remedy) VALUES (N'Ledger tables were requested but need SQL Server 2022 (16.x); this server is version ' + CONVERT(nvarchar(10), @Major) + N'.',
                                              N'EXEC sys.sp_set_session_context N''DbScoring.LedgerTables'', N''N''; then run the script again.');

IF ISNULL(@StrictSecurity, 0) = 1 AND @AssemblyCurrent = 0
BEGIN
    IF @CanControlServer = 1 AND NOT EXISTS (SELECT 1 FROM sys.trusted_assemblies AS t WHERE t.hash = @Hash)
    BEGIN
        IF CONVERT(nvarchar(1), SESSION_CONTEXT(N'DbScoring.AddTrustedAssembly')) = N'Y' AND NOT EXISTS (SELECT 1 FROM @Problems)
        BEGIN
            DECLARE @Description nvarchar(4000) = N'DbScoring.SqlClr ' + @Version + N' (SAFE)';
            EXEC sys.sp_add_trusted_assembly @hash = @Hash, @description = @Description;
            PRINT N'Added the assembly SHA-512 to sys.trusted_assemblies (DbScoring.AddTrustedAssembly = Y).';
        END
        ELSE
            INSERT @Problems (Problem, Remedy) VALUES (N'clr strict security is on and this exact assembly is not trusted yet.',
                N'A sysadmin reviews and runs: EXEC sys.sp_add_trusted_assembly @hash = ' + @HashText + N', @description = N''DbScoring.SqlClr ' + @Version + N' (SAFE)'';'
                + N' (or sets DbScoring.AddTrustedAssembly = Y for this script). The hash is reproducible: build from source and compare.');
    END
    ELSE IF @CanControlServer = 0
        PRINT N'Note: cannot read sys.trusted_assemblies without CONTROL SERVER. If CREATE ASSEMBLY fails with Msg 10343, a sysadmin runs: EXEC sys.sp_add_trusted_assembly @hash = ' + @HashText + N', @description = N''DbScoring.SqlClr ' + @Version + N' (SAFE)'';';
END;

IF EXISTS (SELECT 1 FROM @Problems)
BEGIN
    DECLARE @Id int = 1, @Count int = (SELECT COUNT(*) FROM @Problems), @Line nvarchar(4000);
    WHILE @Id <= @Count
    BEGIN
        SELECT @Line = N'Problem: ' + p.Problem + NCHAR(10) + N'  Remedy: ' + p.Remedy FROM @Problems AS p WHERE p.Id = @Id;
        PRINT @Line;
        SET @Id += 1;
    END;
    RAISERROR(N'DbScoring was not installed: %d precondition(s) failed (see the messages above). Nothing was changed.', 16, 1, @Count);
    SET NOEXEC ON;
END;
