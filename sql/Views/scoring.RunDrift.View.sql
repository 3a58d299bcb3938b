-- DbScoring version: 0.1.0
-- The drift of every scoring run against the training profile of the version it scored with, per model input and
-- output (IsOutput: Score, Probability, PredictedLabel): rows compared, PSI, its level, the missing, unseen and
-- out-of-range shares, beside the run's own level and the names that caused it. docs/monitoring.md says what each
-- number means and what to do when it alarms. Runs of versions without a profile have no rows here.
-- Example: SELECT Name, Psi, DriftLevel FROM scoring.RunDrift WHERE ScoringRunId = 42 ORDER BY Psi DESC;
CREATE OR ALTER VIEW scoring.RunDrift
AS
SELECT d.ScoringRunId, r.StartedAt, m.ModelName, v.VersionNumber, d.IsOutput, d.Name, d.RowsScored, d.Psi, d.DriftLevel,
       d.MissingShare, d.UnseenShare, d.OutOfRangeShare, RunDriftLevel = r.DriftLevel, RunDriftInputs = r.DriftInputs
FROM scoring.ScoringRunDrift AS d
JOIN scoring.ScoringRun AS r ON r.ScoringRunId = d.ScoringRunId
LEFT JOIN scoring.ModelVersion AS v ON v.ModelVersionId = r.ModelVersionId
LEFT JOIN scoring.Model AS m ON m.ModelId = v.ModelId;
