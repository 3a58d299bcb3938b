-- DbScoring version: 0.1.0
-- Every retention purge (scoring.PurgePredictionLog call): who, when, which models and runs, how many prediction
-- rows were removed in how many batches. Each batch's digest is in scoring.RetentionLog.
CREATE OR ALTER VIEW scoring.Purges
AS
SELECT l.PurgeId, PurgedBy = MIN(l.PurgedBy), StartedAt = MIN(l.PurgedAt), EndedAt = MAX(l.PurgedAt),
       Models = (SELECT STRING_AGG(CONVERT(nvarchar(max), x.ModelName), N', ') WITHIN GROUP (ORDER BY x.ModelName)
                 FROM (SELECT DISTINCT m.ModelName FROM scoring.RetentionLog AS r JOIN scoring.Model AS m ON m.ModelId = r.ModelId
                       WHERE r.PurgeId = l.PurgeId) AS x),
       Runs = (SELECT STRING_AGG(CONVERT(nvarchar(max), CONVERT(nvarchar(20), x.ScoringRunId)), N',') WITHIN GROUP (ORDER BY x.ScoringRunId)
               FROM (SELECT DISTINCT r.ScoringRunId FROM scoring.RetentionLog AS r WHERE r.PurgeId = l.PurgeId) AS x),
       RunCount = COUNT(DISTINCT l.ScoringRunId), RowsRemoved = SUM(l.RowsRemoved), Batches = COUNT(*)
FROM scoring.RetentionLog AS l
GROUP BY l.PurgeId;
