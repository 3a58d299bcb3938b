-- DbScoring version: 0.1.0
-- scoring.Private_RecordRunDrift: for scoring.ScoreTable, when a run of a version with a training profile completes: its
-- drift from the batches it committed (scoring.ScoringRunDriftCounts) under the model's thresholds in force when it
-- started (scoring.MonitoringSetting, else the defaults), written to scoring.ScoringRunDrift; returns the run's level
-- and the names at it, for scoring.ScoringRun. The PSI is the runtime's (scoring.Private_RunDrift), as in the embedded store.
CREATE OR ALTER PROCEDURE scoring.Private_RecordRunDrift
    @ScoringRunId  bigint,
    @DriftLevel    varchar(10)    OUTPUT,
    @DriftInputs   nvarchar(4000) OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own
    DECLARE @ModelVersionId int, @WarningPsi float, @AlertPsi float;
    SELECT @ModelVersionId = r.ModelVersionId, @WarningPsi = ISNULL(s.WarningPsi, 0.1), @AlertPsi = ISNULL(s.AlertPsi, 0.25)
    FROM scoring.ScoringRun AS r
    OUTER APPLY (SELECT TOP (1) x.WarningPsi, x.AlertPsi FROM scoring.MonitoringSetting AS x
                 WHERE x.ModelId = r.ModelId AND x.SetAt <= r.StartedAt ORDER BY x.MonitoringSettingId DESC) AS s
    WHERE r.ScoringRunId = @ScoringRunId;

    DECLARE @Stored nvarchar(max) =
        (SELECT isOutput = c.IsOutput, name = c.Name, buckets = JSON_QUERY(c.Buckets), belowRange = c.BelowRange, aboveRange = c.AboveRange
         FROM scoring.ScoringRunDriftCounts AS c WHERE c.ScoringRunId = @ScoringRunId
         FOR JSON PATH);
    DECLARE @Drift TABLE (IsOutput bit NOT NULL, Name nvarchar(128) NOT NULL, RowsScored bigint NOT NULL, Psi float NULL, DriftLevel nvarchar(10) NOT NULL,
                          MissingShare float NULL, UnseenShare float NULL, OutOfRangeShare float NULL, RunDriftLevel nvarchar(10) NOT NULL,
                          RunDriftInputs nvarchar(4000) NULL);
    INSERT @Drift (IsOutput, Name, RowsScored, Psi, DriftLevel, MissingShare, UnseenShare, OutOfRangeShare, RunDriftLevel, RunDriftInputs)
    SELECT d.IsOutput, d.Name, d.RowsScored, d.Psi, d.DriftLevel, d.MissingShare, d.UnseenShare, d.OutOfRangeShare, d.RunDriftLevel, d.RunDriftInputs
    FROM scoring.ModelVersion AS v
    CROSS APPLY scoring.Private_RunDrift(v.ModelVersionId, v.BlobSha256, v.ModelBlob, ISNULL(@Stored, N'[]'), @WarningPsi, @AlertPsi) AS d
    WHERE v.ModelVersionId = @ModelVersionId;

    INSERT scoring.ScoringRunDrift (ScoringRunId, IsOutput, Name, RowsScored, Psi, DriftLevel, MissingShare, UnseenShare, OutOfRangeShare)
    SELECT @ScoringRunId, d.IsOutput, d.Name, d.RowsScored, d.Psi, d.DriftLevel, d.MissingShare, d.UnseenShare, d.OutOfRangeShare
    FROM @Drift AS d;
    SELECT TOP (1) @DriftLevel = d.RunDriftLevel, @DriftInputs = d.RunDriftInputs FROM @Drift AS d;
END;
