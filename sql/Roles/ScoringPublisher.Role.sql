-- DbScoring version: 0.1.0
-- Role ScoringPublisher: registers versions, moves aliases, rolls back, generates prediction functions (and everything an analyst can).
CREATE ROLE ScoringPublisher AUTHORIZATION dbo;
