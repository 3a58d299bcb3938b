-- DbScoring version: 0.1.0
-- Every model's retention policy now: KeepDays NULL = keep everything (also for a model that never had one),
-- Cutoff = runs that ended before it may be purged, and who set the policy, when and why.
CREATE OR ALTER VIEW scoring.RetentionPolicies
AS
SELECT m.ModelId, m.ModelName, p.KeepDays, KeepsEverything = CASE WHEN p.KeepDays IS NULL THEN 1 ELSE 0 END,
       Cutoff = CASE WHEN p.KeepDays IS NOT NULL THEN DATEADD(day, -p.KeepDays, CONVERT(datetime2(3), SYSUTCDATETIME())) END,
       p.SetBy, p.SetAt, p.Reason
FROM scoring.Model AS m
OUTER APPLY (SELECT TOP (1) r.KeepDays, r.SetBy, r.SetAt, r.Reason
             FROM scoring.RetentionPolicy AS r
             WHERE r.ModelId = m.ModelId
             ORDER BY r.RetentionPolicyId DESC) AS p;
