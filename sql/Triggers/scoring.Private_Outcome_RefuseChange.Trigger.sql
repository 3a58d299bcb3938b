-- DbScoring version: 0.1.0
-- scoring.Outcome is append-only: any UPDATE or DELETE fails (error 50040) and is rolled back, whoever runs it.
CREATE OR ALTER TRIGGER scoring.Private_Outcome_RefuseChange
ON scoring.Outcome
AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
    BEGIN
        ;THROW 50040, N'scoring.Outcome is append-only: outcomes are never changed or removed; record a correction with scoring.RecordOutcomes (the latest wins).', 1;
    END;
END;
