-- DbScoring version: 0.1.0
-- Role ScoringAuditor: reads the registry, alias history, runs, prediction log and retention records; writes nothing.
CREATE ROLE ScoringAuditor AUTHORIZATION dbo;
