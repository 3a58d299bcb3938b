-- DbScoring version: 0.1.0
-- scoring.ScoringRunDrift: the drift of a scoring run, written when it completes (succeeded or failed) from its
-- committed batches: per model input and profile output the rows compared, the population stability index (PSI)
-- against the version's training profile (NULL without rows), its level under the model's thresholds in force when
-- the run started (None, Warning, Alert), and the shares of missing values, unseen categories (text) and numbers
-- outside the profile's range. ScoringRun.DriftLevel/DriftInputs hold the run's level and the names at it. Read it
-- through scoring.RunDrift. Append-only (trigger + DENY); the embedded store's RunDrift table has the same columns.
CREATE TABLE scoring.ScoringRunDrift
(
    ScoringRunId     bigint          NOT NULL,
    IsOutput         bit             NOT NULL,
    Name             nvarchar(128)   NOT NULL,
    RowsScored       bigint          NOT NULL,
    Psi              float           NULL,
    DriftLevel       varchar(10)     NOT NULL,
    MissingShare     float           NULL,
    UnseenShare      float           NULL,
    OutOfRangeShare  float           NULL,
    CONSTRAINT PK_ScoringRunDrift PRIMARY KEY CLUSTERED (ScoringRunId, IsOutput, Name),
    CONSTRAINT CK_ScoringRunDrift_Level CHECK (DriftLevel IN ('None', 'Warning', 'Alert'))
);
