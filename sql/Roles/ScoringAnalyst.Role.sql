-- DbScoring version: 0.1.0
-- Role ScoringAnalyst: scores tables (scoring.ScoreTable) and queries the generated scoring.Predict_* functions; no table rights.
CREATE ROLE ScoringAnalyst AUTHORIZATION dbo;
