-- DbScoring version: 0.1.0
-- Scoring runs with model name and version number: status, timings, counts, rows/s, drift, error, who and the call.
-- Status: Running, Succeeded, Failed, or Abandoned (its session ended; AbandonedBy = who noticed it, EndedAt = when).
-- RowsScored (by the run's version, or its split arm), RowsByFallback, RowsRefused; DriftLevel None/Warning/Alert and
-- DriftInputs (scoring.RunDrift has the PSI per input); NULL drift = no training profile in the version.
-- Command (the exact call, with its input map and options) and ErrorMessage (which can quote row values: a duplicate
-- key, a long key, a value that failed to convert) are shown only for the caller's own runs and to ScoringAuditor,
-- ScoringAdmin and db_owner; for other users' runs they are NULL (analysts see that a run happened, on which objects,
-- and its outcome and error number, not what someone else asked for nor the data in their error).
CREATE OR ALTER VIEW scoring.Runs
AS
SELECT r.ScoringRunId, r.ProcedureName, m.ModelName, v.VersionNumber, r.ModelVersionId, r.AliasName, r.BlobSha256,
       r.SourceName, r.TargetName, r.KeyColumns, r.Status, r.AbandonedBy, r.StartedAt, r.EndedAt, r.DurationMs, r.RowsScored,
       r.RowsByFallback, r.RowsRefused, r.RowsSkipped, r.BatchCount, r.DriftLevel, r.DriftInputs, r.RowsPerSecond,
       r.ErrorNumber, ErrorMessage = CASE WHEN c.MayRead = 1 THEN r.ErrorMessage END, r.LoginName, r.UserName, r.ApplicationName,
       r.HostName, r.SessionId, Command = CASE WHEN c.MayRead = 1 THEN r.Command END
FROM scoring.ScoringRun AS r
CROSS APPLY (SELECT MayRead = CASE WHEN r.UserName = USER_NAME() OR IS_MEMBER(N'ScoringAuditor') = 1 OR IS_MEMBER(N'ScoringAdmin') = 1
                                        OR IS_MEMBER(N'db_owner') = 1 THEN 1 ELSE 0 END) AS c
LEFT JOIN scoring.ModelVersion AS v ON v.ModelVersionId = r.ModelVersionId
LEFT JOIN scoring.Model AS m ON m.ModelId = v.ModelId;
