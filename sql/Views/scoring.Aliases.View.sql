-- DbScoring version: 0.1.0
-- Where every alias points now (model, alias, version), for every role that scores: the analyst's way to see what
-- production means without reading the alias history (who moved it, when and why: scoring.AliasHistory).
CREATE OR ALTER VIEW scoring.Aliases
AS
SELECT m.ModelName, a.AliasName, v.VersionNumber, a.ModelVersionId
FROM scoring.ModelAlias AS a
JOIN scoring.Model AS m ON m.ModelId = a.ModelId
JOIN scoring.ModelVersion AS v ON v.ModelVersionId = a.ModelVersionId;
