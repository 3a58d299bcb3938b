-- DbScoring version: 0.1.0
-- The stored drift counts of every scoring run, per batch and model input or profile output (IsOutput: Score,
-- Probability, PredictedLabel): rows per profile bucket (Buckets, a JSON array in the profile's bucket order) and the
-- numbers below/above the profile's range, with the run's model and version. A run's drift is the sum of its batches;
-- scoring.RunDrift has the PSI computed from them. Tools that draw a run against the profile read these counts.
CREATE OR ALTER VIEW scoring.RunDriftCounts
AS
SELECT c.ScoringRunId, c.BatchNumber, m.ModelName, v.VersionNumber, c.IsOutput, c.Name, c.Buckets, c.BelowRange, c.AboveRange
FROM scoring.ScoringRunDriftCounts AS c
JOIN scoring.ScoringRun AS r ON r.ScoringRunId = c.ScoringRunId
LEFT JOIN scoring.ModelVersion AS v ON v.ModelVersionId = r.ModelVersionId
LEFT JOIN scoring.Model AS m ON m.ModelId = v.ModelId;
