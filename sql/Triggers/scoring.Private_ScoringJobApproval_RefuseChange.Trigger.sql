-- DbScoring version: 0.1.0
-- scoring.ScoringJobApproval is append-only: any UPDATE or DELETE fails (error 50040) and is rolled back.
CREATE OR ALTER TRIGGER scoring.Private_ScoringJobApproval_RefuseChange
ON scoring.ScoringJobApproval
AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
    BEGIN
        ;THROW 50040, N'scoring.ScoringJobApproval is append-only: approvals are never changed or removed; approve again instead.', 1;
    END;
END;
