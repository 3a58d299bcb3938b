-- DbScoring version: 0.1.0
-- CLR: a run's drift from its stored batch counts (scoring.ScoringRunDriftCounts rows as JSON): per model input and
-- profile output the PSI against the training profile, its level under the thresholds, the missing, unseen and
-- out-of-range shares; every row also carries the run's level and the names at that level. The runtime's PSI code,
-- the same as the embedded store's. No data access.
CREATE OR ALTER FUNCTION scoring.Private_RunDrift
(
    @ModelVersionId int,
    @BlobSha256 binary(32),
    @Blob varbinary(max),
    @StoredCounts nvarchar(max),
    @WarningPsi float,
    @AlertPsi float
)
RETURNS TABLE (IsOutput bit, Name nvarchar(128), RowsScored bigint, Psi float, DriftLevel nvarchar(10), MissingShare float,
               UnseenShare float, OutOfRangeShare float, RunDriftLevel nvarchar(10), RunDriftInputs nvarchar(4000))
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[RunDrift];
