-- DbScoring version: 0.1.0
-- scoring.MonitoringSetting: each model's drift thresholds (PSI) as an append-only history of decisions (who set which
-- thresholds, when). The newest row of a model set before a run started is the one that run reads; a model without one
-- uses the defaults 0.1 (warning) and 0.25 (alert). Written only by scoring.SetMonitoring (trigger + DENY). The same
-- table as the embedded store's.
CREATE TABLE scoring.MonitoringSetting
(
    MonitoringSettingId  int             IDENTITY(1, 1) NOT NULL,
    ModelId              int             NOT NULL,
    WarningPsi           float           NOT NULL,
    AlertPsi             float           NOT NULL,
    SetBy                nvarchar(128)   NOT NULL CONSTRAINT DF_MonitoringSetting_SetBy DEFAULT (ORIGINAL_LOGIN()),
    SetAt                datetime2(3)    NOT NULL CONSTRAINT DF_MonitoringSetting_SetAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_MonitoringSetting PRIMARY KEY CLUSTERED (MonitoringSettingId),
    CONSTRAINT FK_MonitoringSetting_Model FOREIGN KEY (ModelId) REFERENCES scoring.Model (ModelId),
    CONSTRAINT CK_MonitoringSetting_Psi CHECK (WarningPsi > 0 AND AlertPsi >= WarningPsi AND AlertPsi < 1e300),
    INDEX IX_MonitoringSetting_Model NONCLUSTERED (ModelId, MonitoringSettingId)
);
