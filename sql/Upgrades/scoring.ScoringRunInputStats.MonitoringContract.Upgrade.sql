-- DbScoring version: 0.1.0
-- Upgrade: scoring.ScoringRunInputStats created before monitoring takes the names both stores share (docs/monitoring.md,
-- "One contract"): RowsSeen -> RowsScored, Missing -> MissingValues, UnseenCategory -> UnseenCategories,
-- BelowTrainingMin -> BelowRange, AboveTrainingMax -> AboveRange. sp_rename: every row and value stays (the append-only
-- trigger is not involved: no row is updated). Each rename is skipped when done, so a rerun changes nothing. One
-- transaction: the table is either the old or the new shape.
IF OBJECT_ID(N'scoring.ScoringRunInputStats', N'U') IS NOT NULL
   AND (COL_LENGTH(N'scoring.ScoringRunInputStats', N'RowsSeen') IS NOT NULL OR COL_LENGTH(N'scoring.ScoringRunInputStats', N'Missing') IS NOT NULL
        OR COL_LENGTH(N'scoring.ScoringRunInputStats', N'UnseenCategory') IS NOT NULL OR COL_LENGTH(N'scoring.ScoringRunInputStats', N'BelowTrainingMin') IS NOT NULL
        OR COL_LENGTH(N'scoring.ScoringRunInputStats', N'AboveTrainingMax') IS NOT NULL)
BEGIN
    DECLARE @Rows bigint = (SELECT COUNT_BIG(*) FROM scoring.ScoringRunInputStats);
    BEGIN TRY
        BEGIN TRANSACTION;
        IF COL_LENGTH(N'scoring.ScoringRunInputStats', N'RowsSeen') IS NOT NULL
            EXEC sys.sp_rename @objname = N'scoring.ScoringRunInputStats.RowsSeen', @newname = N'RowsScored', @objtype = 'COLUMN';
        IF COL_LENGTH(N'scoring.ScoringRunInputStats', N'Missing') IS NOT NULL
            EXEC sys.sp_rename @objname = N'scoring.ScoringRunInputStats.Missing', @newname = N'MissingValues', @objtype = 'COLUMN';
        IF COL_LENGTH(N'scoring.ScoringRunInputStats', N'UnseenCategory') IS NOT NULL
            EXEC sys.sp_rename @objname = N'scoring.ScoringRunInputStats.UnseenCategory', @newname = N'UnseenCategories', @objtype = 'COLUMN';
        IF COL_LENGTH(N'scoring.ScoringRunInputStats', N'BelowTrainingMin') IS NOT NULL
            EXEC sys.sp_rename @objname = N'scoring.ScoringRunInputStats.BelowTrainingMin', @newname = N'BelowRange', @objtype = 'COLUMN';
        IF COL_LENGTH(N'scoring.ScoringRunInputStats', N'AboveTrainingMax') IS NOT NULL
            EXEC sys.sp_rename @objname = N'scoring.ScoringRunInputStats.AboveTrainingMax', @newname = N'AboveRange', @objtype = 'COLUMN';
        COMMIT TRANSACTION;
        PRINT N'Upgraded scoring.ScoringRunInputStats to the monitoring names (RowsScored, MissingValues, UnseenCategories, BelowRange, AboveRange); kept '
              + CONVERT(nvarchar(20), @Rows) + N' rows.';
    END TRY
    BEGIN CATCH
        IF @@TRANCOUNT > 0
            ROLLBACK TRANSACTION;
        DECLARE @Message nvarchar(2048) = ERROR_MESSAGE();
        RAISERROR(N'Upgrading scoring.ScoringRunInputStats to the monitoring names failed (%s); it keeps its previous shape and every row. The script stops here.', 16, 1, @Message);
        SET NOEXEC ON;
    END CATCH;
END;
