-- DbScoring version: 0.1.0
-- CLR: the audit chain's digest of what a scoring.ScoringRun row records when the run starts (never changed afterwards),
-- record SqlServer.ScoringRunStart.1. No data access, deterministic.
CREATE OR ALTER FUNCTION scoring.Private_RunStartDigest
(
    @ScoringRunId bigint,
    @ProcedureName nvarchar(128),
    @ModelId int,
    @ModelVersionId int,
    @AliasName nvarchar(100),
    @BlobSha256 binary(32),
    @SourceName nvarchar(300),
    @TargetName nvarchar(300),
    @KeyColumns nvarchar(4000),
    @Command nvarchar(max),
    @StartedAt datetime2(7),
    @LoginName nvarchar(128),
    @UserName nvarchar(128),
    @ApplicationName nvarchar(128),
    @HostName nvarchar(128),
    @SessionId int
)
RETURNS nvarchar(64)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[RunStartDigest];
