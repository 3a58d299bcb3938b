-- DbScoring version: 0.1.0
-- scoring.AuditLink is append-only (the tamper-evident audit chain): any UPDATE or DELETE fails (error 50040) and is
-- rolled back, whoever runs it.
CREATE OR ALTER TRIGGER scoring.Private_AuditLink_RefuseChange
ON scoring.AuditLink
AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
    BEGIN
        ;THROW 50040, N'scoring.AuditLink is append-only: rows are never updated or deleted (tamper-evident audit chain).', 1;
    END;
END;
