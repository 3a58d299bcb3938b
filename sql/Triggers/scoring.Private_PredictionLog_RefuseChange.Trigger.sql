-- DbScoring version: 0.1.0
-- scoring.PredictionLog is append-only: any UPDATE or DELETE fails (error 50040) and is rolled back, whoever runs it.
-- AFTER (nothing references this table; AFTER triggers also stand on append-only ledger tables, where the
-- ledger itself already refuses UPDATE and DELETE).
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
