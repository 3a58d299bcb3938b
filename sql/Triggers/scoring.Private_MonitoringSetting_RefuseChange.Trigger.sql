-- DbScoring version: 0.1.0
-- scoring.MonitoringSetting is append-only: any UPDATE or DELETE fails (error 50040) and is rolled back, whoever runs it.
CREATE OR ALTER TRIGGER scoring.Private_MonitoringSetting_RefuseChange
ON scoring.MonitoringSetting
AFTER UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM deleted)
    BEGIN
        ;THROW 50040, N'scoring.MonitoringSetting is append-only: thresholds are never changed or removed; set new ones with scoring.SetMonitoring (the newest wins).', 1;
    END;
END;
