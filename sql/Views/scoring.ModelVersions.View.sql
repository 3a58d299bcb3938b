-- DbScoring version: 0.1.0
-- Every registered version without its blob: hashes, format, kind, algorithm, schemas, parity gate, source.
CREATE OR ALTER VIEW scoring.ModelVersions
AS
SELECT m.ModelName, v.VersionNumber, v.ModelVersionId, v.BlobBytes, v.BlobSha256, v.ContentHash, v.FormatVersion,
       v.PredictionKind,
       PredictionKindName = CASE v.PredictionKind WHEN 1 THEN N'BinaryClassification' WHEN 2 THEN N'Regression'
                                                  WHEN 3 THEN N'MulticlassClassification' END,
       v.Algorithm, v.InputSchema, v.OutputSchema, v.Metadata, v.ParityGate, v.Metrics,
       v.SourceArtifactName, v.SourceArtifactSha256, v.Notes, v.RegisteredBy, v.RegisteredAt
FROM scoring.ModelVersion AS v
JOIN scoring.Model AS m ON m.ModelId = v.ModelId;
