-- DbScoring version: 0.1.0
-- scoring.PredictionLog is append-only: any UPDATE or DELETE fails (error 50040) and is rolled back, whoever runs it.
-- AFTER, not INSTEAD OF: nothing references this table, and on an append-only ledger table (installer option)
-- the ledger itself already refuses UPDATE and DELETE; trigger support there is not yet verified on a server.
CREATE OR ALTER TRIGGER scoring.Private_PredictionLog_RefuseChange
ON scoring.PredictionLog
AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
    BEGIN
        ;THROW 50040, N'scoring.PredictionLog is append-only: rows are never updated or deleted.', 1;
    END;
END;
