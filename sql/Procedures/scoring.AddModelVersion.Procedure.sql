-- DbScoring version: 0.1.0
-- scoring.AddModelVersion: the loader's entry point. Validates the blob with the CLR runtime (a blob this
-- database cannot score is refused here, not at query time), then stores it as the next version of @Model
-- (creating the model on first use). The same bytes registered again for the same model return the existing
-- version. Returns one row: ModelVersionId, VersionNumber, IsNew.
CREATE OR ALTER PROCEDURE scoring.AddModelVersion
    @Model                 nvarchar(100)  = NULL,
    @Blob                  varbinary(max) = NULL,
    @SourceArtifactName    nvarchar(400)  = NULL,
    @SourceArtifactSha256  binary(32)     = NULL,
    @ParityGate            nvarchar(max)  = NULL,
    @Metrics               nvarchar(max)  = NULL,
    @Notes                 nvarchar(4000) = NULL,
    @Execute               char(1)        = 'Y',
    @Help                  bit            = 0,
    @ModelVersionId        int            = NULL OUTPUT,
    @VersionNumber         int            = NULL OUTPUT
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own
    SET XACT_ABORT ON;

    IF @Help = 1
    BEGIN
        PRINT N'scoring.AddModelVersion (DbScoring ' + scoring.Version() + N') - register a model blob as a new version.';
        PRINT N'  @Model                nvarchar(100)   model name: a letter, then letters, digits, _ (created on first use)';
        PRINT N'  @Blob                 varbinary(max)  the .dbsm model blob; validated by the CLR runtime before it is stored';
        PRINT N'  @SourceArtifactName   nvarchar(400)   optional: the ML.NET .zip it was converted from';
        PRINT N'  @SourceArtifactSha256 binary(32)      optional: SHA-256 of that file';
        PRINT N'  @ParityGate, @Metrics nvarchar(max)   optional JSON: parity-gate figures and training metrics';
        PRINT N'  @Notes                nvarchar(4000)  optional free text';
        PRINT N'  @Execute              ''Y'' | ''N''       ''N'' validates and reports, stores nothing';
        PRINT N'  @ModelVersionId, @VersionNumber OUTPUT: the stored (or already stored) version';
        PRINT N'Example: EXEC scoring.AddModelVersion @Model = N''churn'', @Blob = 0x..., @SourceArtifactName = N''churn.zip'';';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @Inspect nvarchar(max);

    IF @Model IS NULL OR @Model = N'' OR @Model COLLATE Latin1_General_100_BIN2 LIKE N'%[^A-Za-z0-9_]%' OR @Model COLLATE Latin1_General_100_BIN2 NOT LIKE N'[A-Za-z]%'
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Model is not supported. Give a name that starts with a letter and has only letters, digits and _ (at most 100).');
    IF @Blob IS NULL OR DATALENGTH(@Blob) = 0
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Blob is not supported. Give the model blob (.dbsm bytes).');
    IF @ParityGate IS NOT NULL AND ISJSON(@ParityGate) = 0
        INSERT @Errors (Message) VALUES (N'The value for the parameter @ParityGate is not supported. Give JSON text or NULL.');
    IF @Metrics IS NOT NULL AND ISJSON(@Metrics) = 0
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Metrics is not supported. Give JSON text or NULL.');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');

    IF @Blob IS NOT NULL AND DATALENGTH(@Blob) > 0
    BEGIN
        SET @Inspect = scoring.Private_ModelInspect(@Blob);
        IF ISJSON(@Inspect) = 0 OR JSON_VALUE(@Inspect, '$.valid') <> 'true'
            INSERT @Errors (Message)
            VALUES (N'The value for the parameter @Blob is not supported. This database cannot score it: '
                    + ISNULL(LEFT(JSON_VALUE(@Inspect, '$.error'), 1500), N'(no description)'));
    END;

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.AddModelVersion', @Errors = @ErrorList;
        RETURN 50001;
    END;

    DECLARE @BlobSha256 binary(32) = CONVERT(binary(32), HASHBYTES('SHA2_256', @Blob));
    DECLARE @ModelId int = (SELECT m.ModelId FROM scoring.Model AS m WHERE m.ModelName = @Model);

    SELECT @ModelVersionId = v.ModelVersionId, @VersionNumber = v.VersionNumber
    FROM scoring.ModelVersion AS v
    WHERE v.ModelId = @ModelId AND v.BlobSha256 = @BlobSha256;

    IF @ModelVersionId IS NOT NULL
    BEGIN
        PRINT N'These bytes are already version ' + CONVERT(nvarchar(10), @VersionNumber) + N' of model ' + @Model + N'; nothing stored.';
        SELECT ModelVersionId = @ModelVersionId, VersionNumber = @VersionNumber, IsNew = CONVERT(bit, 0);
        RETURN 0;
    END;

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: the blob is valid (' + JSON_VALUE(@Inspect, '$.kindName') + N', format ' + JSON_VALUE(@Inspect, '$.formatVersion')
              + N'); it would be stored as the next version of model ' + @Model + N'.';
        RETURN 0;
    END;

    DECLARE @InputSchema nvarchar(max) = JSON_QUERY(@Inspect, '$.inputs');
    DECLARE @Metadata nvarchar(max) = JSON_QUERY(@Inspect, '$.metadata');
    DECLARE @Signature nvarchar(max) =
        (SELECT STRING_AGG(CONVERT(nvarchar(max), i.InputName + N':' + CONVERT(nvarchar(3), i.Kind)), N'|') WITHIN GROUP (ORDER BY i.InputIndex)
         FROM OPENJSON(@InputSchema) WITH (InputIndex int '$.index', InputName nvarchar(128) '$.name', Kind tinyint '$.kind') AS i);
    DECLARE @Describe nvarchar(max) = (SELECT d.Describe FROM OPENJSON(@Inspect) WITH (Describe nvarchar(max) '$.describe') AS d);

    BEGIN TRANSACTION;

    IF @ModelId IS NULL
    BEGIN
        SET @ModelId = (SELECT m.ModelId FROM scoring.Model AS m WITH (UPDLOCK, HOLDLOCK) WHERE m.ModelName = @Model);
        IF @ModelId IS NULL
        BEGIN
            INSERT scoring.Model (ModelName) VALUES (@Model);
            SET @ModelId = SCOPE_IDENTITY();
        END;
    END;

    SET @VersionNumber = 1 + ISNULL((SELECT MAX(v.VersionNumber) FROM scoring.ModelVersion AS v WITH (UPDLOCK, HOLDLOCK) WHERE v.ModelId = @ModelId), 0);

    INSERT scoring.ModelVersion
        (ModelId, VersionNumber, ModelBlob, BlobSha256, BlobBytes, ContentHash, FormatVersion, PredictionKind, Algorithm,
         InputSchema, InputSignature, OutputSchema, Metadata, ModelDescription, ParityGate, Metrics,
         SourceArtifactName, SourceArtifactSha256, Notes)
    VALUES
        (@ModelId, @VersionNumber, @Blob, @BlobSha256, DATALENGTH(@Blob), JSON_VALUE(@Inspect, '$.contentHash'),
         JSON_VALUE(@Inspect, '$.formatVersion'), CONVERT(tinyint, JSON_VALUE(@Inspect, '$.kind')),
         JSON_VALUE(@Metadata, '$.algorithm'), @InputSchema, CONVERT(binary(32), HASHBYTES('SHA2_256', ISNULL(@Signature, N''))),
         (SELECT Kind = JSON_VALUE(@Inspect, '$.kindName'), ClassLabels = JSON_QUERY(@Inspect, '$.classLabels') FOR JSON PATH, WITHOUT_ARRAY_WRAPPER),
         @Metadata, ISNULL(@Describe, N''), @ParityGate, @Metrics, @SourceArtifactName, @SourceArtifactSha256, @Notes);

    SET @ModelVersionId = SCOPE_IDENTITY();

    COMMIT TRANSACTION;

    PRINT N'Stored model ' + @Model + N' version ' + CONVERT(nvarchar(10), @VersionNumber) + N' (ModelVersionId ' + CONVERT(nvarchar(10), @ModelVersionId) + N').';
    SELECT ModelVersionId = @ModelVersionId, VersionNumber = @VersionNumber, IsNew = CONVERT(bit, 1);
    RETURN 0;
END;
