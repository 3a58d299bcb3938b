-- DbScoring version: 0.1.0
-- CLR: a link's own digest over all its other columns, record SqlServer.AuditLink.1 (scoring.AuditLink.Digest).
-- No data access, deterministic.
CREATE OR ALTER FUNCTION scoring.Private_AuditLinkDigest
(
    @AuditLinkId bigint,
    @ModelId int,
    @Kind nvarchar(20),
    @SubjectId bigint,
    @SubjectName nvarchar(100),
    @SubjectTime datetime2(7),
    @BatchNumber int,
    @FirstRowId bigint,
    @LastRowId bigint,
    @RowCount bigint,
    @ContentDigest nvarchar(64),
    @PreviousDigest nvarchar(64),
    @LinkedAt datetime2(7)
)
RETURNS nvarchar(64)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[AuditLinkDigest];
