-- DbScoring version: 0.1.0
-- Every alias move ever made: which version, who moved it, when it became current (MovedAt) and until when it
-- stayed current (ValidTo; 9999-12-31 for the current position).
CREATE OR ALTER VIEW scoring.AliasHistory
AS
SELECT m.ModelName, a.AliasName, v.VersionNumber, a.ModelVersionId, a.MovedBy, MovedAt = a.ValidFrom, a.ValidTo,
       a.MoveReason, IsCurrent = CASE WHEN a.ValidTo = CONVERT(datetime2(7), '9999-12-31T23:59:59.9999999') THEN 1 ELSE 0 END
FROM scoring.ModelAlias FOR SYSTEM_TIME ALL AS a
JOIN scoring.Model AS m ON m.ModelId = a.ModelId
JOIN scoring.ModelVersion AS v ON v.ModelVersionId = a.ModelVersionId;
