-- DbScoring version: 0.1.0
-- scoring.PurgePredictionLog: applies the retention policies (scoring.SetRetention): removes the prediction log
-- rows of whole runs that ended before their model's cutoff (now - KeepDays), oldest run first, in batches of
-- @BatchSize rows, each in its own transaction together with its scoring.RetentionLog row (purge, run, rows,
-- first/last id, SHA-256 digest of the removed rows, who, when). The scoring.ScoringRun row of a purged run and its
-- input statistics stay: what ran, when, by whom and with what outcome is kept; only the per-row predictions go.
-- Runs still Running and models without a policy (or KeepDays NULL) are never touched. Restartable: a purge that
-- stopped continues with the rows left. One purge at a time per database (application lock). Refused on an
-- append-only ledger PredictionLog (error 50060; docs/audit.md, "Retention with ledger tables").
CREATE OR ALTER PROCEDURE scoring.PurgePredictionLog
    @Model        nvarchar(100) = NULL,
    @BatchSize    int           = 10000,
    @MaxBatches   int           = NULL,
    @Execute      char(1)       = 'Y',
    @Help         bit           = 0,
    @PurgeId      bigint        = NULL OUTPUT,
    @RowsRemoved  bigint        = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own
    SET XACT_ABORT ON;

    IF @Help = 1
    BEGIN
        PRINT N'scoring.PurgePredictionLog (DbScoring ' + scoring.Version() + N') - remove prediction log rows older than the retention policy.';
        PRINT N'  @Model        nvarchar(100)  one model, or NULL (default) for every model with a policy (scoring.RetentionPolicies)';
        PRINT N'  @BatchSize    int            rows per transaction (default 10000, 1 .. 1000000)';
        PRINT N'  @MaxBatches   int            optional: stop after this many batches (the next call continues)';
        PRINT N'  @Execute      ''Y'' | ''N''      ''N'' lists the runs and rows that would be removed, removes nothing';
        PRINT N'  @PurgeId      bigint OUTPUT  this purge''s id in scoring.RetentionLog / scoring.Purges';
        PRINT N'  @RowsRemoved  bigint OUTPUT  prediction rows removed';
        PRINT N'Only whole runs that ended before now - KeepDays are purged; their scoring.ScoringRun rows stay. Every batch is recorded';
        PRINT N'in scoring.RetentionLog with a SHA-256 digest of the removed rows; nothing else can delete from scoring.PredictionLog.';
        PRINT N'Example: EXEC scoring.PurgePredictionLog @Model = N''churn'', @Execute = ''N'';';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    IF @Model IS NOT NULL AND NOT EXISTS (SELECT 1 FROM scoring.Model AS m WHERE m.ModelName = @Model)
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Model is not supported. No model is named ''' + @Model + N''' (see scoring.Models).');
    IF @BatchSize IS NULL OR @BatchSize < 1 OR @BatchSize > 1000000
        INSERT @Errors (Message) VALUES (N'The value for the parameter @BatchSize is not supported. Give 1 .. 1000000.');
    IF @MaxBatches IS NOT NULL AND @MaxBatches < 1
        INSERT @Errors (Message) VALUES (N'The value for the parameter @MaxBatches is not supported. Give NULL or a positive number.');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');
    IF @@TRANCOUNT > 0 AND @Execute = 'Y'
        INSERT @Errors (Message) VALUES (N'scoring.PurgePredictionLog cannot run inside an open transaction: each batch commits on its own.'
                                         + CASE WHEN (@@OPTIONS & 2) = 2 THEN N' This session has IMPLICIT_TRANSACTIONS ON (a driver without autocommit, such as pyodbc by default): commit what it opened, or turn autocommit on.' ELSE N'' END);

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.PurgePredictionLog', @Errors = @ErrorList;
        RETURN 50001;
    END;

    -- sys.tables.ledger_type exists only from SQL Server 2022: read through dynamic SQL, or CREATE PROCEDURE fails on 2017/2019 (Msg 207).
    DECLARE @IsLedger bit = 0;
    IF EXISTS (SELECT 1 FROM sys.all_columns AS c WHERE c.object_id = OBJECT_ID(N'sys.tables') AND c.name = N'ledger_type')
        EXEC sys.sp_executesql N'SELECT @IsLedger = CASE WHEN t.ledger_type <> 0 THEN 1 ELSE 0 END FROM sys.tables AS t WHERE t.object_id = OBJECT_ID(N''scoring.PredictionLog'');',
                               N'@IsLedger bit OUTPUT', @IsLedger = @IsLedger OUTPUT;
    IF @IsLedger = 1
        THROW 50060, N'scoring.PredictionLog is an append-only ledger table: no row can ever be removed from it, so it cannot be purged. Retention with ledger tables works per database: keep each period''s audit trail in its own database and drop that database (and its backups) when the policy allows (docs/audit.md, "Retention with ledger tables").', 1;

    -- Runs whose predictions may go: a policy with KeepDays, ended (any status but Running) before the cutoff, rows left.
    DECLARE @Runs TABLE (ScoringRunId bigint NOT NULL PRIMARY KEY, ModelId int NOT NULL, ModelName nvarchar(100) NOT NULL, KeepDays int NOT NULL,
                         Cutoff datetime2(3) NOT NULL, EndedAt datetime2(3) NOT NULL, RowsLeft bigint NOT NULL);
    INSERT @Runs (ScoringRunId, ModelId, ModelName, KeepDays, Cutoff, EndedAt, RowsLeft)
    SELECT r.ScoringRunId, p.ModelId, p.ModelName, p.KeepDays, p.Cutoff, COALESCE(r.EndedAt, r.StartedAt), x.RowsLeft
    FROM scoring.RetentionPolicies AS p
    JOIN scoring.ScoringRun AS r ON r.ModelId = p.ModelId
    CROSS APPLY (SELECT RowsLeft = COUNT_BIG(*) FROM scoring.PredictionLog AS l WHERE l.ScoringRunId = r.ScoringRunId) AS x
    WHERE p.KeepDays IS NOT NULL AND (@Model IS NULL OR p.ModelName = @Model)
      AND r.Status <> 'Running' AND COALESCE(r.EndedAt, r.StartedAt) < p.Cutoff AND x.RowsLeft > 0;

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: ' + CONVERT(nvarchar(20), (SELECT COUNT(*) FROM @Runs)) + N' run(s) and '
              + CONVERT(nvarchar(20), ISNULL((SELECT SUM(r.RowsLeft) FROM @Runs AS r), 0)) + N' prediction row(s) would be removed.';
        SELECT r.ModelName, r.KeepDays, r.Cutoff, r.ScoringRunId, r.EndedAt, r.RowsLeft FROM @Runs AS r ORDER BY r.ScoringRunId;
        RETURN 0;
    END;

    DECLARE @LockResult int;
    EXEC @LockResult = sys.sp_getapplock @Resource = N'DbScoring.PurgePredictionLog', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0;
    IF @LockResult < 0
        THROW 50062, N'Another scoring.PurgePredictionLog is running in this database; try again when it has finished (see scoring.Purges).', 1;

    DECLARE @Batches int = 0, @RunCount int = 0, @RunId bigint, @ModelId int, @KeepDays int, @Cutoff datetime2(3), @BatchNumber int;
    DECLARE @Rows bigint, @First bigint, @Last bigint, @Digest binary(32), @RetentionLogId bigint;
    -- The digest line format this version writes (scoring.Private_PredictionLogLine; recorded in RetentionLog.DigestVersion).
    DECLARE @DigestVersion tinyint = 2;
    SET @RowsRemoved = 0;
    BEGIN TRY
        SET @PurgeId = 1 + ISNULL((SELECT MAX(l.PurgeId) FROM scoring.RetentionLog AS l), 0);
        SET @RunId = (SELECT MIN(r.ScoringRunId) FROM @Runs AS r);
        WHILE @RunId IS NOT NULL AND (@MaxBatches IS NULL OR @Batches < @MaxBatches)
        BEGIN
            SELECT @ModelId = r.ModelId, @KeepDays = r.KeepDays, @Cutoff = r.Cutoff FROM @Runs AS r WHERE r.ScoringRunId = @RunId;
            SET @BatchNumber = ISNULL((SELECT MAX(l.BatchNumber) FROM scoring.RetentionLog AS l WHERE l.ScoringRunId = @RunId), 0);
            SET @RunCount += 1;
            WHILE @MaxBatches IS NULL OR @Batches < @MaxBatches
            BEGIN
                BEGIN TRANSACTION;
                SELECT @Rows = COUNT_BIG(*), @First = MIN(b.PredictionLogId), @Last = MAX(b.PredictionLogId)
                FROM (SELECT TOP (@BatchSize) l.PredictionLogId FROM scoring.PredictionLog AS l WITH (UPDLOCK, HOLDLOCK)
                      WHERE l.ScoringRunId = @RunId ORDER BY l.PredictionLogId) AS b;
                IF @Rows = 0
                BEGIN
                    COMMIT TRANSACTION;
                    BREAK;
                END;

                SET @Digest =
                    (SELECT CONVERT(binary(32), HASHBYTES('SHA2_256', STRING_AGG(x.Line, NCHAR(10)) WITHIN GROUP (ORDER BY l.PredictionLogId)))
                     FROM scoring.PredictionLog AS l
                     CROSS APPLY scoring.Private_PredictionLogLine(@DigestVersion, l.PredictionLogId, l.ScoringRunId, l.RowKey, l.ModelVersionId, l.BlobSha256,
                                                                   l.InputsSha256, l.PredictedClass, l.PredictedLabel, l.Score, l.Probability, l.PredictedAt,
                                                                   l.Role, l.Arm, l.Status, l.Reason, l.Explanation) AS x
                     WHERE l.ScoringRunId = @RunId AND l.PredictionLogId BETWEEN @First AND @Last);
                SET @BatchNumber += 1;
                INSERT scoring.RetentionLog (PurgeId, ModelId, ScoringRunId, BatchNumber, KeepDays, Cutoff, RowsRemoved, FirstPredictionLogId, LastPredictionLogId, Digest, DigestVersion)
                VALUES (@PurgeId, @ModelId, @RunId, @BatchNumber, @KeepDays, @Cutoff, @Rows, @First, @Last, @Digest, @DigestVersion);
                SET @RetentionLogId = SCOPE_IDENTITY();

                -- The PredictionLog trigger lets exactly this batch through (same run, count and digest as the row just written).
                EXEC sys.sp_set_session_context @key = N'DbScoring.RetentionLogId', @value = @RetentionLogId;
                DELETE scoring.PredictionLog WHERE ScoringRunId = @RunId AND PredictionLogId BETWEEN @First AND @Last;
                EXEC sys.sp_set_session_context @key = N'DbScoring.RetentionLogId', @value = NULL;
                COMMIT TRANSACTION;

                SET @Batches += 1;
                SET @RowsRemoved += @Rows;
                IF @Rows < @BatchSize
                    BREAK;
            END;

            SET @RunId = (SELECT MIN(r.ScoringRunId) FROM @Runs AS r WHERE r.ScoringRunId > @RunId);
        END;

        EXEC sys.sp_releaseapplock @Resource = N'DbScoring.PurgePredictionLog', @LockOwner = 'Session';
    END TRY
    BEGIN CATCH
        IF XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        EXEC sys.sp_set_session_context @key = N'DbScoring.RetentionLogId', @value = NULL;
        IF APPLOCK_MODE(N'public', N'DbScoring.PurgePredictionLog', 'Session') <> 'NoLock'
            EXEC sys.sp_releaseapplock @Resource = N'DbScoring.PurgePredictionLog', @LockOwner = 'Session';
        THROW;
    END CATCH;

    PRINT N'Purge ' + CONVERT(nvarchar(20), @PurgeId) + N': removed ' + CONVERT(nvarchar(20), @RowsRemoved) + N' prediction row(s) of '
          + CONVERT(nvarchar(20), @RunCount) + N' run(s) in ' + CONVERT(nvarchar(20), @Batches) + N' batch(es)'
          + CASE WHEN @Batches = 0 THEN N' (nothing was older than its policy).' ELSE N'; see scoring.Purges and scoring.RetentionLog.' END;
    RETURN 0;
END;
