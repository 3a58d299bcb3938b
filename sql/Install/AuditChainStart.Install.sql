-- DbScoring version: 0.1.0
-- The audit chain begins (docs/audit.md, "Where the chain begins"): once per database, when scoring.AuditChainStart is
-- still empty - a new database, or the upgrade of one created before the chain. It records how far the history reached
-- (the highest PredictionLog, ModelVersion and ScoringRun ids, and the time: alias moves until then), and starts the
-- chain of every model that already exists with a Genesis link whose content is that record's digest. Rows written
-- before are not rewritten and not chained; scoring.VerifyAuditTrail names them in a note. A rerun changes nothing.
IF NOT EXISTS (SELECT 1 FROM scoring.AuditChainStart)
BEGIN
    BEGIN TRY
        BEGIN TRANSACTION;
        INSERT scoring.AuditChainStart (AuditChainStartId, StartedAt, LastPredictionLogId, LastModelVersionId, LastScoringRunId)
        SELECT 1, SYSUTCDATETIME(),
               ISNULL((SELECT MAX(p.PredictionLogId) FROM scoring.PredictionLog AS p WITH (TABLOCKX, HOLDLOCK)), 0),
               ISNULL((SELECT MAX(v.ModelVersionId) FROM scoring.ModelVersion AS v WITH (TABLOCKX, HOLDLOCK)), 0),
               ISNULL((SELECT MAX(r.ScoringRunId) FROM scoring.ScoringRun AS r WITH (TABLOCKX, HOLDLOCK)), 0);

        DECLARE @ModelId int, @Models int = 0;
        DECLARE Models CURSOR LOCAL FAST_FORWARD FOR SELECT m.ModelId FROM scoring.Model AS m ORDER BY m.ModelId;
        OPEN Models;
        FETCH NEXT FROM Models INTO @ModelId;
        WHILE @@FETCH_STATUS = 0
        BEGIN
            EXEC scoring.Private_AppendAuditLink @ModelId = @ModelId, @Kind = 'Genesis', @SubjectId = 1;
            SET @Models += 1;
            FETCH NEXT FROM Models INTO @ModelId;
        END;
        CLOSE Models;
        DEALLOCATE Models;
        COMMIT TRANSACTION;
        PRINT N'Audit chain begun: ' + CONVERT(nvarchar(10), @Models) + N' existing models start with a genesis link; earlier rows are kept as they are (not chained).';
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        THROW;
    END CATCH;
END;
