-- DbScoring version: 0.1.0
-- scoring.ExportModelVersion: returns one stored model version with its blob (the .dbsm bytes, exactly as
-- registered) and their SHA-256, for publishers and auditors who need the file (dbscoring export, a replay, a
-- review) without any right on scoring.ModelVersion. Analysts score in the database and get no blobs.
CREATE OR ALTER PROCEDURE scoring.ExportModelVersion
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
        PRINT N'scoring.ExportModelVersion (DbScoring ' + scoring.Version() + N') - one model version with its blob.';
        PRINT N'  @Model    nvarchar(100)   the model name';
        PRINT N'  @Alias    nvarchar(100)   alias (default production when @Version is NULL)';
        PRINT N'  @Version  int             or: a version number';
        PRINT N'  @Execute  ''Y'' | ''N''       ''N'' returns the row without the blob';
        PRINT N'Returns ModelName, VersionNumber, ModelVersionId, BlobSha256, BlobBytes, ModelBlob.';
        PRINT N'Example: EXEC scoring.ExportModelVersion @Model = N''churn'', @Version = 3;';
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
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.ExportModelVersion', @Errors = @ErrorList;
        RETURN 50001;
    END;

    SELECT m.ModelName, v.VersionNumber, v.ModelVersionId, v.BlobSha256, v.BlobBytes,
           ModelBlob = CASE WHEN @Execute = 'N' THEN NULL ELSE v.ModelBlob END
    FROM scoring.ModelVersion AS v
    JOIN scoring.Model AS m ON m.ModelId = v.ModelId
    WHERE v.ModelVersionId = @ModelVersionId;
    RETURN 0;
END;
