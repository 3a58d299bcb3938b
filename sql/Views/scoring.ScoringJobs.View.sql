-- DbScoring version: 0.1.0
-- DbScoring's scheduled jobs as approved: per job the newest approval (who, when, which version's inputs), the version
-- the job's alias or pin resolves to now, and NeedsApproval = 1 when that version's inputs differ from the approved
-- ones (the job's runs then fail with 50024 until a ScoringAdmin runs scoring.ApproveScoringJob).
CREATE OR ALTER VIEW scoring.ScoringJobs
AS
SELECT a.JobName, a.ModelName, a.AliasName, a.PinnedVersion, a.ApprovedVersion, a.ApprovedInputs, a.ApprovedBy, a.ApprovedAt, a.Reason,
       CurrentVersion = r.VersionNumber, CurrentInputs = s.InputSet,
       NeedsApproval = CONVERT(bit, CASE WHEN s.InputSet IS NULL OR s.InputSet <> a.ApprovedInputs THEN 1 ELSE 0 END),
       Approvals = (SELECT COUNT(*) FROM scoring.ScoringJobApproval AS n WHERE n.JobName = a.JobName)
FROM scoring.ScoringJobApproval AS a
OUTER APPLY scoring.Private_ResolveVersion(a.ModelName, CASE WHEN a.PinnedVersion IS NULL THEN a.AliasName END, a.PinnedVersion) AS r
OUTER APPLY scoring.Private_InputSet(r.ModelVersionId) AS s
WHERE a.ScoringJobApprovalId = (SELECT MAX(l.ScoringJobApprovalId) FROM scoring.ScoringJobApproval AS l WHERE l.JobName = a.JobName);
