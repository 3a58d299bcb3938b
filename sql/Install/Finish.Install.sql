-- DbScoring version: 0.1.0
-- Installer summary: what is installed now and what was kept. Always ends with SET NOEXEC OFF so that a session
-- stopped by a failed precondition returns to normal.
PRINT N'DbScoring ' + scoring.Version() + N' installed in ' + QUOTENAME(DB_NAME()) + N': assembly ' + scoring.Private_ClrVersion()
      + N', ' + CONVERT(nvarchar(10), (SELECT COUNT(*) FROM scoring.Modules)) + N' modules.';
PRINT N'Kept: ' + CONVERT(nvarchar(20), (SELECT COUNT(*) FROM scoring.Model)) + N' models, '
      + CONVERT(nvarchar(20), (SELECT COUNT(*) FROM scoring.ModelVersion)) + N' versions, '
      + CONVERT(nvarchar(20), (SELECT COUNT(*) FROM scoring.ModelAlias)) + N' aliases, '
      + CONVERT(nvarchar(20), (SELECT COUNT_BIG(*) FROM scoring.ScoringRun)) + N' runs, '
      + CONVERT(nvarchar(20), (SELECT COUNT_BIG(*) FROM scoring.PredictionLog)) + N' logged predictions.';
PRINT N'Ledger tables requested for new audit tables: ' + ISNULL(CONVERT(nvarchar(1), SESSION_CONTEXT(N'DbScoring.LedgerTables')), N'N')
      + N' (existing tables are never re-created).';
GO
SET NOEXEC OFF;
-- Scoring may start again (Install/Preconditions took the lock; held to here even when a step failed).
DECLARE @InstallLock nvarchar(255) = LEFT(N'DbScoring.Install:' + DB_NAME(), 255);
IF APPLOCK_MODE(N'public', @InstallLock, 'Session') <> 'NoLock'
    EXEC sys.sp_releaseapplock @Resource = @InstallLock, @LockOwner = 'Session';
