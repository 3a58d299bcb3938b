-- DbScoring version: 0.1.0
-- Champion against challenger, row by row: every row of a ScoreTable run with @Shadow that both the primary (its own
-- version, not a fallback) and the shadow scored, side by side (docs/monitoring.md, "Shadow"). scoring.ShadowComparison
-- summarises it per run; the store's CompareShadow reads it and computes the same summary as the embedded store.
-- Example: SELECT * FROM scoring.ShadowPredictions WHERE ScoringRunId = 14 AND PrimaryLabel <> ShadowLabel;
CREATE OR ALTER VIEW scoring.ShadowPredictions
AS
SELECT p.ScoringRunId, m.ModelName, PrimaryVersion = pv.VersionNumber, ShadowVersion = sv.VersionNumber, p.RowKey,
       PrimaryLabel = p.PredictedLabel, PrimaryScore = p.Score, ShadowLabel = s.PredictedLabel, ShadowScore = s.Score,
       PrimaryVersionId = p.ModelVersionId, ShadowVersionId = s.ModelVersionId, PrimaryLogId = p.PredictionLogId
FROM scoring.PredictionLog AS p
JOIN scoring.PredictionLog AS s
  ON s.ScoringRunId = p.ScoringRunId AND s.RowKey = p.RowKey AND s.RowKey COLLATE Latin1_General_100_BIN2 = p.RowKey COLLATE Latin1_General_100_BIN2 AND s.Role = 'Shadow' AND s.Status = 'Scored'
JOIN scoring.ModelVersion AS pv ON pv.ModelVersionId = p.ModelVersionId
JOIN scoring.ModelVersion AS sv ON sv.ModelVersionId = s.ModelVersionId
JOIN scoring.Model AS m ON m.ModelId = pv.ModelId
WHERE p.Role = 'Primary' AND p.Status = 'Scored';
