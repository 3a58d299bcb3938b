-- DbScoring version: 0.1.0
-- scoring.ScoringRunInputStats: per scoring run, batch and model input, how many rows were scored (RowsScored), how
-- many values were missing (MissingValues: NULL, and for text inputs also the empty text, as ML.NET reads it), text
-- values outside the training categories (UnseenCategories: scored as all-zero, like ML.NET), and numbers below/above
-- the range seen in training (BelowRange, AboveRange). The same names as the embedded store. Written by scoring.ScoreTable in the same transaction as the batch's predictions.
-- Append-only (trigger + DENY). scoring.RunInputStatistics sums it per run.
CREATE TABLE scoring.ScoringRunInputStats
(
    ScoringRunId      bigint         NOT NULL,
    BatchNumber       int            NOT NULL,
    InputIndex        int            NOT NULL,
    InputName         nvarchar(128)  NOT NULL,
    RowsScored        bigint         NOT NULL,
    MissingValues     bigint         NOT NULL,
    UnseenCategories  bigint         NOT NULL,
    BelowRange        bigint         NOT NULL,
    AboveRange        bigint         NOT NULL,
    CONSTRAINT PK_ScoringRunInputStats PRIMARY KEY CLUSTERED (ScoringRunId, BatchNumber, InputIndex)
);
