-- DbScoring version: 0.1.0
-- Upgrade: scoring.PredictionLog created before reason codes gets the column Explanation (nullable; existing rows keep
-- NULL). Adding a nullable column is allowed on an append-only ledger table too. Skipped when already done.
IF OBJECT_ID(N'scoring.PredictionLog', N'U') IS NOT NULL AND COL_LENGTH(N'scoring.PredictionLog', N'Explanation') IS NULL
BEGIN
    EXEC (N'ALTER TABLE scoring.PredictionLog ADD Explanation nvarchar(max) NULL;');
    PRINT N'Upgraded scoring.PredictionLog: column Explanation (reason codes of ScoreTable @Explain); every row kept.';
END;
