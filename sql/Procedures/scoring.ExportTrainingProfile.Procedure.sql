-- DbScoring version: 0.1.0
-- scoring.ExportTrainingProfile: one model version's training profile, the reference drift is measured against
-- (docs/monitoring.md), without the model blob. Every role that reads drift may run it: `dbscoring audit drift` needs
-- the profile's bins to show a run's buckets, and analysts may not export blobs (scoring.ExportModelVersion).
CREATE OR ALTER PROCEDURE scoring.ExportTrainingProfile
    @Model    nvarchar(100) = NULL,
    @Alias    nvarchar(100) = NULL,
    @Version  int           = NULL,
    @Execute  char(1)       = 'Y',
    @Help     bit           = 0
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own

    IF @Help = 1
    BEGIN
        PRINT N'scoring.ExportTrainingProfile (DbScoring ' + scoring.Version() + N') - one model version''s training profile, without its blob.';
        PRINT N'  @Model    nvarchar(100)   the model name';
        PRINT N'  @Alias    nvarchar(100)   alias (default production when @Version is NULL)';
        PRINT N'  @Version  int             or: a version number';
        PRINT N'  @Execute  ''Y'' | ''N''       ''N'' returns the row without the profile';
        PRINT N'Returns ModelName, VersionNumber, ModelVersionId, BlobSha256, Profile: the bytes of the blob''s TrainingStatistics';
        PRINT N'section (docs/model-format.md), NULL when the version was registered without a profile.';
        PRINT N'Example: EXEC scoring.ExportTrainingProfile @Model = N''churn'', @Version = 3;';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @ModelVersionId int;
    SELECT @ModelVersionId = r.ModelVersionId FROM scoring.Private_ResolveVersion(@Model, @Alias, @Version) AS r;
    INSERT @Errors (Message) SELECT r.Problem FROM scoring.Private_ResolveVersion(@Model, @Alias, @Version) AS r WHERE r.Problem IS NOT NULL;
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.ExportTrainingProfile', @Errors = @ErrorList;
        RETURN 50001;
    END;

    -- The CLR checks the blob against BlobSha256 before it reads the profile: an altered blob is an error, not a profile.
    SELECT m.ModelName, v.VersionNumber, v.ModelVersionId, v.BlobSha256,
           Profile = CASE WHEN @Execute = 'N' THEN NULL ELSE scoring.Private_TrainingProfile(v.ModelVersionId, v.BlobSha256, v.ModelBlob) END
    FROM scoring.ModelVersion AS v
    JOIN scoring.Model AS m ON m.ModelId = v.ModelId
    WHERE v.ModelVersionId = @ModelVersionId;
    RETURN 0;
END;
