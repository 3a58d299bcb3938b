-- DbScoring version: 0.1.0
-- scoring.ScoringRun rows are inserted at the start of a run and completed once at its end. This trigger
-- refuses DELETE (50040) and any UPDATE other than completing a Running row: Status moves from Running to
-- Succeeded/Failed and only EndedAt, counts, duration, rows/s, drift level and inputs, and the error may change (50041); or, when its session
-- died, from Running to Abandoned, which alone records AbandonedBy (scoring.ScoreTable does it at the next run).
CREATE OR ALTER TRIGGER scoring.Private_ScoringRun_CompleteOnly
ON scoring.ScoringRun
AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM inserted) AND EXISTS (SELECT 1 FROM deleted)
    BEGIN
        ;THROW 50040, N'scoring.ScoringRun is append-only: runs are never deleted.', 1;
    END;

    IF EXISTS (SELECT 1 FROM deleted AS d WHERE d.Status <> 'Running')
       OR EXISTS (SELECT 1 FROM inserted AS i WHERE i.Status NOT IN ('Succeeded', 'Failed', 'Abandoned'))
       OR EXISTS (SELECT 1 FROM inserted AS i WHERE (i.Status = 'Abandoned' AND i.AbandonedBy IS NULL) OR (i.Status <> 'Abandoned' AND i.AbandonedBy IS NOT NULL))
       OR EXISTS (
            SELECT d.ScoringRunId, d.ProcedureName, d.ModelId, d.ModelVersionId, d.AliasName, d.BlobSha256, d.SourceName,
                   d.TargetName, d.KeyColumns, d.Command, d.StartedAt, d.LoginName, d.UserName, d.ApplicationName,
                   d.HostName, d.SessionId
            FROM deleted AS d
            EXCEPT
            SELECT i.ScoringRunId, i.ProcedureName, i.ModelId, i.ModelVersionId, i.AliasName, i.BlobSha256, i.SourceName,
                   i.TargetName, i.KeyColumns, i.Command, i.StartedAt, i.LoginName, i.UserName, i.ApplicationName,
                   i.HostName, i.SessionId
            FROM inserted AS i)
    BEGIN
        ;THROW 50041, N'scoring.ScoringRun: only a Running run can be completed, once; what was recorded at its start never changes.', 1;
    END;
END;
