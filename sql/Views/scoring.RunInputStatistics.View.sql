-- DbScoring version: 0.1.0
-- Per scoring run and model input: rows scored, missing values (NULL, and empty text for text inputs), unseen
-- categories, numbers below/above the training range, with their shares (the names of the embedded store). A share
-- that grows from run to run is a sign of drift; scoring.RunDrift compares the whole distribution with the profile.
CREATE OR ALTER VIEW scoring.RunInputStatistics
AS
SELECT s.ScoringRunId, r.StartedAt, m.ModelName, v.VersionNumber, s.InputIndex, s.InputName,
       RowsScored = SUM(s.RowsScored), MissingValues = SUM(s.MissingValues), UnseenCategories = SUM(s.UnseenCategories),
       BelowRange = SUM(s.BelowRange), AboveRange = SUM(s.AboveRange),
       MissingShare = CONVERT(decimal(9, 6), SUM(s.MissingValues) * 1.0 / NULLIF(SUM(s.RowsScored), 0)),
       UnseenShare = CONVERT(decimal(9, 6), SUM(s.UnseenCategories) * 1.0 / NULLIF(SUM(s.RowsScored), 0)),
       OutOfRangeShare = CONVERT(decimal(9, 6), (SUM(s.BelowRange) + SUM(s.AboveRange)) * 1.0 / NULLIF(SUM(s.RowsScored), 0))
FROM scoring.ScoringRunInputStats AS s
JOIN scoring.ScoringRun AS r ON r.ScoringRunId = s.ScoringRunId
LEFT JOIN scoring.ModelVersion AS v ON v.ModelVersionId = r.ModelVersionId
LEFT JOIN scoring.Model AS m ON m.ModelId = v.ModelId
GROUP BY s.ScoringRunId, r.StartedAt, m.ModelName, v.VersionNumber, s.InputIndex, s.InputName;
