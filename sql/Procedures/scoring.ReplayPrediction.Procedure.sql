-- DbScoring version: 0.1.0
-- scoring.ReplayPrediction: the proof that a logged prediction came from that model and those inputs. Takes the
-- prediction run @ScoringRunId logged for @RowKey, checks that the version's stored bytes still have the SHA-256 logged
-- with the prediction, scores the logged (packed) inputs again with the installed runtime (scoring.Private_TryPredictRow,
-- the same code scoring uses), and returns logged and replayed outputs side by side, compared bit for bit. A row the run
-- refused replays as refused again, with the reason (docs/audit.md, "Replay").
-- A run scored with @LogInputs = 'N' kept only the inputs' SHA-256: the row says InputsLogged = 0 and nothing is replayed.
-- Reads the log by ownership chaining; granted to ScoringAuditor (ScoringAdmin executes the whole schema). Changes nothing.
CREATE OR ALTER PROCEDURE scoring.ReplayPrediction
    @ScoringRunId  bigint        = NULL,
    @RowKey        nvarchar(450) = NULL,
    @Execute       char(1)       = 'Y',
    @Help          bit           = 0
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own

    IF @Help = 1
    BEGIN
        PRINT N'scoring.ReplayPrediction (DbScoring ' + scoring.Version() + N') - score a logged prediction again and compare, bit for bit.';
        PRINT N'  @ScoringRunId  bigint          the run (scoring.Runs)';
        PRINT N'  @RowKey        nvarchar(450)   the row key as logged (scoring.PredictionAudit.RowKey; several key columns joined with |)';
        PRINT N'  @Execute       ''Y'' | ''N''       ''N'' checks the run, the key and the model bytes and says what would be replayed; scores nothing';
        PRINT N'Returns one row: PredictionLogId, ModelName, VersionNumber, BlobSha256, InputsLogged, InputsJson,';
        PRINT N'  LoggedLabel, ReplayedLabel, LoggedClass, ReplayedClass, LoggedScore, ReplayedScore, LoggedProbability, ReplayedProbability,';
        PRINT N'  Identical (1 = every output bit for bit the same), Differences (one line per output that differs),';
        PRINT N'  LoggedStatus (Scored, Fallback, Refused), ReplayedStatus (Scored, Refused), LoggedReason, ReplayedReason.';
        PRINT N'A refused row is identical when it is refused again for the same reason (the logged one may add the fallback''s).';
        PRINT N'The stored model bytes must still have the SHA-256 logged with the prediction (50070 otherwise).';
        PRINT N'Example: EXEC scoring.ReplayPrediction @ScoringRunId = 12, @RowKey = N''42'';';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    IF @ScoringRunId IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @ScoringRunId is not supported. Give the run id (scoring.Runs.ScoringRunId).');
    IF @RowKey IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @RowKey is not supported. Give the row key as logged (scoring.PredictionAudit.RowKey).');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');

    DECLARE @PredictionLogId bigint, @ModelVersionId int, @LoggedSha256 binary(32), @Inputs varbinary(8000), @LoggedLabel nvarchar(400),
            @LoggedClass int, @LoggedScore real, @LoggedProbability real, @LoggedStatus varchar(10), @LoggedReason nvarchar(2000);
    IF NOT EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        SELECT TOP (1) @PredictionLogId = p.PredictionLogId, @ModelVersionId = p.ModelVersionId, @LoggedSha256 = p.BlobSha256, @Inputs = p.Inputs,
                       @LoggedLabel = p.PredictedLabel, @LoggedClass = p.PredictedClass, @LoggedScore = p.Score, @LoggedProbability = p.Probability,
                       @LoggedStatus = ISNULL(p.Status, 'Scored'), @LoggedReason = p.Reason
        FROM scoring.PredictionLog AS p
        WHERE p.ScoringRunId = @ScoringRunId AND p.RowKey = @RowKey AND p.RowKey COLLATE Latin1_General_100_BIN2 = @RowKey COLLATE Latin1_General_100_BIN2 AND ISNULL(p.Role, 'Primary') = 'Primary' -- NULL: logged before shadows
        ORDER BY p.PredictionLogId;
        IF @PredictionLogId IS NULL
            INSERT @Errors (Message) VALUES (N'Run ' + CONVERT(nvarchar(20), @ScoringRunId) + N' logged no prediction for row key ' + @RowKey
                + N' (it may have been purged: see scoring.PurgedBatches). Find the run and key in scoring.PredictionAudit.');
    END;

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.ReplayPrediction', @Errors = @ErrorList;
        RETURN 50001;
    END;

    -- The exact bytes: the stored blob re-hashed now must be the one the prediction names.
    DECLARE @ModelName nvarchar(100), @VersionNumber int, @StoredSha256 binary(32), @Message nvarchar(2048);
    SELECT @ModelName = m.ModelName, @VersionNumber = v.VersionNumber, @StoredSha256 = CONVERT(binary(32), HASHBYTES('SHA2_256', v.ModelBlob))
    FROM scoring.ModelVersion AS v
    JOIN scoring.Model AS m ON m.ModelId = v.ModelId
    WHERE v.ModelVersionId = @ModelVersionId;
    IF @StoredSha256 IS NULL OR @StoredSha256 <> @LoggedSha256
    BEGIN
        SET @Message = N'Prediction ' + CONVERT(nvarchar(20), @PredictionLogId) + N' names model bytes ' + CONVERT(nvarchar(66), @LoggedSha256, 1)
            + N', but ' + ISNULL(@ModelName + N' version ' + CONVERT(nvarchar(10), @VersionNumber) + N' now holds bytes ' + CONVERT(nvarchar(66), @StoredSha256, 1),
                                 N'version id ' + CONVERT(nvarchar(10), @ModelVersionId) + N' no longer exists')
            + N'. The registry was altered behind its protections; nothing was replayed.';
        THROW 50070, @Message, 1;
    END;

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: prediction ' + CONVERT(nvarchar(20), @PredictionLogId) + N' of run ' + CONVERT(nvarchar(20), @ScoringRunId) + N' (row key ' + @RowKey
              + N') by ' + @ModelName + N' version ' + CONVERT(nvarchar(10), @VersionNumber) + N', model bytes ' + CONVERT(nvarchar(66), @LoggedSha256, 1)
              + N' (verified); ' + CASE WHEN @Inputs IS NULL THEN N'the run kept only the inputs'' SHA-256: it cannot be replayed.' ELSE N'its logged inputs would be scored again.' END;
        RETURN 0;
    END;

    -- A row the version cannot score gives its reason, as ScoreTable recorded it, instead of failing (a Fallback row was
    -- logged with the fallback version and its inputs, so it replays as Scored).
    DECLARE @ReplayedLabel nvarchar(400), @ReplayedClass int, @ReplayedScore real, @ReplayedProbability real, @ReplayedStatus varchar(10),
            @ReplayedReason nvarchar(2000);
    IF @Inputs IS NOT NULL
        SELECT @ReplayedLabel = r.PredictedLabel, @ReplayedClass = r.PredictedClass, @ReplayedScore = r.Score, @ReplayedProbability = r.Probability,
               @ReplayedStatus = CASE WHEN r.Reason IS NULL THEN 'Scored' ELSE 'Refused' END, @ReplayedReason = r.Reason
        FROM scoring.ModelVersion AS v
        CROSS APPLY scoring.Private_TryPredictRow(v.ModelVersionId, v.BlobSha256, v.ModelBlob, @Inputs) AS r
        WHERE v.ModelVersionId = @ModelVersionId;

    -- Bit for bit: reals compared as their IEEE-754 bytes (so -0 and 0 differ), NULL equal only to NULL.
    -- A refusal is the same when the reasons match; the logged one adds the fallback's reason when that refused too.
    DECLARE @Differences nvarchar(max) = CASE WHEN @Inputs IS NULL THEN NULL ELSE CONCAT_WS(NCHAR(10),
        CASE WHEN CASE WHEN @LoggedStatus = 'Refused' THEN 1 ELSE 0 END <> CASE WHEN @ReplayedStatus = 'Refused' THEN 1 ELSE 0 END
             THEN N'Status: logged ' + @LoggedStatus + N', replayed ' + @ReplayedStatus END,
        CASE WHEN @LoggedStatus = 'Refused' AND @ReplayedStatus = 'Refused'
                  AND NOT (@LoggedReason = @ReplayedReason COLLATE Latin1_General_100_BIN2
                           OR CHARINDEX(@ReplayedReason + N' Fallback: ', @LoggedReason COLLATE Latin1_General_100_BIN2) = 1)
             THEN N'Reason: logged ' + ISNULL(@LoggedReason, N'NULL') + N', replayed ' + @ReplayedReason END,
        CASE WHEN NOT (@LoggedLabel = @ReplayedLabel COLLATE Latin1_General_100_BIN2 OR (@LoggedLabel IS NULL AND @ReplayedLabel IS NULL))
             THEN N'PredictedLabel: logged ' + ISNULL(@LoggedLabel, N'NULL') + N', replayed ' + ISNULL(@ReplayedLabel, N'NULL') END,
        CASE WHEN NOT (@LoggedClass = @ReplayedClass OR (@LoggedClass IS NULL AND @ReplayedClass IS NULL))
             THEN N'PredictedClass: logged ' + ISNULL(CONVERT(nvarchar(11), @LoggedClass), N'NULL') + N', replayed ' + ISNULL(CONVERT(nvarchar(11), @ReplayedClass), N'NULL') END,
        CASE WHEN NOT (CONVERT(binary(4), @LoggedScore) = CONVERT(binary(4), @ReplayedScore) OR (@LoggedScore IS NULL AND @ReplayedScore IS NULL))
             THEN N'Score: logged ' + ISNULL(CONVERT(nvarchar(30), @LoggedScore, 3) + N' (' + CONVERT(nvarchar(10), CONVERT(binary(4), @LoggedScore), 1) + N')', N'NULL')
                  + N', replayed ' + ISNULL(CONVERT(nvarchar(30), @ReplayedScore, 3) + N' (' + CONVERT(nvarchar(10), CONVERT(binary(4), @ReplayedScore), 1) + N')', N'NULL') END,
        CASE WHEN NOT (CONVERT(binary(4), @LoggedProbability) = CONVERT(binary(4), @ReplayedProbability) OR (@LoggedProbability IS NULL AND @ReplayedProbability IS NULL))
             THEN N'Probability: logged ' + ISNULL(CONVERT(nvarchar(30), @LoggedProbability, 3) + N' (' + CONVERT(nvarchar(10), CONVERT(binary(4), @LoggedProbability), 1) + N')', N'NULL')
                  + N', replayed ' + ISNULL(CONVERT(nvarchar(30), @ReplayedProbability, 3) + N' (' + CONVERT(nvarchar(10), CONVERT(binary(4), @ReplayedProbability), 1) + N')', N'NULL') END) END;

    SELECT PredictionLogId = @PredictionLogId, ModelName = @ModelName, VersionNumber = @VersionNumber, BlobSha256 = @LoggedSha256,
           InputsLogged = CONVERT(bit, CASE WHEN @Inputs IS NULL THEN 0 ELSE 1 END), InputsJson = scoring.Private_UnpackInputs(@Inputs),
           LoggedLabel = @LoggedLabel, ReplayedLabel = @ReplayedLabel, LoggedClass = @LoggedClass, ReplayedClass = @ReplayedClass,
           LoggedScore = @LoggedScore, ReplayedScore = @ReplayedScore, LoggedProbability = @LoggedProbability, ReplayedProbability = @ReplayedProbability,
           Identical = CONVERT(bit, CASE WHEN @Inputs IS NOT NULL AND ISNULL(@Differences, N'') = N'' THEN 1 ELSE 0 END),
           Differences = NULLIF(@Differences, N''),
           LoggedStatus = @LoggedStatus, ReplayedStatus = @ReplayedStatus, LoggedReason = @LoggedReason, ReplayedReason = @ReplayedReason;
    RETURN 0;
END;
