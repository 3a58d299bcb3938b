-- DbScoring version: 0.1.0
-- One prediction log row as the text line that scoring.RetentionLog.Digest hashes: the SHA-256 of the lines of the
-- removed rows in PredictionLogId order, joined with LF, as UTF-16LE (nvarchar). Fields joined with '|', NULL as
-- empty: PredictionLogId, ScoringRunId, RowKey, ModelVersionId, BlobSha256 and InputsSha256 (hex), PredictedClass,
-- PredictedLabel, Score and Probability (the 4 IEEE-754 bytes in hex, so no rounding), PredictedAt (ISO 8601).
-- Used by scoring.PurgePredictionLog to record a purge and by the PredictionLog trigger to check it; an auditor
-- holding a copy of the removed rows can recompute the digest the same way.
CREATE OR ALTER FUNCTION scoring.Private_PredictionLogLine
(
    @PredictionLogId bigint, @ScoringRunId bigint, @RowKey nvarchar(450), @ModelVersionId int, @BlobSha256 binary(32),
    @InputsSha256 binary(32), @PredictedClass int, @PredictedLabel nvarchar(400), @Score real, @Probability real,
    @PredictedAt datetime2(3)
)
RETURNS TABLE
AS
RETURN
SELECT Line = CONVERT(nvarchar(max), CONCAT(@PredictionLogId, N'|', @ScoringRunId, N'|', @RowKey, N'|', @ModelVersionId, N'|',
                  CONVERT(nvarchar(64), @BlobSha256, 2), N'|', CONVERT(nvarchar(64), @InputsSha256, 2), N'|', @PredictedClass, N'|',
                  @PredictedLabel, N'|', CONVERT(nvarchar(8), CONVERT(binary(4), @Score), 2), N'|',
                  CONVERT(nvarchar(8), CONVERT(binary(4), @Probability), 2), N'|', CONVERT(nvarchar(30), @PredictedAt, 126)));
