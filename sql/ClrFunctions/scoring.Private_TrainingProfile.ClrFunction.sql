-- DbScoring version: 0.1.0
-- CLR: a version's training profile alone (the bytes of the blob's TrainingStatistics section, docs/model-format.md),
-- NULL when the version has none. Only scoring.ExportTrainingProfile calls it: analysts get the reference drift is
-- measured against, never the model blob. No data access.
CREATE OR ALTER FUNCTION scoring.Private_TrainingProfile
(
    @ModelVersionId int,
    @BlobSha256 binary(32),
    @Blob varbinary(max)
)
RETURNS varbinary(max)
WITH EXECUTE AS CALLER
AS EXTERNAL NAME [DbScoring.SqlClr].[DbScoring.SqlClr.ScoringFunctions].[TrainingProfileOf];
