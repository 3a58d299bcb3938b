-- DbScoring version: 0.1.0
-- Upgrade: scoring.ScoringRun created before stale runs were recorded gets the status Abandoned and the column
-- AbandonedBy (nullable; existing rows keep their values). Skipped when already done. One transaction: the table is
-- either the old or the new shape.
IF OBJECT_ID(N'scoring.ScoringRun', N'U') IS NOT NULL
   AND (COL_LENGTH(N'scoring.ScoringRun', N'AbandonedBy') IS NULL
        OR NOT EXISTS (SELECT 1 FROM sys.check_constraints AS c
                       WHERE c.parent_object_id = OBJECT_ID(N'scoring.ScoringRun') AND c.name = N'CK_ScoringRun_Status'
                         AND c.definition LIKE N'%''Abandoned''%'))
BEGIN
    BEGIN TRY
        BEGIN TRANSACTION;
        IF COL_LENGTH(N'scoring.ScoringRun', N'AbandonedBy') IS NULL
            EXEC (N'ALTER TABLE scoring.ScoringRun ADD AbandonedBy nvarchar(128) NULL;');
        IF EXISTS (SELECT 1 FROM sys.check_constraints AS c WHERE c.parent_object_id = OBJECT_ID(N'scoring.ScoringRun') AND c.name = N'CK_ScoringRun_Status')
            ALTER TABLE scoring.ScoringRun DROP CONSTRAINT CK_ScoringRun_Status;
        ALTER TABLE scoring.ScoringRun WITH CHECK ADD CONSTRAINT CK_ScoringRun_Status CHECK (Status IN ('Running', 'Succeeded', 'Failed', 'Abandoned'));
        COMMIT TRANSACTION;
        PRINT N'Upgraded scoring.ScoringRun: status Abandoned and column AbandonedBy (stale runs); every row kept.';
    END TRY
    BEGIN CATCH
        IF @@TRANCOUNT > 0
            ROLLBACK TRANSACTION;
        DECLARE @Message nvarchar(2048) = ERROR_MESSAGE();
        RAISERROR(N'Upgrading scoring.ScoringRun for stale runs failed (%s); it keeps its previous shape and every row. The script stops here.', 16, 1, @Message);
        SET NOEXEC ON;
    END CATCH;
END;
