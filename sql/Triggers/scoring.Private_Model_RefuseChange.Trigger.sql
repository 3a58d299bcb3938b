-- DbScoring version: 0.1.0
-- scoring.Model is append-only: any UPDATE or DELETE fails (error 50040) and is rolled back, whoever runs it.
-- INSTEAD OF, so that it fires before foreign keys are checked and nothing is ever changed.
CREATE OR ALTER TRIGGER scoring.Private_Model_RefuseChange
ON scoring.Model
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
    BEGIN
        ;THROW 50040, N'scoring.Model is append-only: rows are never updated or deleted.', 1;
    END;
END;
