-- DbScoring version: 0.1.0
-- Scoring runs with model name and version number: status, timings, counts, rows/s, drift, error, who and the call.
-- Status: Running, Succeeded, Failed, or Abandoned (its session ended; AbandonedBy = who noticed it, EndedAt = when).
-- RowsScored (by the run's version, or its split arm), RowsByFallback, RowsRefused; DriftLevel None/Warning/Alert and
-- DriftInputs (scoring.RunDrift has the PSI per input); NULL drift = no training profile in the version.
-- Command (the exact call, with its source, target and column names) is shown only for the caller's own runs and to
-- ScoringAuditor, ScoringAdmin and db_owner; for other users' runs it is NULL (analysts see that a run happened,
-- not what someone else asked for).
CREATE OR ALTER VIEW scoring.Runs
AS
SELECT r.ScoringRunId, r.ProcedureName, m.ModelName, v.VersionNumber, r.ModelVersionId, r.AliasName, r.BlobSha256,
       r.SourceName, r.TargetName, r.KeyColumns, r.Status, r.AbandonedBy, r.StartedAt, r.EndedAt, r.DurationMs, r.RowsScored,
       r.RowsByFallback, r.RowsRefused, r.RowsSkipped, r.BatchCount, r.DriftLevel, r.DriftInputs, r.RowsPerSecond,
       r.ErrorNumber, r.ErrorMessage, r.LoginName, r.UserName, r.ApplicationName, r.HostName, r.SessionId,
       Command = CASE WHEN r.UserName = USER_NAME() OR IS_MEMBER(N'ScoringAuditor') = 1 OR IS_MEMBER(N'ScoringAdmin') = 1
                           OR IS_MEMBER(N'db_owner') = 1 THEN r.Command END
FROM scoring.ScoringRun AS r
LEFT JOIN scoring.ModelVersion AS v ON v.ModelVersionId = r.ModelVersionId
LEFT JOIN scoring.Model AS m ON m.ModelId = v.ModelId;
