-- DbScoring version: 0.1.0
-- Role ScoringPublisher: registers versions, moves aliases, rolls back, generates prediction functions, exports blobs,
-- scores with scoring.ScoreTable; querying the generated Predict_* functions needs ScoringAnalyst as well.
CREATE ROLE ScoringPublisher AUTHORIZATION dbo;
