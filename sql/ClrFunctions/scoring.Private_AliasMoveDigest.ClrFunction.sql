-- DbScoring version: 0.1.0
-- CLR: the audit chain's digest of one alias move, record SqlServer.AliasMove.1: one row version of the system-versioned
-- scoring.ModelAlias (current or history), identified by model, alias, ValidFrom and the version it points at.
-- No data access, deterministic.
CREATE OR ALTER FUNCTION scoring.Private_AliasMoveDigest
(
    @ModelId int,
    @AliasName nvarchar(100),
    @ModelVersionId int,
    @MovedBy nvarchar(128),
    @MoveReason nvarchar(4000),
    @ValidFrom datetime2(7)
)
RETURNS nvarchar(64)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[AliasMoveDigest];
