-- DbScoring version: 0.1.0
-- Every change of a model's drift thresholds (scoring.SetMonitoring), oldest first per model: who set which thresholds
-- and when. A run reads the newest row of its model set before it started (else the defaults 0.1 and 0.25);
-- scoring.MonitoringSettings shows the thresholds in force now.
CREATE OR ALTER VIEW scoring.MonitoringSettingHistory
AS
SELECT s.MonitoringSettingId, m.ModelName, s.WarningPsi, s.AlertPsi, s.SetBy, s.SetAt
FROM scoring.MonitoringSetting AS s
JOIN scoring.Model AS m ON m.ModelId = s.ModelId;
