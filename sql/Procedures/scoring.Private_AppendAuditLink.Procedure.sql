-- DbScoring version: 0.1.0
-- scoring.Private_AppendAuditLink: appends one link to the model's audit chain (docs/audit.md), inside the caller's
-- transaction, so that the link commits or rolls back with the rows it covers. Called by the link triggers on
-- ModelVersion, ModelAlias and ScoringRun, and by scoring.ScoreTable once per committed batch (@Kind = 'Batch': the
-- run's PredictionLog rows after its last linked batch; nothing to link, no link).
-- The content is hashed first (scoring.Private_AuditContent, outside the lock); then an exclusive application lock
-- 'DbScoring.AuditLink', held to the end of the transaction, makes the read of the model's previous digest and the
-- next AuditLinkId, and the insert, one step: concurrent runs append one after the other, never to the same predecessor.
-- 50071: called outside a transaction, nothing to hash, or the lock not granted within 60 s.
CREATE OR ALTER PROCEDURE scoring.Private_AppendAuditLink
    @ModelId      int,
    @Kind         varchar(20),
    @SubjectId    bigint,
    @SubjectName  nvarchar(100) = NULL,
    @SubjectTime  datetime2(7)  = NULL,
    @BatchNumber  int           = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own
    SET XACT_ABORT ON;
    IF @ModelId IS NULL
        RETURN 0; -- a run refused before its model was known belongs to no chain
    IF @@TRANCOUNT = 0
    BEGIN
        ;THROW 50071, N'scoring.Private_AppendAuditLink must run inside the transaction that writes the rows it links.', 1;
    END;

    DECLARE @FirstRowId bigint, @LastRowId bigint, @Content char(64), @Found bigint, @Message nvarchar(2048);
    IF @Kind = 'Batch'
    BEGIN
        DECLARE @After bigint = ISNULL((SELECT MAX(l.LastRowId) FROM scoring.AuditLink AS l WHERE l.Kind = 'Batch' AND l.SubjectId = @SubjectId), 0);
        SELECT @FirstRowId = MIN(p.PredictionLogId), @LastRowId = MAX(p.PredictionLogId)
        FROM scoring.PredictionLog AS p
        WHERE p.ScoringRunId = @SubjectId AND p.PredictionLogId > @After;
        IF @FirstRowId IS NULL
            RETURN 0;
    END;

    SELECT @Content = c.ContentDigest, @Found = c.RowsFound
    FROM scoring.Private_AuditContent(@ModelId, @Kind, @SubjectId, @SubjectName, @SubjectTime, @BatchNumber, @FirstRowId, @LastRowId) AS c;
    IF @Content IS NULL
    BEGIN
        SET @Message = N'The audit chain has nothing to link for ' + ISNULL(@Kind, N'NULL') + N' ' + ISNULL(CONVERT(nvarchar(20), @SubjectId), N'NULL')
                       + N' of model id ' + CONVERT(nvarchar(10), @ModelId) + N'; nothing was written.';
        THROW 50071, @Message, 1;
    END;

    DECLARE @Lock int;
    EXEC @Lock = sys.sp_getapplock @Resource = N'DbScoring.AuditLink', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 60000;
    IF @Lock < 0
    BEGIN
        ;THROW 50071, N'The audit chain is held by another transaction for more than 60 s (application lock DbScoring.AuditLink); nothing was written. Try again.', 1;
    END;

    DECLARE @Previous char(64) = (SELECT TOP (1) l.Digest FROM scoring.AuditLink AS l WHERE l.ModelId = @ModelId ORDER BY l.AuditLinkId DESC);
    DECLARE @AuditLinkId bigint = 1 + ISNULL((SELECT MAX(l.AuditLinkId) FROM scoring.AuditLink AS l), 0);
    DECLARE @LinkedAt datetime2(7) = SYSUTCDATETIME();
    DECLARE @RowCount bigint = CASE WHEN @Kind = 'Batch' THEN @Found END;

    INSERT scoring.AuditLink (AuditLinkId, ModelId, Kind, SubjectId, SubjectName, SubjectTime, BatchNumber, FirstRowId, LastRowId, [RowCount],
                              ContentDigest, PreviousDigest, Digest, LinkedAt)
    VALUES (@AuditLinkId, @ModelId, @Kind, @SubjectId, @SubjectName, @SubjectTime, @BatchNumber, @FirstRowId, @LastRowId, @RowCount,
            @Content, @Previous,
            scoring.Private_AuditLinkDigest(@AuditLinkId, @ModelId, @Kind, @SubjectId, @SubjectName, @SubjectTime, @BatchNumber, @FirstRowId,
                                            @LastRowId, @RowCount, @Content, @Previous, @LinkedAt),
            @LinkedAt);
    RETURN 0;
END;
