-- DbScoring version: 0.1.0
-- Upgrade: scoring.PredictionLog created before retention (clustered by PredictionLogId) is re-clustered by
-- (ScoringRunId, PredictionLogId), so that scoring.PurgePredictionLog removes a run as one contiguous range. Every
-- row is kept (the table is rebuilt in place, in one transaction: it is either the old or the new shape). Skipped
-- when already done and for ledger tables (they cannot be purged, and their indexes are left as created).
-- On a large table this rebuild takes time and log space: run the upgrade in a maintenance window.
-- sys.tables.ledger_type exists only from SQL Server 2022: a static reference fails the whole batch on 2017/2019 (Msg 207).
DECLARE @IsLedger bit = 0;
IF EXISTS (SELECT 1 FROM sys.all_columns AS c WHERE c.object_id = OBJECT_ID(N'sys.tables') AND c.name = N'ledger_type')
    EXEC sys.sp_executesql N'SELECT @IsLedger = CASE WHEN t.ledger_type <> 0 THEN 1 ELSE 0 END FROM sys.tables AS t WHERE t.object_id = OBJECT_ID(N''scoring.PredictionLog'');',
                           N'@IsLedger bit OUTPUT', @IsLedger = @IsLedger OUTPUT;
IF @IsLedger = 0
   AND EXISTS (SELECT 1 FROM sys.indexes AS i
               WHERE i.object_id = OBJECT_ID(N'scoring.PredictionLog') AND i.name = N'PK_PredictionLog' AND i.type = 1)
BEGIN
    DECLARE @Rows bigint = (SELECT COUNT_BIG(*) FROM scoring.PredictionLog);
    BEGIN TRY
        BEGIN TRANSACTION;
        ALTER TABLE scoring.PredictionLog DROP CONSTRAINT PK_PredictionLog;
        CREATE UNIQUE CLUSTERED INDEX CX_PredictionLog_Run ON scoring.PredictionLog (ScoringRunId, PredictionLogId);
        ALTER TABLE scoring.PredictionLog ADD CONSTRAINT PK_PredictionLog PRIMARY KEY NONCLUSTERED (PredictionLogId);
        IF EXISTS (SELECT 1 FROM sys.indexes WHERE object_id = OBJECT_ID(N'scoring.PredictionLog') AND name = N'IX_PredictionLog_Run')
            DROP INDEX IX_PredictionLog_Run ON scoring.PredictionLog;
        COMMIT TRANSACTION;
        PRINT N'Re-clustered scoring.PredictionLog by (ScoringRunId, PredictionLogId); kept ' + CONVERT(nvarchar(20), @Rows) + N' rows.';
    END TRY
    BEGIN CATCH
        IF @@TRANCOUNT > 0
            ROLLBACK TRANSACTION;
        DECLARE @Message nvarchar(2048) = ERROR_MESSAGE();
        RAISERROR(N'Re-clustering scoring.PredictionLog failed (%s); it keeps its previous shape and every row. The script stops here.', 16, 1, @Message);
        SET NOEXEC ON;
    END CATCH;
END;
