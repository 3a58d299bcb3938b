-- DbScoring version: 0.1.0
-- Schema scoring: every DbScoring object lives here. Owned by dbo so that procedures reach tables by
-- ownership chaining and callers need no table rights.
CREATE SCHEMA scoring AUTHORIZATION dbo;
