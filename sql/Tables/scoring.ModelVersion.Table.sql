-- DbScoring version: 0.1.0
-- scoring.ModelVersion: immutable model versions. The blob is stored with its SHA-256, and a CHECK constraint
-- makes the stored hash agree with the stored bytes at insert. Rows are never updated or deleted (trigger + DENY).
-- InputSchema / OutputSchema / Metadata / ModelDescription come from the CLR (scoring.Private_ModelInspect),
-- never from the caller; ParityGate, Metrics and the source artefact are the loader's figures.
CREATE TABLE scoring.ModelVersion
(
    ModelVersionId        int             IDENTITY(1, 1) NOT NULL,
    ModelId               int             NOT NULL,
    VersionNumber         int             NOT NULL,
    ModelBlob             varbinary(max)  NOT NULL,
    BlobSha256            binary(32)      NOT NULL,
    BlobBytes             bigint          NOT NULL,
    ContentHash           char(64)        NOT NULL,
    FormatVersion         varchar(20)     NOT NULL,
    PredictionKind        tinyint         NOT NULL,
    Algorithm             nvarchar(200)   NULL,
    InputSchema           nvarchar(max)   NOT NULL,
    InputSignature        binary(32)      NOT NULL,
    OutputSchema          nvarchar(max)   NOT NULL,
    Metadata              nvarchar(max)   NOT NULL,
    ModelDescription      nvarchar(max)   NOT NULL,
    ParityGate            nvarchar(max)   NULL,
    Metrics               nvarchar(max)   NULL,
    SourceArtifactName    nvarchar(400)   NULL,
    SourceArtifactSha256  binary(32)      NULL,
    Notes                 nvarchar(4000)  NULL,
    RegisteredBy          nvarchar(128)   NOT NULL CONSTRAINT DF_ModelVersion_RegisteredBy DEFAULT (ORIGINAL_LOGIN()),
    RegisteredAt          datetime2(3)    NOT NULL CONSTRAINT DF_ModelVersion_RegisteredAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_ModelVersion PRIMARY KEY CLUSTERED (ModelVersionId),
    CONSTRAINT UQ_ModelVersion_Number UNIQUE (ModelId, VersionNumber),
    CONSTRAINT UQ_ModelVersion_Model_Id UNIQUE (ModelId, ModelVersionId),
    CONSTRAINT UQ_ModelVersion_Blob UNIQUE (ModelId, BlobSha256),
    CONSTRAINT FK_ModelVersion_Model FOREIGN KEY (ModelId) REFERENCES scoring.Model (ModelId),
    CONSTRAINT CK_ModelVersion_BlobSha256 CHECK (BlobSha256 = CONVERT(binary(32), HASHBYTES('SHA2_256', ModelBlob))),
    CONSTRAINT CK_ModelVersion_Kind CHECK (PredictionKind IN (1, 2, 3)),
    CONSTRAINT CK_ModelVersion_Json CHECK (ISJSON(InputSchema) = 1 AND ISJSON(OutputSchema) = 1 AND ISJSON(Metadata) = 1
                                          AND (ParityGate IS NULL OR ISJSON(ParityGate) = 1) AND (Metrics IS NULL OR ISJSON(Metrics) = 1)),
    CONSTRAINT CK_ModelVersion_Number CHECK (VersionNumber >= 1)
);
