-- DbScoring version: 0.1.0
-- Realised performance of every model version, from scoring.PredictionOutcomes, over all its predictions with an
-- outcome (Period 'all'), per day and per ISO week (Monday) of the prediction (Period 'day', 'week'; PeriodStart):
-- binary classification: Positives, AUC (probability that a positive outscores a negative, ties count one half; NULL
-- without both classes), LogLoss (base 2 over the rows with a probability, as ML.NET's BinaryClassifierEvaluator; NULL
-- when a row's observed class had probability 0) and Accuracy of the predicted label (actuals true/false, 1/0, yes/no);
-- multiclass: Accuracy (the store API adds macro F1); regression: MeanAbsoluteError and RootMeanSquaredError.
-- The calibration table (ten probability bins) is in the store API (dbscoring audit performance).
-- Example: SELECT * FROM scoring.RealisedPerformance WHERE ModelName = N'churn' AND Period = 'week' ORDER BY VersionNumber, PeriodStart;
CREATE OR ALTER VIEW scoring.RealisedPerformance
AS
WITH Labelled AS
(
    SELECT po.ModelName, po.VersionNumber, po.PredictionKind, po.PredictedAt, po.PredictedLabel, po.Actual,
           Score = CONVERT(float, po.Score), Probability = CONVERT(float, po.Probability),
           Positive = CASE WHEN po.PredictionKind = 1 THEN CASE WHEN LOWER(LTRIM(RTRIM(po.Actual))) IN (N'1', N'true', N'yes') THEN 1
                                                                WHEN LOWER(LTRIM(RTRIM(po.Actual))) IN (N'0', N'false', N'no') THEN 0 END END,
           PredictedPositive = CASE WHEN po.PredictionKind = 1 THEN CASE WHEN LOWER(LTRIM(RTRIM(po.PredictedLabel))) IN (N'1', N'true', N'yes') THEN 1
                                                                         WHEN LOWER(LTRIM(RTRIM(po.PredictedLabel))) IN (N'0', N'false', N'no') THEN 0 END END,
           ActualNumber = CASE WHEN po.PredictionKind = 2 THEN TRY_CONVERT(float, po.Actual) END,
           PredictedDay = CONVERT(date, po.PredictedAt)
    FROM scoring.PredictionOutcomes AS po
),
Periods AS
(
    SELECT l.*, Period = CONVERT(varchar(4), 'all'), PeriodStart = CONVERT(date, NULL) FROM Labelled AS l
    UNION ALL
    SELECT l.*, 'day', l.PredictedDay FROM Labelled AS l
    UNION ALL
    -- 1900-01-01 was a Monday.
    SELECT l.*, 'week', DATEADD(day, -(DATEDIFF(day, CONVERT(date, '19000101'), l.PredictedDay) % 7), l.PredictedDay) FROM Labelled AS l
),
Ranked AS
(
    -- Mid-ranks of the scores among a group's rows with a score (ties share the mean of their ranks): the Mann-Whitney
    -- form of the AUC, the same number as counting positive/negative pairs with ties as one half.
    SELECT p.*,
           ScoreRank = CASE WHEN p.Score IS NOT NULL AND p.Positive IS NOT NULL THEN
                           RANK() OVER (PARTITION BY p.ModelName, p.VersionNumber, p.Period, p.PeriodStart,
                                                     CASE WHEN p.Score IS NOT NULL AND p.Positive IS NOT NULL THEN 1 ELSE 0 END ORDER BY p.Score)
                           + (COUNT(*) OVER (PARTITION BY p.ModelName, p.VersionNumber, p.Period, p.PeriodStart,
                                                          CASE WHEN p.Score IS NOT NULL AND p.Positive IS NOT NULL THEN 1 ELSE 0 END, p.Score) - 1) / 2.0 END
    FROM Periods AS p
),
Sums AS
(
    SELECT r.ModelName, r.VersionNumber, r.PredictionKind, r.Period, r.PeriodStart,
           Rows = COUNT_BIG(*),
           Positives = SUM(CONVERT(bigint, r.Positive)),
           ScoredPositives = SUM(CASE WHEN r.ScoreRank IS NOT NULL AND r.Positive = 1 THEN 1.0 END),
           ScoredNegatives = SUM(CASE WHEN r.ScoreRank IS NOT NULL AND r.Positive = 0 THEN 1.0 END),
           PositiveRanks = SUM(CASE WHEN r.Positive = 1 THEN r.ScoreRank END),
           ZeroProbabilities = SUM(CASE WHEN r.Probability IS NOT NULL AND r.Positive IS NOT NULL
                                         AND (CASE WHEN r.Positive = 1 THEN r.Probability ELSE 1 - r.Probability END) <= 0 THEN 1 ELSE 0 END),
           LogLoss = AVG(CASE WHEN r.Probability IS NOT NULL AND r.Positive IS NOT NULL
                              THEN -LOG(NULLIF(CASE WHEN r.Positive = 1 THEN r.Probability ELSE 1 - r.Probability END, 0), 2) END),
           BinaryHits = AVG(CASE WHEN r.PredictedPositive = r.Positive THEN 1.0 ELSE 0.0 END),
           LabelHits = AVG(CASE WHEN r.PredictedLabel = r.Actual COLLATE Latin1_General_100_BIN2 THEN 1.0 ELSE 0.0 END),
           AbsoluteError = AVG(ABS(r.Score - r.ActualNumber)),
           SquaredError = AVG(SQUARE(r.Score - r.ActualNumber))
    FROM Ranked AS r
    GROUP BY r.ModelName, r.VersionNumber, r.PredictionKind, r.Period, r.PeriodStart
)
SELECT s.ModelName, s.VersionNumber,
       PredictionKind = CASE s.PredictionKind WHEN 1 THEN 'BinaryClassification' WHEN 2 THEN 'Regression' ELSE 'MulticlassClassification' END,
       s.Period, s.PeriodStart, s.Rows,
       Positives = CASE WHEN s.PredictionKind = 1 THEN s.Positives END,
       Auc = CASE WHEN s.PredictionKind = 1 AND s.ScoredPositives > 0 AND s.ScoredNegatives > 0
                  THEN (s.PositiveRanks - s.ScoredPositives * (s.ScoredPositives + 1) / 2) / (s.ScoredPositives * s.ScoredNegatives) END,
       LogLoss = CASE WHEN s.PredictionKind = 1 AND s.ZeroProbabilities = 0 THEN s.LogLoss END,
       Accuracy = CASE s.PredictionKind WHEN 1 THEN s.BinaryHits WHEN 3 THEN s.LabelHits END,
       MeanAbsoluteError = CASE WHEN s.PredictionKind = 2 THEN s.AbsoluteError END,
       RootMeanSquaredError = CASE WHEN s.PredictionKind = 2 THEN SQRT(s.SquaredError) END
FROM Sums AS s;
