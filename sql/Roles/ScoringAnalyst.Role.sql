-- DbScoring version: 0.1.0
-- Role ScoringAnalyst: scores tables (scoring.ScoreTable, with SELECT on its source and INSERT on its target granted
-- separately) and queries the generated scoring.Predict_* functions; reads Models, ModelVersions, Aliases, Runs,
-- RunInputStatistics; no right on any DbScoring table and no model blob. Never give it ALTER on dbo (docs/operations.md).
CREATE ROLE ScoringAnalyst AUTHORIZATION dbo;
