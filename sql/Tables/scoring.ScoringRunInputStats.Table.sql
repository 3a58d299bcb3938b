-- DbScoring version: 0.1.0
-- scoring.ScoringRunInputStats: per scoring run, batch and model input, how many values were missing (NULL),
-- text values outside the training categories (scored as all-zero, like ML.NET), and numbers below/above the
-- range seen in training. Written by scoring.ScoreTable in the same transaction as the batch's predictions.
-- Append-only (trigger + DENY). scoring.RunInputStatistics sums it per run.
CREATE TABLE scoring.ScoringRunInputStats
(
    ScoringRunId      bigint         NOT NULL,
    BatchNumber       int            NOT NULL,
    InputIndex        int            NOT NULL,
    InputName         nvarchar(128)  NOT NULL,
    RowsSeen          bigint         NOT NULL,
    Missing           bigint         NOT NULL,
    UnseenCategory    bigint         NOT NULL,
    BelowTrainingMin  bigint         NOT NULL,
    AboveTrainingMax  bigint         NOT NULL,
    CONSTRAINT PK_ScoringRunInputStats PRIMARY KEY CLUSTERED (ScoringRunId, BatchNumber, InputIndex)
);
