-- DbScoring version: 0.1.0
-- Role ScoringAuditor: reads the registry, alias history, runs and prediction log; writes nothing.
CREATE ROLE ScoringAuditor AUTHORIZATION dbo;
