-- DbScoring version: 0.1.0
-- Audit chain (docs/audit.md): a scoring.ScoringRun row gets its RunStarted link when it is inserted and its
-- RunCompleted link when it leaves Running (Succeeded, Failed, Abandoned; a run inserted already completed gets both),
-- in the same transaction, so that every place that starts or completes a run is covered without code of its own.
-- Runs refused before their model was known (ModelId NULL) belong to no model's chain. Scoring.Private_ScoringRun_CompleteOnly
-- still refuses every other change, and rolls the link back with it.
CREATE OR ALTER TRIGGER scoring.Private_ScoringRun_Link
ON scoring.ScoringRun
AFTER INSERT, UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @ModelId int, @SubjectId bigint, @Kind varchar(20);
    DECLARE Runs CURSOR LOCAL FAST_FORWARD FOR
        SELECT x.ModelId, x.ScoringRunId, x.Kind
        FROM (SELECT i.ModelId, i.ScoringRunId, Kind = 'RunStarted', Step = 1
              FROM inserted AS i
              WHERE NOT EXISTS (SELECT 1 FROM deleted AS d WHERE d.ScoringRunId = i.ScoringRunId)
              UNION ALL
              SELECT i.ModelId, i.ScoringRunId, 'RunCompleted', 2
              FROM inserted AS i
              LEFT JOIN deleted AS d ON d.ScoringRunId = i.ScoringRunId
              WHERE i.Status <> 'Running' AND (d.ScoringRunId IS NULL OR d.Status = 'Running')) AS x
        WHERE x.ModelId IS NOT NULL
        ORDER BY x.ScoringRunId, x.Step;
    OPEN Runs;
    FETCH NEXT FROM Runs INTO @ModelId, @SubjectId, @Kind;
    WHILE @@FETCH_STATUS = 0
    BEGIN
        EXEC scoring.Private_AppendAuditLink @ModelId = @ModelId, @Kind = @Kind, @SubjectId = @SubjectId;
        FETCH NEXT FROM Runs INTO @ModelId, @SubjectId, @Kind;
    END;
    CLOSE Runs;
    DEALLOCATE Runs;
END;
