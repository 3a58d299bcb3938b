-- DbScoring version: 0.1.0
-- CLR: the audit chain's digest of one scoring.ModelVersion row, record SqlServer.ModelVersion.1: every column but
-- ModelBlob, whose SHA-256 is one of them (scoring.VerifyAuditTrail re-hashes the blob). No data access, deterministic.
CREATE OR ALTER FUNCTION scoring.Private_ModelVersionDigest
(
    @ModelVersionId int,
    @ModelId int,
    @VersionNumber int,
    @BlobSha256 binary(32),
    @BlobBytes bigint,
    @ContentHash nvarchar(64),
    @FormatVersion nvarchar(20),
    @PredictionKind int,
    @Algorithm nvarchar(200),
    @InputSchema nvarchar(max),
    @InputSignature binary(32),
    @OutputSchema nvarchar(max),
    @Metadata nvarchar(max),
    @ModelDescription nvarchar(max),
    @ParityGate nvarchar(max),
    @Metrics nvarchar(max),
    @SourceArtifactName nvarchar(400),
    @SourceArtifactSha256 binary(32),
    @Notes nvarchar(4000),
    @RegisteredBy nvarchar(128),
    @RegisteredAt datetime2(7)
)
RETURNS nvarchar(64)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[ModelVersionDigest];
