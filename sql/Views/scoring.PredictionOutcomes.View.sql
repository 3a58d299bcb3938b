-- DbScoring version: 0.1.0
-- Every model version's latest logged prediction of a row key that has an outcome, beside the key's latest outcome
-- (a correction is a new scoring.Outcome row; the newest wins): the rows realised performance is computed from
-- (scoring.RealisedPerformance; the store API computes the same metrics, with the calibration table, from these rows).
-- One definition: scoring.PredictionOutcomesOf applied to every model (query that function for one model: it reads only
-- that model's prediction rows). Refused rows are left out; see the function for the rules.
CREATE OR ALTER VIEW scoring.PredictionOutcomes
AS
SELECT po.ModelName, po.VersionNumber, po.PredictionKind, po.RowKey, po.ScoringRunId, po.PredictedAt, po.PredictedLabel, po.Score,
       po.Probability, po.Actual, po.ObservedAt
FROM scoring.Model AS m
CROSS APPLY scoring.PredictionOutcomesOf(m.ModelName) AS po;
