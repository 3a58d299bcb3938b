-- DbScoring version: 0.1.0
-- Role ScoringAdmin: everything in schema scoring, including Agent jobs (with msdb SQLAgentUserRole).
CREATE ROLE ScoringAdmin AUTHORIZATION dbo;
