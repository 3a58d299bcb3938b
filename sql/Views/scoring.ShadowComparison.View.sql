-- DbScoring version: 0.1.0
-- Champion against challenger per run (ScoreTable @Shadow; the embedded store's `dbscoring audit compare`, same fields):
-- Rows scored by both, LabelAgreement (share of equal predicted labels; NULL for regression), MeanAbsScoreDifference
-- and MaxAbsScoreDifference (|shadow score - primary score| over rows where both have one), ScorePsi (PSI of the
-- shadow's scores against the primary's, over the primary's deciles: scoring.Private_ShadowScorePsi, the runtime's
-- code), and Confusion, the label confusion table as JSON [{"primaryLabel","shadowLabel","rows"}], most frequent first.
-- Rows refused by either side, or scored by the fallback, are left out (docs/monitoring.md, "Shadow"). Labels compare
-- ordinally (BIN2), as the embedded store compares them, whatever the database collation.
-- Example: SELECT * FROM scoring.ShadowComparison WHERE ScoringRunId = 14;
CREATE OR ALTER VIEW scoring.ShadowComparison
AS
SELECT x.ScoringRunId, x.ModelName, x.PrimaryVersion, x.ShadowVersion, Rows = COUNT_BIG(*),
       LabelAgreement = CASE WHEN COUNT(x.PrimaryLabel) > 0
                             THEN SUM(CASE WHEN x.PrimaryLabel = x.ShadowLabel COLLATE Latin1_General_100_BIN2
                                                OR (x.PrimaryLabel IS NULL AND x.ShadowLabel IS NULL) THEN 1.0 ELSE 0.0 END) / COUNT_BIG(*) END,
       MeanAbsScoreDifference = AVG(ABS(CONVERT(float, x.ShadowScore) - CONVERT(float, x.PrimaryScore))),
       MaxAbsScoreDifference = MAX(ABS(CONVERT(float, x.ShadowScore) - CONVERT(float, x.PrimaryScore))),
       ScorePsi = scoring.Private_ShadowScorePsi(
           STRING_AGG(CASE WHEN x.PrimaryScore IS NOT NULL AND x.ShadowScore IS NOT NULL
                           THEN CONVERT(nvarchar(max), CONVERT(varchar(30), CONVERT(float, x.PrimaryScore), 3) + ',' + CONVERT(varchar(30), CONVERT(float, x.ShadowScore), 3)) END, N';')),
       Confusion = CASE WHEN COUNT(x.PrimaryLabel) > 0 THEN
           (SELECT primaryLabel = c.PrimaryLabel COLLATE Latin1_General_100_BIN2, shadowLabel = c.ShadowLabel COLLATE Latin1_General_100_BIN2, [rows] = COUNT_BIG(*)
            FROM scoring.ShadowPredictions AS c WHERE c.ScoringRunId = x.ScoringRunId
            GROUP BY c.PrimaryLabel COLLATE Latin1_General_100_BIN2, c.ShadowLabel COLLATE Latin1_General_100_BIN2
            ORDER BY COUNT_BIG(*) DESC, c.PrimaryLabel COLLATE Latin1_General_100_BIN2, c.ShadowLabel COLLATE Latin1_General_100_BIN2
            FOR JSON PATH, INCLUDE_NULL_VALUES) END
FROM scoring.ShadowPredictions AS x
GROUP BY x.ScoringRunId, x.ModelName, x.PrimaryVersion, x.ShadowVersion;
