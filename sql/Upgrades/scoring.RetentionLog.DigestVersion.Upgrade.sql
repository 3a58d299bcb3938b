-- DbScoring version: 0.1.0
-- Upgrade: scoring.RetentionLog created before digest versions gets the column DigestVersion (nullable; the rows written
-- before keep NULL, which means line format 1 of scoring.Private_PredictionLogLine, so their digests still recompute).
-- Adding a nullable column is allowed on an append-only ledger table too. Skipped when already done.
IF OBJECT_ID(N'scoring.RetentionLog', N'U') IS NOT NULL AND COL_LENGTH(N'scoring.RetentionLog', N'DigestVersion') IS NULL
BEGIN
    EXEC (N'ALTER TABLE scoring.RetentionLog ADD DigestVersion tinyint NULL;');
    PRINT N'Upgraded scoring.RetentionLog: column DigestVersion (its rows so far keep digest line format 1); every row kept.';
END;
