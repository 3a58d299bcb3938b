-- DbScoring version: 0.1.0
-- Upgrade: scoring.PredictionLog created before per-row status gets Role, Arm, Status and Reason (shadow, split, fallback
-- and refusal; docs/monitoring.md) with their defaults and checks. The columns are nullable, which an append-only ledger
-- table allows too; the rows written before keep NULL there, which readers take as 'Primary' and 'Scored' (they were all
-- scored primary predictions). Each column is skipped when present, so a rerun of the installer changes nothing.
IF OBJECT_ID(N'scoring.PredictionLog', N'U') IS NOT NULL
   AND (COL_LENGTH(N'scoring.PredictionLog', N'Role') IS NULL OR COL_LENGTH(N'scoring.PredictionLog', N'Arm') IS NULL
        OR COL_LENGTH(N'scoring.PredictionLog', N'Status') IS NULL OR COL_LENGTH(N'scoring.PredictionLog', N'Reason') IS NULL)
BEGIN
    DECLARE @Rows bigint = (SELECT COUNT_BIG(*) FROM scoring.PredictionLog);
    BEGIN TRY
        BEGIN TRANSACTION;
        IF COL_LENGTH(N'scoring.PredictionLog', N'Role') IS NULL
            EXEC (N'ALTER TABLE scoring.PredictionLog ADD Role varchar(10) NULL CONSTRAINT DF_PredictionLog_Role DEFAULT (''Primary'')
                    CONSTRAINT CK_PredictionLog_Role CHECK (Role IN (''Primary'', ''Shadow''));');
        IF COL_LENGTH(N'scoring.PredictionLog', N'Arm') IS NULL
            EXEC (N'ALTER TABLE scoring.PredictionLog ADD Arm char(1) NULL CONSTRAINT CK_PredictionLog_Arm CHECK (Arm IN (''A'', ''B''));');
        IF COL_LENGTH(N'scoring.PredictionLog', N'Status') IS NULL
            EXEC (N'ALTER TABLE scoring.PredictionLog ADD Status varchar(10) NULL CONSTRAINT DF_PredictionLog_Status DEFAULT (''Scored'')
                    CONSTRAINT CK_PredictionLog_Status CHECK (Status IN (''Scored'', ''Fallback'', ''Refused''));');
        IF COL_LENGTH(N'scoring.PredictionLog', N'Reason') IS NULL
            EXEC (N'ALTER TABLE scoring.PredictionLog ADD Reason nvarchar(2000) NULL;');
        COMMIT TRANSACTION;
        PRINT N'Upgraded scoring.PredictionLog: columns Role, Arm, Status, Reason (shadow, split, fallback, refusal); kept '
              + CONVERT(nvarchar(20), @Rows) + N' rows (their Role and Status read as Primary and Scored).';
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        THROW;
    END CATCH;
END;
