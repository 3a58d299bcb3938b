-- DbScoring version: 0.1.0
-- Every batch of prediction rows a retention purge removed (scoring.RetentionLog) with the model's name: purge,
-- run, batch, policy and cutoff, rows, first/last PredictionLogId, digest, who, when.
CREATE OR ALTER VIEW scoring.PurgedBatches
AS
SELECT l.RetentionLogId, l.PurgeId, m.ModelName, l.ScoringRunId, l.BatchNumber, l.KeepDays, l.Cutoff, l.RowsRemoved,
       l.FirstPredictionLogId, l.LastPredictionLogId, l.Digest, l.PurgedBy, l.PurgedAt
FROM scoring.RetentionLog AS l
JOIN scoring.Model AS m ON m.ModelId = l.ModelId;
