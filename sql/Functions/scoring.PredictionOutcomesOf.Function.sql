-- DbScoring version: 0.1.0
-- scoring.PredictionOutcomes for one model: every version's latest logged prediction of a row key that has an outcome,
-- beside the key's latest outcome. The model is applied before the "latest" numbering, so a query for one model reads
-- only its versions' rows (index IX_PredictionLog_VersionKey) instead of numbering the whole prediction log.
-- A key scored several times by one version counts once, with its latest prediction; a key scored by two versions
-- counts for each. Refused rows (no prediction) are left out, as in the embedded store; a row scored by the fallback
-- counts for the fallback's version, a shadow prediction for the shadow's version. Row keys are matched and numbered
-- binary (as the embedded store and ScoreTable's source keys do): in a case-insensitive database 'abc' and 'ABC' stay two
-- keys. The plain equality beside the binary one keeps the key indexes usable.
-- Example: SELECT * FROM scoring.PredictionOutcomesOf(N'churn') WHERE VersionNumber = 3;
CREATE OR ALTER FUNCTION scoring.PredictionOutcomesOf (@Model nvarchar(100))
RETURNS TABLE
AS
RETURN
WITH Versions AS
(
    SELECT m.ModelId, m.ModelName, v.ModelVersionId, v.VersionNumber, v.PredictionKind
    FROM scoring.Model AS m
    JOIN scoring.ModelVersion AS v ON v.ModelId = m.ModelId
    WHERE m.ModelName = @Model
),
LatestOutcome AS
(
    SELECT o.RowKey, o.Actual, o.ObservedAt,
           Newest = ROW_NUMBER() OVER (PARTITION BY o.RowKey COLLATE Latin1_General_100_BIN2 ORDER BY o.OutcomeId DESC)
    FROM scoring.Outcome AS o
    WHERE o.ModelId = (SELECT m.ModelId FROM scoring.Model AS m WHERE m.ModelName = @Model)
),
LatestPrediction AS
(
    SELECT p.ModelVersionId, p.RowKey, p.ScoringRunId, p.PredictedAt, p.PredictedLabel, p.Score, p.Probability,
           Newest = ROW_NUMBER() OVER (PARTITION BY p.ModelVersionId, p.RowKey COLLATE Latin1_General_100_BIN2 ORDER BY p.PredictionLogId DESC)
    FROM scoring.PredictionLog AS p
    WHERE p.ModelVersionId IN (SELECT x.ModelVersionId FROM Versions AS x) AND ISNULL(p.Status, 'Scored') <> 'Refused'
)
SELECT x.ModelName, x.VersionNumber, x.PredictionKind, p.RowKey, p.ScoringRunId, p.PredictedAt, p.PredictedLabel, p.Score,
       p.Probability, o.Actual, o.ObservedAt
FROM LatestPrediction AS p
JOIN Versions AS x ON x.ModelVersionId = p.ModelVersionId
JOIN LatestOutcome AS o ON o.RowKey = p.RowKey AND o.RowKey COLLATE Latin1_General_100_BIN2 = p.RowKey COLLATE Latin1_General_100_BIN2 AND o.Newest = 1
WHERE p.Newest = 1;
