-- DbScoring version: 0.1.0
-- For auditors: which version every alias pointed to at @AsOf (UTC), who had moved it there and when.
-- Example: SELECT * FROM scoring.AliasesAsOf('2026-03-01T09:00') WHERE ModelName = N'churn';
CREATE OR ALTER FUNCTION scoring.AliasesAsOf (@AsOf datetime2(7))
RETURNS TABLE
AS
RETURN
SELECT m.ModelName, a.AliasName, v.VersionNumber, a.ModelVersionId, v.BlobSha256,
       a.MovedBy, MovedAt = a.ValidFrom, a.MoveReason
FROM scoring.ModelAlias FOR SYSTEM_TIME AS OF @AsOf AS a
JOIN scoring.Model AS m ON m.ModelId = a.ModelId
JOIN scoring.ModelVersion AS v ON v.ModelVersionId = a.ModelVersionId;
