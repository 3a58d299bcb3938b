-- DbScoring version: 0.1.0
-- scoring.VerifyAuditTrail: recomputes the tamper-evident audit chain (docs/audit.md) from the rows as they are now and
-- reports the first broken link: every link's content (scoring.Private_AuditContent, the code that wrote it), its
-- predecessor and its own digest, every version's blob against its SHA-256, then every row written since the chain began
-- that no link covers (inserted behind the triggers). Works on every edition; the ledger option stays available on 2022+.
-- Three result sets: the outcome (one row), each model's head digest, and notes (rows from before the chain, recorded
-- retention gaps). Returns 0 when intact, 7 on a break (the CLI's exit code). Reads only; granted to ScoringAuditor.
CREATE OR ALTER PROCEDURE scoring.VerifyAuditTrail
    @Model    nvarchar(100) = NULL,
    @RunId    bigint        = NULL,
    @Execute  char(1)       = 'Y',
    @Help     bit           = 0
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own

    IF @Help = 1
    BEGIN
        PRINT N'scoring.VerifyAuditTrail (DbScoring ' + scoring.Version() + N') - recompute the tamper-evident audit chain and report the first broken link.';
        PRINT N'  @Model    nvarchar(100)   optional: only this model''s chain';
        PRINT N'  @RunId    bigint          optional: only the links of this run (start, batches, completion); the chain around them is still followed';
        PRINT N'  @Execute  ''Y'' | ''N''       ''N'' says how many links and logged predictions would be recomputed; reads nothing else';
        PRINT N'Result sets: 1) Intact, BrokenTable, Model, RunId, BatchNumber, RowId, LinkId, Expected, Found, Problem, LinksChecked,';
        PRINT N'                PredictionRowsChecked  2) Model, Links, HeadDigest  3) Note.';
        PRINT N'Returns 0 when intact, 7 on a break. Proves that no covered row was edited, deleted or inserted since it was linked and';
        PRINT N'that every blob has its SHA-256; it cannot prove that nobody rewrote the whole chain: keep the head digests elsewhere.';
        PRINT N'Cost: reads every logged prediction in scope (about a full scan of scoring.PredictionLog) and hashes it.';
        PRINT N'Example: EXEC scoring.VerifyAuditTrail @Model = N''churn'';';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @ModelId int = (SELECT m.ModelId FROM scoring.Model AS m WHERE m.ModelName = @Model);
    IF @Model IS NOT NULL AND @ModelId IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Model is not supported. There is no model ' + @Model + N' (see scoring.Models).');
    IF @RunId IS NOT NULL AND NOT EXISTS (SELECT 1 FROM scoring.ScoringRun AS r WHERE r.ScoringRunId = @RunId AND (@ModelId IS NULL OR r.ModelId = @ModelId))
        INSERT @Errors (Message) VALUES (N'The value for the parameter @RunId is not supported. There is no run ' + CONVERT(nvarchar(20), @RunId)
                                         + ISNULL(N' of model ' + @Model, N'') + N' (see scoring.Runs).');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');
    IF NOT EXISTS (SELECT 1 FROM scoring.AuditChainStart)
        INSERT @Errors (Message) VALUES (N'The audit chain has not begun in this database (scoring.AuditChainStart is empty): run the DbScoring installer.');
    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.VerifyAuditTrail', @Errors = @ErrorList;
        RETURN 50001;
    END;

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: would recompute ' + CONVERT(nvarchar(20), (SELECT COUNT_BIG(*) FROM scoring.AuditLink AS l
                                                                     WHERE (@ModelId IS NULL OR l.ModelId = @ModelId) AND (@RunId IS NULL OR l.SubjectId = @RunId AND l.Kind IN ('RunStarted', 'Batch', 'RunCompleted'))))
              + N' links over ' + CONVERT(nvarchar(20), (SELECT ISNULL(SUM(l.[RowCount]), 0) FROM scoring.AuditLink AS l
                                                         WHERE l.Kind = 'Batch' AND (@ModelId IS NULL OR l.ModelId = @ModelId) AND (@RunId IS NULL OR l.SubjectId = @RunId)))
              + N' logged predictions.';
        RETURN 0;
    END;

    DECLARE @StartedAt datetime2(7), @LastPredictionLogId bigint, @LastModelVersionId int, @LastScoringRunId bigint;
    SELECT @StartedAt = s.StartedAt, @LastPredictionLogId = s.LastPredictionLogId, @LastModelVersionId = s.LastModelVersionId, @LastScoringRunId = s.LastScoringRunId
    FROM scoring.AuditChainStart AS s;

    -- 1. Every link in scope, recomputed. The predecessor is taken over the model's whole chain, before the run filter.
    -- Text columns COLLATE DATABASE_DEFAULT: a #table's text columns would otherwise take tempdb's collation and conflict with the database's.
    CREATE TABLE #Link (ModelId int NOT NULL, AuditLinkId bigint NOT NULL PRIMARY KEY, Kind varchar(20) COLLATE DATABASE_DEFAULT NOT NULL, SubjectId bigint NOT NULL,
                        BatchNumber int NULL, FirstRowId bigint NULL, LastRowId bigint NULL, [RowCount] bigint NULL,
                        ContentDigest char(64) COLLATE DATABASE_DEFAULT NOT NULL, PreviousDigest char(64) COLLATE DATABASE_DEFAULT NULL, Digest char(64) COLLATE DATABASE_DEFAULT NOT NULL, ExpectedPrevious char(64) COLLATE DATABASE_DEFAULT NULL,
                        RecomputedDigest char(64) COLLATE DATABASE_DEFAULT NULL, RecomputedContent char(64) COLLATE DATABASE_DEFAULT NULL, RowsFound bigint NULL, BlobSha256 binary(32) NULL,
                        BlobRehashed binary(32) NULL, Purged bit NOT NULL);
    INSERT #Link (ModelId, AuditLinkId, Kind, SubjectId, BatchNumber, FirstRowId, LastRowId, [RowCount], ContentDigest, PreviousDigest, Digest,
                  ExpectedPrevious, RecomputedDigest, RecomputedContent, RowsFound, BlobSha256, BlobRehashed, Purged)
    SELECT l.ModelId, l.AuditLinkId, l.Kind, l.SubjectId, l.BatchNumber, l.FirstRowId, l.LastRowId, l.[RowCount], l.ContentDigest, l.PreviousDigest,
           l.Digest, l.ExpectedPrevious,
           scoring.Private_AuditLinkDigest(l.AuditLinkId, l.ModelId, l.Kind, l.SubjectId, l.SubjectName, l.SubjectTime, l.BatchNumber, l.FirstRowId,
                                           l.LastRowId, l.[RowCount], l.ContentDigest, l.PreviousDigest, l.LinkedAt),
           c.ContentDigest, c.RowsFound, v.BlobSha256, v.BlobRehashed,
           -- A batch whose rows are all gone, inside the run's recorded retention purges: a recorded gap, not a break.
           CASE WHEN l.Kind = 'Batch' AND c.RowsFound = 0
                     AND (SELECT MIN(g.FirstPredictionLogId) FROM scoring.RetentionLog AS g
                          WHERE g.ScoringRunId = l.SubjectId AND g.FirstPredictionLogId <= l.LastRowId AND g.LastPredictionLogId >= l.FirstRowId) <= l.FirstRowId
                     AND (SELECT MAX(g.LastPredictionLogId) FROM scoring.RetentionLog AS g
                          WHERE g.ScoringRunId = l.SubjectId AND g.FirstPredictionLogId <= l.LastRowId AND g.LastPredictionLogId >= l.FirstRowId) >= l.LastRowId
                THEN 1 ELSE 0 END
    FROM (SELECT a.*, ExpectedPrevious = LAG(a.Digest) OVER (PARTITION BY a.ModelId ORDER BY a.AuditLinkId)
          FROM scoring.AuditLink AS a
          WHERE @ModelId IS NULL OR a.ModelId = @ModelId) AS l
    OUTER APPLY scoring.Private_AuditContent(l.ModelId, l.Kind, l.SubjectId, l.SubjectName, l.SubjectTime, l.BatchNumber, l.FirstRowId, l.LastRowId) AS c
    OUTER APPLY (SELECT x.BlobSha256, BlobRehashed = CONVERT(binary(32), HASHBYTES('SHA2_256', x.ModelBlob))
                 FROM scoring.ModelVersion AS x
                 WHERE l.Kind = 'Version' AND x.ModelVersionId = l.SubjectId) AS v
    WHERE @RunId IS NULL OR (l.Kind IN ('RunStarted', 'Batch', 'RunCompleted') AND l.SubjectId = @RunId);

    CREATE TABLE #Break (Sequence int NOT NULL, ModelId int NULL, SortId bigint NOT NULL, BrokenTable nvarchar(128) COLLATE DATABASE_DEFAULT NOT NULL, RunId bigint NULL,
                         BatchNumber int NULL, RowId bigint NULL, LinkId bigint NULL, Expected nvarchar(128) COLLATE DATABASE_DEFAULT NULL, Found nvarchar(128) COLLATE DATABASE_DEFAULT NULL,
                         Problem nvarchar(2000) COLLATE DATABASE_DEFAULT NOT NULL);
    INSERT #Break (Sequence, ModelId, SortId, BrokenTable, RunId, BatchNumber, RowId, LinkId, Expected, Found, Problem)
    SELECT TOP (1) 1, k.ModelId, k.AuditLinkId, p.BrokenTable,
           CASE WHEN k.Kind IN ('RunStarted', 'Batch', 'RunCompleted') THEN k.SubjectId END, k.BatchNumber,
           CASE WHEN k.Kind NOT IN ('Batch', 'Genesis') THEN k.SubjectId END, k.AuditLinkId, p.Expected, p.Found, p.Problem
    FROM #Link AS k
    CROSS APPLY (SELECT TOP (1) q.BrokenTable, q.Expected, q.Found, q.Problem
                 FROM (VALUES
                     (1, CASE WHEN ISNULL(k.PreviousDigest, '') <> ISNULL(k.ExpectedPrevious, '') THEN 1 END, N'AuditLink',
                      CONVERT(nvarchar(128), k.ExpectedPrevious), CONVERT(nvarchar(128), k.PreviousDigest),
                      N'the link does not follow the previous link of the model: a link was deleted, inserted or rewritten'),
                     (2, CASE WHEN ISNULL(k.RecomputedDigest, '') <> k.Digest THEN 1 END, N'AuditLink',
                      CONVERT(nvarchar(128), k.Digest), CONVERT(nvarchar(128), k.RecomputedDigest), N'the link row itself was edited'),
                     (3, CASE WHEN k.Purged = 0 AND ISNULL(k.RecomputedContent, '') <> k.ContentDigest THEN 1 END,
                      CASE k.Kind WHEN 'Batch' THEN N'PredictionLog' WHEN 'Version' THEN N'ModelVersion' WHEN 'Alias' THEN N'ModelAlias'
                                  WHEN 'Genesis' THEN N'AuditChainStart' ELSE N'ScoringRun' END,
                      CONVERT(nvarchar(128), k.ContentDigest), CONVERT(nvarchar(128), k.RecomputedContent),
                      CASE WHEN k.Kind = 'Batch' AND k.RowsFound = k.[RowCount]
                               THEN N'a row of the batch (ids ' + CONVERT(nvarchar(20), k.FirstRowId) + N'-' + CONVERT(nvarchar(20), k.LastRowId) + N') was edited'
                           WHEN k.Kind = 'Batch'
                               THEN N'the batch (ids ' + CONVERT(nvarchar(20), k.FirstRowId) + N'-' + CONVERT(nvarchar(20), k.LastRowId) + N') had '
                                    + CONVERT(nvarchar(20), k.[RowCount]) + N' rows and now has ' + CONVERT(nvarchar(20), k.RowsFound)
                                    + N': a row was deleted or inserted (a purge stopped half-way leaves this too: complete it with scoring.PurgePredictionLog)'
                           WHEN k.RowsFound = 0 THEN N'the row was deleted'
                           WHEN k.RowsFound > 1 THEN N'the alias move matches ' + CONVERT(nvarchar(20), k.RowsFound) + N' row versions: one was inserted'
                           ELSE N'the row was edited' END),
                     (4, CASE WHEN k.Kind = 'Version' AND k.BlobRehashed <> k.BlobSha256 THEN 1 END, N'ModelVersion',
                      LOWER(CONVERT(nvarchar(128), k.BlobSha256, 2)), LOWER(CONVERT(nvarchar(128), k.BlobRehashed, 2)),
                      N'the stored model blob no longer matches its recorded SHA-256')
                 ) AS q (Step, Broken, BrokenTable, Expected, Found, Problem)
                 WHERE q.Broken = 1
                 ORDER BY q.Step) AS p
    ORDER BY k.ModelId, k.AuditLinkId;

    -- 2. Rows written since the chain began that no link covers (inserted, or linked and the link deleted).
    IF NOT EXISTS (SELECT 1 FROM #Break)
        INSERT #Break (Sequence, ModelId, SortId, BrokenTable, RunId, BatchNumber, RowId, LinkId, Expected, Found, Problem)
        SELECT TOP (1) 2, u.ModelId, u.SortId, u.BrokenTable, u.RunId, NULL, u.RowId, NULL, N'a link', NULL, u.Problem
        FROM (SELECT v.ModelId, SortId = v.ModelVersionId, BrokenTable = N'ModelVersion', RunId = CONVERT(bigint, NULL), RowId = CONVERT(bigint, v.ModelVersionId),
                     Problem = N'a version that no link covers (inserted behind the triggers)'
              FROM scoring.ModelVersion AS v
              WHERE @RunId IS NULL AND (@ModelId IS NULL OR v.ModelId = @ModelId) AND v.ModelVersionId > @LastModelVersionId
                AND NOT EXISTS (SELECT 1 FROM scoring.AuditLink AS l WHERE l.Kind = 'Version' AND l.SubjectId = v.ModelVersionId AND l.ModelId = v.ModelId)
              UNION ALL
              SELECT a.ModelId, 0, N'ModelAlias', NULL, NULL,
                     N'an alias move that no link covers (inserted behind the triggers): alias ' + a.AliasName + N' to version id '
                     + CONVERT(nvarchar(20), a.ModelVersionId) + N' at ' + CONVERT(nvarchar(40), a.ValidFrom, 126)
              FROM (SELECT c.ModelId, c.AliasName, c.ModelVersionId, c.ValidFrom FROM scoring.ModelAlias AS c
                    UNION ALL
                    SELECT h.ModelId, h.AliasName, h.ModelVersionId, h.ValidFrom FROM scoring.ModelAliasHistory AS h) AS a
              WHERE @RunId IS NULL AND (@ModelId IS NULL OR a.ModelId = @ModelId) AND a.ValidFrom > @StartedAt
                AND NOT EXISTS (SELECT 1 FROM scoring.AuditLink AS l WHERE l.Kind = 'Alias' AND l.SubjectId = a.ModelVersionId AND l.ModelId = a.ModelId
                                                                      AND l.SubjectName = a.AliasName AND l.SubjectTime = a.ValidFrom)
              UNION ALL
              SELECT r.ModelId, r.ScoringRunId, N'ScoringRun', r.ScoringRunId, r.ScoringRunId, N'a run that no link covers (inserted behind the triggers)'
              FROM scoring.ScoringRun AS r
              WHERE r.ModelId IS NOT NULL AND (@ModelId IS NULL OR r.ModelId = @ModelId) AND (@RunId IS NULL OR r.ScoringRunId = @RunId)
                AND r.ScoringRunId > @LastScoringRunId
                AND NOT EXISTS (SELECT 1 FROM scoring.AuditLink AS l WHERE l.Kind = 'RunStarted' AND l.SubjectId = r.ScoringRunId AND l.ModelId = r.ModelId)
              UNION ALL
              SELECT r.ModelId, r.ScoringRunId, N'ScoringRun', r.ScoringRunId, r.ScoringRunId, N'a completed run whose completion no link covers'
              FROM scoring.ScoringRun AS r
              WHERE r.ModelId IS NOT NULL AND (@ModelId IS NULL OR r.ModelId = @ModelId) AND (@RunId IS NULL OR r.ScoringRunId = @RunId)
                AND r.ScoringRunId > @LastScoringRunId AND r.Status <> 'Running'
                AND NOT EXISTS (SELECT 1 FROM scoring.AuditLink AS l WHERE l.Kind = 'RunCompleted' AND l.SubjectId = r.ScoringRunId AND l.ModelId = r.ModelId)
              UNION ALL
              SELECT r.ModelId, p.PredictionLogId, N'PredictionLog', p.ScoringRunId, p.PredictionLogId,
                     N'a logged prediction that is in no committed batch (inserted behind the triggers)'
              FROM scoring.PredictionLog AS p
              JOIN scoring.ScoringRun AS r ON r.ScoringRunId = p.ScoringRunId
              WHERE (@ModelId IS NULL OR r.ModelId = @ModelId) AND (@RunId IS NULL OR p.ScoringRunId = @RunId) AND p.PredictionLogId > @LastPredictionLogId
                AND NOT EXISTS (SELECT 1 FROM scoring.AuditLink AS l WHERE l.Kind = 'Batch' AND l.SubjectId = p.ScoringRunId
                                                                      AND p.PredictionLogId BETWEEN l.FirstRowId AND l.LastRowId)
              UNION ALL
              SELECT m.ModelId, 0, N'AuditLink', NULL, NULL, N'the model has history from before the chain began but no genesis link'
              FROM scoring.Model AS m
              WHERE @RunId IS NULL AND (@ModelId IS NULL OR m.ModelId = @ModelId)
                AND EXISTS (SELECT 1 FROM scoring.ModelVersion AS v WHERE v.ModelId = m.ModelId AND v.ModelVersionId <= @LastModelVersionId)
                AND NOT EXISTS (SELECT 1 FROM scoring.AuditLink AS l WHERE l.Kind = 'Genesis' AND l.ModelId = m.ModelId)) AS u
        ORDER BY u.ModelId, u.SortId;

    DECLARE @LinksChecked bigint = (SELECT COUNT_BIG(*) FROM #Link);
    DECLARE @RowsChecked bigint = (SELECT ISNULL(SUM(k.RowsFound), 0) FROM #Link AS k WHERE k.Kind = 'Batch');
    DECLARE @Intact bit = CASE WHEN EXISTS (SELECT 1 FROM #Break) THEN 0 ELSE 1 END;

    SELECT Intact = @Intact, b.BrokenTable, Model = m.ModelName, b.RunId, b.BatchNumber, b.RowId, b.LinkId, b.Expected, b.Found, b.Problem,
           LinksChecked = @LinksChecked, PredictionRowsChecked = @RowsChecked
    FROM (SELECT Anchor = 1) AS one
    LEFT JOIN #Break AS b ON 1 = 1
    LEFT JOIN scoring.Model AS m ON m.ModelId = b.ModelId;

    SELECT Model = m.ModelName, Links = COUNT_BIG(l.AuditLinkId),
           HeadDigest = (SELECT TOP (1) h.Digest FROM scoring.AuditLink AS h WHERE h.ModelId = m.ModelId ORDER BY h.AuditLinkId DESC)
    FROM scoring.Model AS m
    LEFT JOIN scoring.AuditLink AS l ON l.ModelId = m.ModelId
    WHERE @ModelId IS NULL OR m.ModelId = @ModelId
    GROUP BY m.ModelId, m.ModelName
    ORDER BY m.ModelId;

    SELECT n.Note
    FROM (SELECT Sequence = 1, SortId = CONVERT(bigint, 0),
                 Note = N'Rows written before the chain began (' + CONVERT(nvarchar(40), @StartedAt, 126) + N': prediction log ids <= '
                        + CONVERT(nvarchar(20), @LastPredictionLogId) + N', versions <= ' + CONVERT(nvarchar(20), @LastModelVersionId)
                        + N', alias moves until then, runs <= ' + CONVERT(nvarchar(20), @LastScoringRunId)
                        + N') are not chained; the append-only triggers still protect them.'
          WHERE @LastPredictionLogId > 0 OR @LastModelVersionId > 0 OR @LastScoringRunId > 0
          UNION ALL
          SELECT 2, k.AuditLinkId,
                 N'Run ' + CONVERT(nvarchar(20), k.SubjectId) + N', batch ' + CONVERT(nvarchar(10), k.BatchNumber) + N': ' + CONVERT(nvarchar(20), k.[RowCount])
                 + N' of ' + CONVERT(nvarchar(20), k.[RowCount]) + N' logged predictions were removed by a recorded retention purge (RetentionLog) - a recorded gap, not a break.'
          FROM #Link AS k
          WHERE k.Purged = 1) AS n
    ORDER BY n.Sequence, n.SortId;

    IF @Intact = 1
    BEGIN
        PRINT N'Audit trail OK: ' + CONVERT(nvarchar(20), @LinksChecked) + N' links and ' + CONVERT(nvarchar(20), @RowsChecked) + N' logged predictions recomputed.';
        RETURN 0;
    END;

    DECLARE @Report nvarchar(4000) = (SELECT TOP (1) N'Audit trail BROKEN at ' + b.BrokenTable + ISNULL(N', model ' + m.ModelName, N'')
                                             + ISNULL(N', run ' + CONVERT(nvarchar(20), b.RunId), N'') + ISNULL(N', batch ' + CONVERT(nvarchar(10), b.BatchNumber), N'')
                                             + ISNULL(N', row ' + CONVERT(nvarchar(20), b.RowId), N'') + ISNULL(N', link ' + CONVERT(nvarchar(20), b.LinkId), N'')
                                             + N': ' + b.Problem + N' (expected ' + ISNULL(b.Expected, N'nothing') + N', found ' + ISNULL(b.Found, N'nothing') + N').'
                                      FROM #Break AS b LEFT JOIN scoring.Model AS m ON m.ModelId = b.ModelId);
    EXEC scoring.Private_PrintText @Text = @Report;
    RETURN 7;
END;
