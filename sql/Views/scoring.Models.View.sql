-- DbScoring version: 0.1.0
-- Every model with its newest version and where each alias points now.
CREATE OR ALTER VIEW scoring.Models
AS
SELECT m.ModelId, m.ModelName, m.CreatedBy, m.CreatedAt,
       LatestVersion = (SELECT MAX(v.VersionNumber) FROM scoring.ModelVersion AS v WHERE v.ModelId = m.ModelId),
       VersionCount = (SELECT COUNT(*) FROM scoring.ModelVersion AS v WHERE v.ModelId = m.ModelId),
       Aliases = (SELECT STRING_AGG(CONVERT(nvarchar(max), a.AliasName + N'=' + CONVERT(nvarchar(10), v.VersionNumber)), N', ')
                         WITHIN GROUP (ORDER BY a.AliasName)
                  FROM scoring.ModelAlias AS a
                  JOIN scoring.ModelVersion AS v ON v.ModelVersionId = a.ModelVersionId
                  WHERE a.ModelId = m.ModelId)
FROM scoring.Model AS m;
