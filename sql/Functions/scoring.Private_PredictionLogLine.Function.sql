-- DbScoring version: 0.1.0
-- One prediction log row as the text line that scoring.RetentionLog.Digest hashes: the SHA-256 of the lines of the
-- removed rows in PredictionLogId order, joined with LF, as UTF-16LE (nvarchar). Versioned (RetentionLog.DigestVersion,
-- NULL = 1 for rows written before versions existed), so that a digest recorded with an older line still recomputes.
-- Fields joined with '|', NULL as empty.
-- Version 1: PredictionLogId, ScoringRunId, RowKey, ModelVersionId, BlobSha256 and InputsSha256 (hex), PredictedClass,
-- PredictedLabel, Score and Probability (the 4 IEEE-754 bytes in hex, so no rounding), PredictedAt (ISO 8601).
-- Version 2: version 1's fields, then Role, Arm, Status, Reason as stored, and the SHA-256 (hex) of Explanation's
-- UTF-16LE text (empty when NULL), so that a purge also proves the per-row status and the reason codes it removed.
-- Used by scoring.PurgePredictionLog to record a purge and by the PredictionLog trigger to check it; an auditor
-- holding a copy of the removed rows can recompute the digest the same way.
CREATE OR ALTER FUNCTION scoring.Private_PredictionLogLine
(
    @DigestVersion tinyint, @PredictionLogId bigint, @ScoringRunId bigint, @RowKey nvarchar(450), @ModelVersionId int, @BlobSha256 binary(32),
    @InputsSha256 binary(32), @PredictedClass int, @PredictedLabel nvarchar(400), @Score real, @Probability real,
    @PredictedAt datetime2(3), @Role varchar(10), @Arm char(1), @Status varchar(10), @Reason nvarchar(2000), @Explanation nvarchar(max)
)
RETURNS TABLE
AS
RETURN
SELECT Line = CONVERT(nvarchar(max), CONCAT(@PredictionLogId, N'|', @ScoringRunId, N'|', @RowKey, N'|', @ModelVersionId, N'|',
                  CONVERT(nvarchar(64), @BlobSha256, 2), N'|', CONVERT(nvarchar(64), @InputsSha256, 2), N'|', @PredictedClass, N'|',
                  @PredictedLabel, N'|', CONVERT(nvarchar(8), CONVERT(binary(4), @Score), 2), N'|',
                  CONVERT(nvarchar(8), CONVERT(binary(4), @Probability), 2), N'|', CONVERT(nvarchar(30), @PredictedAt, 126)))
              + CASE WHEN ISNULL(@DigestVersion, 1) >= 2
                     THEN CONVERT(nvarchar(max), CONCAT(N'|', @Role, N'|', @Arm, N'|', @Status, N'|', @Reason, N'|',
                                                        CONVERT(nvarchar(64), HASHBYTES('SHA2_256', @Explanation), 2)))
                     ELSE N'' END;
