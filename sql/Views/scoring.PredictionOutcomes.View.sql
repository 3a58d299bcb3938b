-- DbScoring version: 0.1.0
-- Every model version's latest logged prediction of a row key that has an outcome, beside the key's latest outcome
-- (a correction is a new scoring.Outcome row; the newest wins): the rows realised performance is computed from
-- (scoring.RealisedPerformance; the store API computes the same metrics, with the calibration table, from these rows).
-- A key scored several times by one version counts once, with its latest prediction; a key scored by two versions
-- counts for each. Refused rows (no prediction) are left out, as in the embedded store; a row scored by the fallback
-- counts for the fallback's version, a shadow prediction for the shadow's version.
CREATE OR ALTER VIEW scoring.PredictionOutcomes
AS
WITH LatestOutcome AS
(
    SELECT o.ModelId, o.RowKey, o.Actual, o.ObservedAt,
           Newest = ROW_NUMBER() OVER (PARTITION BY o.ModelId, o.RowKey ORDER BY o.OutcomeId DESC)
    FROM scoring.Outcome AS o
),
LatestPrediction AS
(
    SELECT p.ModelVersionId, p.RowKey, p.ScoringRunId, p.PredictedAt, p.PredictedLabel, p.Score, p.Probability,
           Newest = ROW_NUMBER() OVER (PARTITION BY p.ModelVersionId, p.RowKey ORDER BY p.PredictionLogId DESC)
    FROM scoring.PredictionLog AS p
    WHERE ISNULL(p.Status, 'Scored') <> 'Refused'
)
SELECT m.ModelName, v.VersionNumber, v.PredictionKind, p.RowKey, p.ScoringRunId, p.PredictedAt, p.PredictedLabel, p.Score,
       p.Probability, o.Actual, o.ObservedAt
FROM LatestPrediction AS p
JOIN scoring.ModelVersion AS v ON v.ModelVersionId = p.ModelVersionId
JOIN scoring.Model AS m ON m.ModelId = v.ModelId
JOIN LatestOutcome AS o ON o.ModelId = v.ModelId AND o.RowKey = p.RowKey AND o.Newest = 1
WHERE p.Newest = 1;
