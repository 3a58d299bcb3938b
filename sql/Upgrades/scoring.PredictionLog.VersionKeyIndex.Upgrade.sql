-- DbScoring version: 0.1.0
-- Upgrade: scoring.PredictionLog gets the index IX_PredictionLog_VersionKey (ModelVersionId, RowKey, PredictionLogId, Status),
-- which scoring.PredictionOutcomesOf reads to find a model's latest prediction per key without numbering the whole log.
-- Building it reads the whole table once (allowed on a ledger table too); skipped when it exists. Editions with online
-- index operations (Enterprise, Azure SQL Database and Managed Instance) build it ONLINE, so scoring runs keep writing;
-- on the others it is built offline and every scoring run waits for it: upgrade a large log in a maintenance window.
IF OBJECT_ID(N'scoring.PredictionLog', N'U') IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'scoring.PredictionLog') AND name = N'IX_PredictionLog_VersionKey')
BEGIN
    DECLARE @CreateVersionKeyIndex nvarchar(400) =
        N'CREATE NONCLUSTERED INDEX IX_PredictionLog_VersionKey ON scoring.PredictionLog (ModelVersionId, RowKey, PredictionLogId, Status)'
        + CASE WHEN CONVERT(int, SERVERPROPERTY('EngineEdition')) IN (3, 5, 8) THEN N' WITH (ONLINE = ON);' ELSE N';' END;
    EXEC sys.sp_executesql @CreateVersionKeyIndex;
    PRINT N'Upgraded scoring.PredictionLog: index IX_PredictionLog_VersionKey (realised performance per model); every row kept.';
END;
