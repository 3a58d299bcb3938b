-- DbScoring version: 0.1.0
-- scoring.Outcome: what actually happened to a scored row, recorded when it becomes known (churned or not, the real
-- amount): per model and row key (the same text as PredictionLog.RowKey) the actual label or value, when it was
-- observed, who recorded it and when. Append-only: a correction is a new row, and the latest row of a key wins
-- (scoring.PredictionOutcomes, scoring.RealisedPerformance). Written only by scoring.RecordOutcomes (trigger + DENY).
-- The same table as the embedded store's.
CREATE TABLE scoring.Outcome
(
    OutcomeId   bigint          IDENTITY(1, 1) NOT NULL,
    ModelId     int             NOT NULL,
    RowKey      nvarchar(450)   NOT NULL,
    Actual      nvarchar(400)   NOT NULL,
    ObservedAt  datetime2(3)    NULL,
    RecordedBy  nvarchar(128)   NOT NULL CONSTRAINT DF_Outcome_RecordedBy DEFAULT (ORIGINAL_LOGIN()),
    RecordedAt  datetime2(3)    NOT NULL CONSTRAINT DF_Outcome_RecordedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_Outcome PRIMARY KEY CLUSTERED (OutcomeId),
    CONSTRAINT FK_Outcome_Model FOREIGN KEY (ModelId) REFERENCES scoring.Model (ModelId),
    CONSTRAINT CK_Outcome_Values CHECK (LEN(RowKey) > 0 AND LEN(LTRIM(Actual)) > 0),
    INDEX IX_Outcome_Key NONCLUSTERED (ModelId, RowKey, OutcomeId)
);
