-- DbScoring version: 0.1.0
-- The rows a ScoreTable run could not score and recorded as Refused (no fallback, or the fallback could not score them
-- either), with the reason: the input and value, or the model's error on the row (docs/monitoring.md, "Fallback").
-- A reason quotes a source value, so a caller sees the refused rows of the runs whose messages scoring.Runs shows them:
-- their own runs, or every run for auditors, admins and db_owner. The next run of the same target tries these rows again.
-- Example: SELECT TOP (10) * FROM scoring.RefusedRows WHERE ScoringRunId = 14 ORDER BY PredictionLogId;
CREATE OR ALTER VIEW scoring.RefusedRows
AS
SELECT p.ScoringRunId, p.PredictionLogId, p.RowKey, p.ModelVersionId, Reason = ISNULL(p.Reason, N'')
FROM scoring.PredictionLog AS p
JOIN scoring.ScoringRun AS r ON r.ScoringRunId = p.ScoringRunId
WHERE p.Role = 'Primary' AND p.Status = 'Refused'
  AND (r.UserName = USER_NAME() OR IS_MEMBER(N'ScoringAuditor') = 1 OR IS_MEMBER(N'ScoringAdmin') = 1 OR IS_MEMBER(N'db_owner') = 1);
