-- DbScoring version: 0.1.0
-- scoring.RetentionPolicy: how long each model's prediction log is kept, as an append-only history of decisions
-- (who set which policy, when, why). The newest row of a model is its policy; a model without one keeps
-- everything, as does a row with KeepDays NULL. Written only by scoring.SetRetention (trigger + DENY).
CREATE TABLE scoring.RetentionPolicy
(
    RetentionPolicyId  int             IDENTITY(1, 1) NOT NULL,
    ModelId            int             NOT NULL,
    KeepDays           int             NULL,
    Reason             nvarchar(4000)  NULL,
    SetBy              nvarchar(128)   NOT NULL CONSTRAINT DF_RetentionPolicy_SetBy DEFAULT (ORIGINAL_LOGIN()),
    SetAt              datetime2(3)    NOT NULL CONSTRAINT DF_RetentionPolicy_SetAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_RetentionPolicy PRIMARY KEY CLUSTERED (RetentionPolicyId),
    CONSTRAINT FK_RetentionPolicy_Model FOREIGN KEY (ModelId) REFERENCES scoring.Model (ModelId),
    CONSTRAINT CK_RetentionPolicy_KeepDays CHECK (KeepDays IS NULL OR KeepDays BETWEEN 1 AND 36500),
    INDEX IX_RetentionPolicy_Model NONCLUSTERED (ModelId, RetentionPolicyId)
);
