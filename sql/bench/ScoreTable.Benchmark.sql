-- DbScoring version: 0.1.0
-- Benchmark, not part of the installer: run where SQL Server runs (tests/DbScoring.SqlServer.Tests,
-- BenchmarkTests with DBSCORING_BENCH=1, prepares everything). Needs model churn with alias production and
-- inputs Age, Plan, Tenure; dbo.BenchCustomers (CustomerId int PRIMARY KEY, Age real, Plan nvarchar(20),
-- Tenure real) filled with the rows to score; and scoring.Predict_churn.
-- Prints (and returns as one row) ratios against plain SQL over the same rows:
--   ScoreTable (scoring + audit log + restartable batches)  vs  a plain INSERT ... SELECT copy of the keys
--   SELECT ... CROSS APPLY scoring.Predict_churn(...)        vs  the same SELECT without the function
SET NOCOUNT ON;
DECLARE @Rows bigint = (SELECT COUNT_BIG(*) FROM dbo.BenchCustomers);
DECLARE @t datetime2(7), @CopyMs bigint, @ScoreMs bigint, @PlainSelectMs bigint, @PredictSelectMs bigint, @Sink float;

DROP TABLE IF EXISTS dbo.BenchCopy;
DROP TABLE IF EXISTS dbo.BenchScores;
CREATE TABLE dbo.BenchCopy (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL);

SET @t = SYSUTCDATETIME();
INSERT dbo.BenchCopy WITH (TABLOCK) (CustomerId, Age, [Plan], Tenure)
SELECT CustomerId, Age, [Plan], Tenure FROM dbo.BenchCustomers;
SET @CopyMs = DATEDIFF_BIG(millisecond, @t, SYSUTCDATETIME());

SET @t = SYSUTCDATETIME();
EXEC scoring.ScoreTable @Model = N'churn', @Alias = N'production', @Source = N'dbo.BenchCustomers', @KeyColumns = N'CustomerId',
     @Target = N'dbo.BenchScores', @BatchSize = 100000, @LogInputs = 'Y';
SET @ScoreMs = DATEDIFF_BIG(millisecond, @t, SYSUTCDATETIME());

SET @t = SYSUTCDATETIME();
SELECT @Sink = SUM(CONVERT(float, c.Tenure) + ISNULL(c.Age, 0) + LEN(c.[Plan])) FROM dbo.BenchCustomers AS c;
SET @PlainSelectMs = DATEDIFF_BIG(millisecond, @t, SYSUTCDATETIME());

SET @t = SYSUTCDATETIME();
SELECT @Sink = SUM(CONVERT(float, p.Score)) FROM dbo.BenchCustomers AS c CROSS APPLY scoring.Predict_churn(c.Age, c.[Plan], c.Tenure) AS p;
SET @PredictSelectMs = DATEDIFF_BIG(millisecond, @t, SYSUTCDATETIME());

PRINT N'Rows: ' + CONVERT(nvarchar(20), @Rows);
PRINT N'ScoreTable vs plain copy of the keys: ' + CONVERT(nvarchar(20), CONVERT(decimal(9, 2), @ScoreMs * 1.0 / NULLIF(@CopyMs, 0)))
      + N' (' + CONVERT(nvarchar(20), @ScoreMs) + N' ms vs ' + CONVERT(nvarchar(20), @CopyMs) + N' ms; '
      + CONVERT(nvarchar(20), CONVERT(decimal(19, 0), @Rows * 1000.0 / NULLIF(@ScoreMs, 0))) + N' rows/s)';
PRINT N'SELECT with scoring.Predict_churn vs the same SELECT without: ' + CONVERT(nvarchar(20), CONVERT(decimal(9, 2), @PredictSelectMs * 1.0 / NULLIF(@PlainSelectMs, 0)))
      + N' (' + CONVERT(nvarchar(20), CONVERT(decimal(9, 2), (@PredictSelectMs - @PlainSelectMs) * 1000.0 / NULLIF(@Rows, 0))) + N' us per row)';

SELECT Rows = @Rows,
       CopyMs = @CopyMs, ScoreTableMs = @ScoreMs,
       ScoreTableVsCopy = CONVERT(decimal(9, 2), @ScoreMs * 1.0 / NULLIF(@CopyMs, 0)),
       ScoreTableRowsPerSecond = CONVERT(decimal(19, 0), @Rows * 1000.0 / NULLIF(@ScoreMs, 0)),
       PlainSelectMs = @PlainSelectMs, PredictSelectMs = @PredictSelectMs,
       PredictVsPlainSelect = CONVERT(decimal(9, 2), @PredictSelectMs * 1.0 / NULLIF(@PlainSelectMs, 0)),
       PerRowMicroseconds = CONVERT(decimal(9, 2), (@PredictSelectMs - @PlainSelectMs) * 1000.0 / NULLIF(@Rows, 0));
