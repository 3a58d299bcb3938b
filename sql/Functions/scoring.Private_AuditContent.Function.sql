-- DbScoring version: 0.1.0
-- scoring.Private_AuditContent: the digest of what one audit link covers, recomputed from the rows as they are now
-- (docs/audit.md lists each record's fields). The one place that reads the covered rows: scoring.Private_AppendAuditLink
-- uses it when it writes a link and scoring.VerifyAuditTrail when it checks one, so both hash the same columns in the
-- same order. One row: ContentDigest (NULL when the covered row is gone) and RowsFound (rows read: for a Batch, the
-- run's PredictionLog rows from @FirstRowId to @LastRowId; otherwise 1, or 0 when the row is gone, 2+ when an alias
-- move matches several row versions). Unknown kinds return no row.
CREATE OR ALTER FUNCTION scoring.Private_AuditContent
(
    @ModelId      int,
    @Kind         varchar(20),
    @SubjectId    bigint,
    @SubjectName  nvarchar(100),
    @SubjectTime  datetime2(7),
    @BatchNumber  int,
    @FirstRowId   bigint,
    @LastRowId    bigint
)
RETURNS TABLE
AS
RETURN
    SELECT ContentDigest = CONVERT(char(64), scoring.Private_PredictionBatchDigest(@SubjectId, @BatchNumber, @FirstRowId, @LastRowId, b.RowDigests)),
           RowsFound = b.RowsFound
    FROM (SELECT RowDigests = STRING_AGG(CONVERT(nvarchar(max), scoring.Private_PredictionLogDigest(
                                  p.PredictionLogId, p.ScoringRunId, p.RowKey, p.ModelVersionId, p.BlobSha256, p.InputsSha256, p.Inputs,
                                  p.PredictedClass, p.PredictedLabel, p.Score, p.Probability, p.PredictedAt, p.Explanation,
                                  p.Role, p.Arm, p.Status, p.Reason)), N'') WITHIN GROUP (ORDER BY p.PredictionLogId),
                 RowsFound = COUNT_BIG(*)
          FROM scoring.PredictionLog AS p
          WHERE p.ScoringRunId = @SubjectId AND p.PredictionLogId BETWEEN @FirstRowId AND @LastRowId) AS b
    WHERE @Kind = 'Batch'
    UNION ALL
    SELECT CONVERT(char(64), MIN(scoring.Private_ModelVersionDigest(
               v.ModelVersionId, v.ModelId, v.VersionNumber, v.BlobSha256, v.BlobBytes, v.ContentHash, v.FormatVersion, v.PredictionKind,
               v.Algorithm, v.InputSchema, v.InputSignature, v.OutputSchema, v.Metadata, v.ModelDescription, v.ParityGate, v.Metrics,
               v.SourceArtifactName, v.SourceArtifactSha256, v.Notes, v.RegisteredBy, v.RegisteredAt))),
           COUNT_BIG(*)
    FROM scoring.ModelVersion AS v
    WHERE @Kind = 'Version' AND v.ModelVersionId = @SubjectId AND v.ModelId = @ModelId
    HAVING @Kind = 'Version'
    UNION ALL
    SELECT CASE WHEN COUNT_BIG(*) = 1 THEN CONVERT(char(64), MIN(scoring.Private_AliasMoveDigest(a.ModelId, a.AliasName, a.ModelVersionId, a.MovedBy, a.MoveReason, a.ValidFrom))) END,
           COUNT_BIG(*)
    FROM (SELECT c.ModelId, c.AliasName, c.ModelVersionId, c.MovedBy, c.MoveReason, c.ValidFrom FROM scoring.ModelAlias AS c
          UNION ALL
          SELECT h.ModelId, h.AliasName, h.ModelVersionId, h.MovedBy, h.MoveReason, h.ValidFrom FROM scoring.ModelAliasHistory AS h) AS a
    WHERE @Kind = 'Alias' AND a.ModelId = @ModelId AND a.AliasName = @SubjectName AND a.ValidFrom = @SubjectTime AND a.ModelVersionId = @SubjectId
    HAVING @Kind = 'Alias'
    UNION ALL
    SELECT CONVERT(char(64), MIN(scoring.Private_RunStartDigest(
               r.ScoringRunId, r.ProcedureName, r.ModelId, r.ModelVersionId, r.AliasName, r.BlobSha256, r.SourceName, r.TargetName,
               r.KeyColumns, r.Command, r.StartedAt, r.LoginName, r.UserName, r.ApplicationName, r.HostName, r.SessionId))),
           COUNT_BIG(*)
    FROM scoring.ScoringRun AS r
    WHERE @Kind = 'RunStarted' AND r.ScoringRunId = @SubjectId AND r.ModelId = @ModelId
    HAVING @Kind = 'RunStarted'
    UNION ALL
    SELECT CONVERT(char(64), MIN(scoring.Private_RunEndDigest(
               r.ScoringRunId, r.Status, r.EndedAt, r.RowsScored, r.RowsSkipped, r.BatchCount, r.DurationMs, r.RowsPerSecond, r.ErrorNumber,
               r.ErrorMessage, r.AbandonedBy, r.RowsByFallback, r.RowsRefused, r.DriftLevel, r.DriftInputs))),
           COUNT_BIG(*)
    FROM scoring.ScoringRun AS r
    WHERE @Kind = 'RunCompleted' AND r.ScoringRunId = @SubjectId AND r.ModelId = @ModelId
    HAVING @Kind = 'RunCompleted'
    UNION ALL
    SELECT CONVERT(char(64), MIN(scoring.Private_AuditChainStartDigest(s.StartedAt, s.LastPredictionLogId, s.LastModelVersionId, s.LastScoringRunId))),
           COUNT_BIG(*)
    FROM scoring.AuditChainStart AS s
    WHERE @Kind = 'Genesis' AND s.AuditChainStartId = @SubjectId
    HAVING @Kind = 'Genesis';
