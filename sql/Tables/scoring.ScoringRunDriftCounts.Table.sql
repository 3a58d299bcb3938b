-- DbScoring version: 0.1.0
-- scoring.ScoringRunDriftCounts: per scoring run, batch and model input or profile output (IsOutput: Score,
-- Probability, PredictedLabel), the rows per bucket of the version's training profile (Buckets: JSON array in the
-- profile's bucket order: bins or categories, then other and unseen for text, then missing) and the numbers
-- below/above the profile's range. Written by scoring.ScoreTable in the same transaction as the batch's predictions,
-- only for versions with a profile; a run's drift is the sum of its batches, however they were cut. Append-only
-- (trigger + DENY). The same table as the embedded store's.
CREATE TABLE scoring.ScoringRunDriftCounts
(
    ScoringRunId  bigint          NOT NULL,
    BatchNumber   int             NOT NULL,
    IsOutput      bit             NOT NULL,
    Name          nvarchar(128)   NOT NULL,
    Buckets       nvarchar(4000)  NOT NULL,
    BelowRange    bigint          NOT NULL,
    AboveRange    bigint          NOT NULL,
    CONSTRAINT PK_ScoringRunDriftCounts PRIMARY KEY CLUSTERED (ScoringRunId, BatchNumber, IsOutput, Name),
    CONSTRAINT CK_ScoringRunDriftCounts_Buckets CHECK (ISJSON(Buckets) = 1 AND BelowRange >= 0 AND AboveRange >= 0)
);
