-- DbScoring version: 0.1.0
-- Every model's drift thresholds now: the newest scoring.MonitoringSetting row, or the defaults (warning 0.1, alert
-- 0.25: the runtime's DriftThresholds) with IsDefault = 1 for a model that never had one; who set them and when.
CREATE OR ALTER VIEW scoring.MonitoringSettings
AS
SELECT m.ModelId, m.ModelName, WarningPsi = ISNULL(s.WarningPsi, 0.1), AlertPsi = ISNULL(s.AlertPsi, 0.25),
       IsDefault = CONVERT(bit, CASE WHEN s.WarningPsi IS NULL THEN 1 ELSE 0 END), s.SetBy, s.SetAt
FROM scoring.Model AS m
OUTER APPLY (SELECT TOP (1) x.WarningPsi, x.AlertPsi, x.SetBy, x.SetAt
             FROM scoring.MonitoringSetting AS x
             WHERE x.ModelId = m.ModelId
             ORDER BY x.MonitoringSettingId DESC) AS s;
