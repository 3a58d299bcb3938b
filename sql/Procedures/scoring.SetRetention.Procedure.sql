-- DbScoring version: 0.1.0
-- scoring.SetRetention: sets how many days the prediction log of model @Model is kept (@KeepDays), or that it is
-- kept for ever (@KeepDays NULL, the default for every model). Each call is a new row of the append-only
-- scoring.RetentionPolicy (who, when, why); scoring.PurgePredictionLog applies the newest. Regulations set floors
-- (e.g. at least six months of automatically generated logs for high-risk AI systems under the EU AI Act, longer
-- under sector law) and privacy law ceilings: the policy is the organisation's decision, recorded here.
CREATE OR ALTER PROCEDURE scoring.SetRetention
    @Model     nvarchar(100)  = NULL,
    @KeepDays  int            = NULL,
    @Reason    nvarchar(4000) = NULL,
    @Execute   char(1)        = 'Y',
    @Help      bit            = 0
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
        PRINT N'scoring.SetRetention (DbScoring ' + scoring.Version() + N') - how long a model''s prediction log is kept.';
        PRINT N'  @Model     nvarchar(100)   the model name';
        PRINT N'  @KeepDays  int             days to keep a run''s predictions after it ended (1 .. 36500); NULL = keep everything (the default)';
        PRINT N'  @Reason    nvarchar(4000)  optional: why (the regulation or decision; kept in scoring.RetentionPolicy)';
        PRINT N'  @Execute   ''Y'' | ''N''       ''N'' reports the change and what the next purge would remove, changes nothing';
        PRINT N'Example: EXEC scoring.SetRetention @Model = N''churn'', @KeepDays = 400, @Reason = N''EU AI Act art. 19: at least 6 months; GDPR: no longer than needed'';';
        PRINT N'Then: EXEC scoring.PurgePredictionLog @Model = N''churn'';  (scheduled, e.g. daily)';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @ModelId int = (SELECT m.ModelId FROM scoring.Model AS m WHERE m.ModelName = @Model);

    IF @ModelId IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Model is not supported. No model is named ' + ISNULL(N'''' + @Model + N'''', N'NULL') + N' (see scoring.Models).');
    IF @KeepDays IS NOT NULL AND (@KeepDays < 1 OR @KeepDays > 36500)
        INSERT @Errors (Message) VALUES (N'The value for the parameter @KeepDays is not supported. Give 1 .. 36500 days, or NULL to keep everything.');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.SetRetention', @Errors = @ErrorList;
        RETURN 50001;
    END;

    DECLARE @Current int = (SELECT p.KeepDays FROM scoring.RetentionPolicies AS p WHERE p.ModelId = @ModelId);
    DECLARE @Describe nvarchar(200) = CASE WHEN @KeepDays IS NULL THEN N'keep everything' ELSE CONVERT(nvarchar(10), @KeepDays) + N' days' END;

    IF @KeepDays IS NOT NULL AND @KeepDays < 183
        PRINT N'Note: ' + CONVERT(nvarchar(10), @KeepDays) + N' days is shorter than six months, the minimum the EU AI Act sets for the logs of high-risk AI systems (providers art. 19, deployers art. 26(6)); check which rules apply to model ' + @Model + N'.';

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: the retention of model ' + @Model + N' would change from '
              + CASE WHEN @Current IS NULL THEN N'keep everything' ELSE CONVERT(nvarchar(10), @Current) + N' days' END + N' to ' + @Describe + N'.';
        RETURN 0;
    END;

    INSERT scoring.RetentionPolicy (ModelId, KeepDays, Reason) VALUES (@ModelId, @KeepDays, @Reason);
    PRINT N'Retention of model ' + @Model + N': ' + @Describe + N' (was '
          + CASE WHEN @Current IS NULL THEN N'keep everything' ELSE CONVERT(nvarchar(10), @Current) + N' days' END
          + N'). scoring.PurgePredictionLog applies it.';
    RETURN 0;
END;
