-- DbScoring version: 0.1.0
-- scoring.PredictionLog is append-only: any UPDATE fails (error 50040) and is rolled back, whoever runs it, and so
-- does any DELETE except one batch of a retention purge. scoring.PurgePredictionLog first writes the batch's
-- scoring.RetentionLog row (run, count, digest of the rows), then puts its RetentionLogId in the session context
-- key DbScoring.RetentionLogId and deletes; this trigger lets the DELETE through only when that row exists and
-- names the same run, the same number of rows and the same digest as the rows actually deleted. Setting the key by
-- hand therefore cannot delete anything that is not recorded. TRUNCATE does not fire triggers: only db_owner can
-- run it (docs/audit.md). AFTER, not INSTEAD OF: nothing references this table, and on an append-only ledger table
-- (installer option) the ledger itself already refuses UPDATE and DELETE.
CREATE OR ALTER TRIGGER scoring.Private_PredictionLog_RefuseChange
ON scoring.PredictionLog
AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT EXISTS (SELECT 1 FROM deleted)
        RETURN;

    IF EXISTS (SELECT 1 FROM inserted)
    BEGIN
        ;THROW 50040, N'scoring.PredictionLog is append-only: rows are never updated.', 1;
    END;

    DECLARE @RetentionLogId bigint = TRY_CONVERT(bigint, SESSION_CONTEXT(N'DbScoring.RetentionLogId'));
    DECLARE @Rows bigint = (SELECT COUNT_BIG(*) FROM deleted);
    -- The line format the purge recorded (NULL: version 1, written before versions existed).
    DECLARE @DigestVersion tinyint = (SELECT ISNULL(r.DigestVersion, 1) FROM scoring.RetentionLog AS r WHERE r.RetentionLogId = @RetentionLogId);
    DECLARE @Digest binary(32) =
        (SELECT CONVERT(binary(32), HASHBYTES('SHA2_256', STRING_AGG(l.Line, NCHAR(10)) WITHIN GROUP (ORDER BY d.PredictionLogId)))
         FROM deleted AS d
         CROSS APPLY scoring.Private_PredictionLogLine(@DigestVersion, d.PredictionLogId, d.ScoringRunId, d.RowKey, d.ModelVersionId, d.BlobSha256,
                                                       d.InputsSha256, d.PredictedClass, d.PredictedLabel, d.Score, d.Probability, d.PredictedAt,
                                                       d.Role, d.Arm, d.Status, d.Reason, d.Explanation) AS l);
    IF @RetentionLogId IS NULL
       OR NOT EXISTS (SELECT 1 FROM scoring.RetentionLog AS r
                      WHERE r.RetentionLogId = @RetentionLogId AND r.RowsRemoved = @Rows AND r.Digest = @Digest
                        AND NOT EXISTS (SELECT 1 FROM deleted AS d WHERE d.ScoringRunId <> r.ScoringRunId))
    BEGIN
        ;THROW 50040, N'scoring.PredictionLog is append-only: rows are removed only by scoring.PurgePredictionLog under a retention policy, each batch recorded in scoring.RetentionLog.', 1;
    END;
END;
