-- DbScoring version: 0.1.0
-- scoring.ScoringRunDrift is append-only: any UPDATE or DELETE fails (error 50040) and is rolled back, whoever runs it.
CREATE OR ALTER TRIGGER scoring.Private_ScoringRunDrift_RefuseChange
ON scoring.ScoringRunDrift
AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
    BEGIN
        ;THROW 50040, N'scoring.ScoringRunDrift is append-only: rows are never updated or deleted.', 1;
    END;
END;
