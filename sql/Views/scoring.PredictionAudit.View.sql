-- DbScoring version: 0.1.0
-- For auditors: every logged prediction with its model, version, blob hash, the run and who ran it, the inputs
-- as sent (InputsJson: values in model input order; InputSchema names them), the outputs, and the reason codes
-- (Explanation, JSON) when the run used @Explain; Role, Arm, Status and Reason (shadow, split, fallback, refusal;
-- NULL Role/Status on rows logged before per-row status read as Primary/Scored).
-- Example: SELECT * FROM scoring.PredictionAudit WHERE RowKey = N'42' ORDER BY PredictedAt;
CREATE OR ALTER VIEW scoring.PredictionAudit
AS
SELECT p.PredictionLogId, p.RowKey, p.PredictedAt, m.ModelName, v.VersionNumber, p.ModelVersionId, p.BlobSha256,
       p.PredictedLabel, p.Score, p.Probability, p.PredictedClass, p.InputsSha256,
       InputsJson = scoring.Private_UnpackInputs(p.Inputs), v.InputSchema,
       p.ScoringRunId, r.LoginName, r.AliasName, r.SourceName, r.TargetName, p.Explanation,
       Role = ISNULL(p.Role, 'Primary'), p.Arm, Status = ISNULL(p.Status, 'Scored'), p.Reason
FROM scoring.PredictionLog AS p
JOIN scoring.ModelVersion AS v ON v.ModelVersionId = p.ModelVersionId
JOIN scoring.Model AS m ON m.ModelId = v.ModelId
JOIN scoring.ScoringRun AS r ON r.ScoringRunId = p.ScoringRunId;
