-- DbScoring version: 0.1.0
-- scoring.RetentionLog is append-only: any UPDATE or DELETE fails (error 50040) and is rolled back, whoever runs it.
CREATE OR ALTER TRIGGER scoring.Private_RetentionLog_RefuseChange
ON scoring.RetentionLog
AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
    BEGIN
        ;THROW 50040, N'scoring.RetentionLog is append-only: rows are never updated or deleted.', 1;
    END;
END;
