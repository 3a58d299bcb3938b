-- DbScoring version: 0.1.0
-- Upgrade: scoring.ScoringRun created before monitoring takes the names both stores share (docs/monitoring.md, "One
-- contract"): StartTime -> StartedAt, EndTime -> EndedAt (sp_rename: every row and value stays, also in a ledger table,
-- where the rename is recorded in sys.ledger_column_history), and the nullable columns RowsByFallback, RowsRefused,
-- DriftLevel and DriftInputs (NULL on the runs before). Each step is skipped when done, so a rerun of the installer
-- changes nothing. One transaction: the table is either the old or the new shape.
IF OBJECT_ID(N'scoring.ScoringRun', N'U') IS NOT NULL
   AND (COL_LENGTH(N'scoring.ScoringRun', N'StartTime') IS NOT NULL OR COL_LENGTH(N'scoring.ScoringRun', N'EndTime') IS NOT NULL
        OR COL_LENGTH(N'scoring.ScoringRun', N'RowsByFallback') IS NULL OR COL_LENGTH(N'scoring.ScoringRun', N'RowsRefused') IS NULL
        OR COL_LENGTH(N'scoring.ScoringRun', N'DriftLevel') IS NULL OR COL_LENGTH(N'scoring.ScoringRun', N'DriftInputs') IS NULL)
BEGIN
    DECLARE @Rows bigint = (SELECT COUNT_BIG(*) FROM scoring.ScoringRun);
    BEGIN TRY
        BEGIN TRANSACTION;
        IF COL_LENGTH(N'scoring.ScoringRun', N'StartTime') IS NOT NULL
            EXEC sys.sp_rename @objname = N'scoring.ScoringRun.StartTime', @newname = N'StartedAt', @objtype = 'COLUMN';
        IF COL_LENGTH(N'scoring.ScoringRun', N'EndTime') IS NOT NULL
            EXEC sys.sp_rename @objname = N'scoring.ScoringRun.EndTime', @newname = N'EndedAt', @objtype = 'COLUMN';
        IF OBJECT_ID(N'scoring.DF_ScoringRun_StartTime', N'D') IS NOT NULL
            EXEC sys.sp_rename @objname = N'scoring.DF_ScoringRun_StartTime', @newname = N'DF_ScoringRun_StartedAt', @objtype = 'OBJECT';
        IF COL_LENGTH(N'scoring.ScoringRun', N'RowsByFallback') IS NULL
            EXEC (N'ALTER TABLE scoring.ScoringRun ADD RowsByFallback bigint NULL;');
        IF COL_LENGTH(N'scoring.ScoringRun', N'RowsRefused') IS NULL
            EXEC (N'ALTER TABLE scoring.ScoringRun ADD RowsRefused bigint NULL;');
        IF COL_LENGTH(N'scoring.ScoringRun', N'DriftLevel') IS NULL
            EXEC (N'ALTER TABLE scoring.ScoringRun ADD DriftLevel varchar(10) NULL CONSTRAINT CK_ScoringRun_DriftLevel CHECK (DriftLevel IN (''None'', ''Warning'', ''Alert''));');
        IF COL_LENGTH(N'scoring.ScoringRun', N'DriftInputs') IS NULL
            EXEC (N'ALTER TABLE scoring.ScoringRun ADD DriftInputs nvarchar(4000) NULL;');
        COMMIT TRANSACTION;
        PRINT N'Upgraded scoring.ScoringRun to the monitoring names (StartedAt, EndedAt, RowsByFallback, RowsRefused, DriftLevel, DriftInputs); kept '
              + CONVERT(nvarchar(20), @Rows) + N' runs.';
    END TRY
    BEGIN CATCH
        IF @@TRANCOUNT > 0
            ROLLBACK TRANSACTION;
        DECLARE @Message nvarchar(2048) = ERROR_MESSAGE();
        RAISERROR(N'Upgrading scoring.ScoringRun to the monitoring names failed (%s); it keeps its previous shape and every row. The script stops here.', 16, 1, @Message);
        SET NOEXEC ON;
    END CATCH;
END;
