-- DbScoring version: 0.1.0
-- Per scoring run and model input: rows, missing values, unseen categories, values below/above the training
-- range, with their shares. A share that grows from run to run is a sign of drift.
CREATE OR ALTER VIEW scoring.RunInputStatistics
AS
SELECT s.ScoringRunId, r.StartTime, m.ModelName, v.VersionNumber, s.InputIndex, s.InputName,
       RowsSeen = SUM(s.RowsSeen), Missing = SUM(s.Missing), UnseenCategory = SUM(s.UnseenCategory),
       BelowTrainingMin = SUM(s.BelowTrainingMin), AboveTrainingMax = SUM(s.AboveTrainingMax),
       MissingShare = CONVERT(decimal(9, 6), SUM(s.Missing) * 1.0 / NULLIF(SUM(s.RowsSeen), 0)),
       UnseenShare = CONVERT(decimal(9, 6), SUM(s.UnseenCategory) * 1.0 / NULLIF(SUM(s.RowsSeen), 0)),
       OutOfRangeShare = CONVERT(decimal(9, 6), (SUM(s.BelowTrainingMin) + SUM(s.AboveTrainingMax)) * 1.0 / NULLIF(SUM(s.RowsSeen), 0))
FROM scoring.ScoringRunInputStats AS s
JOIN scoring.ScoringRun AS r ON r.ScoringRunId = s.ScoringRunId
LEFT JOIN scoring.ModelVersion AS v ON v.ModelVersionId = r.ModelVersionId
LEFT JOIN scoring.Model AS m ON m.ModelId = v.ModelId
GROUP BY s.ScoringRunId, r.StartTime, m.ModelName, v.VersionNumber, s.InputIndex, s.InputName;
