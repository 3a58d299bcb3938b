-- DbScoring version: 0.1.0
-- scoring.SetMonitoring: sets model @Model's drift thresholds (PSI) for the scoring runs that start from now on: an
-- input or output whose PSI against the training profile reaches @WarningPsi warns, @AlertPsi alerts (defaults 0.1 and
-- 0.25, the customary reading of the PSI). Each call is a new row of the append-only scoring.MonitoringSetting (who,
-- when); runs read the newest set before they started, so a past run's level never changes. docs/monitoring.md.
CREATE OR ALTER PROCEDURE scoring.SetMonitoring
    @Model       nvarchar(100)  = NULL,
    @WarningPsi  float          = NULL,
    @AlertPsi    float          = NULL,
    @Execute     char(1)        = 'Y',
    @Help        bit            = 0
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own
    SET XACT_ABORT ON;

    IF @Help = 1
    BEGIN
        PRINT N'scoring.SetMonitoring (DbScoring ' + scoring.Version() + N') - drift thresholds of a model, for the runs that start from now on.';
        PRINT N'  @Model       nvarchar(100)   the model name';
        PRINT N'  @WarningPsi  float           PSI at or above which an input or output warns (> 0; default without a setting 0.1)';
        PRINT N'  @AlertPsi    float           PSI at or above which it alerts (>= @WarningPsi; default without a setting 0.25)';
        PRINT N'  @Execute     ''Y'' | ''N''       ''N'' reports the change, changes nothing';
        PRINT N'Every change is kept in scoring.MonitoringSetting; scoring.MonitoringSettings shows each model''s thresholds now.';
        PRINT N'Example: EXEC scoring.SetMonitoring @Model = N''churn'', @WarningPsi = 0.1, @AlertPsi = 0.2;';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @ModelId int = (SELECT m.ModelId FROM scoring.Model AS m WHERE m.ModelName = @Model);

    IF @ModelId IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Model is not supported. No model is named ' + ISNULL(N'''' + @Model + N'''', N'NULL') + N' (see scoring.Models).');
    IF @WarningPsi IS NULL OR NOT (@WarningPsi > 0 AND @WarningPsi < 1e300)
        INSERT @Errors (Message) VALUES (N'The value for the parameter @WarningPsi is not supported. Give a PSI above 0, such as 0.1.');
    IF @AlertPsi IS NULL OR NOT (@AlertPsi < 1e300) OR (@WarningPsi IS NOT NULL AND NOT (@AlertPsi >= @WarningPsi))
        INSERT @Errors (Message) VALUES (N'The value for the parameter @AlertPsi is not supported. Give a PSI at least as large as @WarningPsi, such as 0.25.');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.SetMonitoring', @Errors = @ErrorList;
        RETURN 50001;
    END;

    DECLARE @Was nvarchar(200) = (SELECT N'warning ' + CONVERT(nvarchar(30), s.WarningPsi) + N', alert ' + CONVERT(nvarchar(30), s.AlertPsi)
                                         + CASE WHEN s.IsDefault = 1 THEN N' (defaults)' ELSE N'' END
                                  FROM scoring.MonitoringSettings AS s WHERE s.ModelId = @ModelId);
    DECLARE @Describe nvarchar(200) = N'warning ' + CONVERT(nvarchar(30), @WarningPsi) + N', alert ' + CONVERT(nvarchar(30), @AlertPsi);

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: the drift thresholds of model ' + @Model + N' would change from ' + @Was + N' to ' + @Describe + N'.';
        RETURN 0;
    END;

    INSERT scoring.MonitoringSetting (ModelId, WarningPsi, AlertPsi) VALUES (@ModelId, @WarningPsi, @AlertPsi);
    PRINT N'Drift thresholds of model ' + @Model + N': ' + @Describe + N' (was ' + @Was + N'), for the runs that start from now on.';
    RETURN 0;
END;
