-- DbScoring version: 0.1.0
-- scoring.ApproveScoringJob: a ScoringAdmin approves the inputs of the model version a scheduled job resolves to now.
-- A job (scoring.CreateScoringJob) runs scoring.ScoreTable with @JobName, which refuses (50024) a version whose set of
-- input names and kinds differs from the newest approval: the model must not choose what a privileged run reads.
-- After reviewing what the new version reads (the difference is printed; @Execute = 'N' only shows it), this records
-- a new approval row (append-only, with who, when and why). Only ScoringAdmin may execute it.
-- @Version names the version the admin reviewed: a promotion between the review and the approval would otherwise be
-- approved unseen (what the approval exists to prevent), so the approval is refused unless the job still resolves to it,
-- checked under a lock that keeps the alias where it is until the approval is recorded.
CREATE OR ALTER PROCEDURE scoring.ApproveScoringJob
    @JobName  nvarchar(128)  = NULL,
    @Version  int            = NULL,
    @Reason   nvarchar(4000) = NULL,
    @Execute  char(1)        = 'Y',
    @Help     bit            = 0
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
        PRINT N'scoring.ApproveScoringJob (DbScoring ' + scoring.Version() + N') - approve the inputs a scheduled scoring job may read.';
        PRINT N'  @JobName  nvarchar(128)   the job (see scoring.ScoringJobs; NeedsApproval = 1 when its model now takes other inputs)';
        PRINT N'  @Version  int             the version you reviewed (the dry run names it); required to approve';
        PRINT N'  @Reason   nvarchar(4000)  why (kept with the approval)';
        PRINT N'  @Execute  ''Y'' | ''N''       ''N'' prints which inputs were added and removed, approves nothing';
        PRINT N'Example: EXEC scoring.ApproveScoringJob @JobName = N''DbScoring - Sales - churn - dbo.ChurnScores'', @Version = 4, @Reason = N''v4 adds Region, reviewed'';';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @ModelName nvarchar(100), @AliasName nvarchar(100), @PinnedVersion int, @Approved nvarchar(max);
    DECLARE @VersionNumber int, @ModelVersionId int, @Current nvarchar(max), @Added nvarchar(max), @Removed nvarchar(max);

    SELECT TOP (1) @ModelName = a.ModelName, @AliasName = a.AliasName, @PinnedVersion = a.PinnedVersion, @Approved = a.ApprovedInputs
    FROM scoring.ScoringJobApproval AS a
    WHERE a.JobName = @JobName
    ORDER BY a.ScoringJobApprovalId DESC;

    IF @ModelName IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @JobName is not supported. No DbScoring job is named '
                                         + ISNULL(N'''' + @JobName + N'''', N'NULL') + N' (see scoring.ScoringJobs).');
    ELSE
    BEGIN
        INSERT @Errors (Message)
        SELECT N'Job ' + @JobName + N' cannot be approved now: ' + r.Problem
        FROM scoring.Private_ResolveVersion(@ModelName, CASE WHEN @PinnedVersion IS NULL THEN @AliasName END, @PinnedVersion) AS r
        WHERE r.Problem IS NOT NULL;
        SELECT @VersionNumber = r.VersionNumber, @ModelVersionId = r.ModelVersionId
        FROM scoring.Private_ResolveVersion(@ModelName, CASE WHEN @PinnedVersion IS NULL THEN @AliasName END, @PinnedVersion) AS r;
    END;
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');
    ELSE IF @Execute = 'Y' AND @Version IS NULL AND @VersionNumber IS NOT NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Version is not supported. Give the version you reviewed: the job resolves to version '
                                         + CONVERT(nvarchar(10), @VersionNumber) + N' now (@Execute = ''N'' shows what it reads).');
    ELSE IF @Execute = 'Y' AND @Version <> @VersionNumber
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Version is not supported. Job ' + @JobName + N' resolves to version '
                                         + CONVERT(nvarchar(10), @VersionNumber) + N' now, not the version ' + CONVERT(nvarchar(10), @Version)
                                         + N' you reviewed: review it (@Execute = ''N''), then approve it by its number.');

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.ApproveScoringJob', @Errors = @ErrorList;
        RETURN 50001;
    END;

    SET @Current = (SELECT s.InputSet FROM scoring.Private_InputSet(@ModelVersionId) AS s);
    SELECT @Added = d.Added, @Removed = d.Removed FROM scoring.Private_InputSetDifference(@Approved, @Current) AS d;
    IF @Current = @Approved
    BEGIN
        PRINT N'Job ' + @JobName + N': version ' + CONVERT(nvarchar(10), @VersionNumber) + N' of model ' + @ModelName
              + N' takes the approved inputs already; nothing to approve.';
        RETURN 0;
    END;

    PRINT N'Job ' + @JobName + N': version ' + CONVERT(nvarchar(10), @VersionNumber) + N' of model ' + @ModelName + N' would read'
          + ISNULL(N' new inputs ' + @Added, N' no new input') + ISNULL(N' and no longer ' + @Removed, N'') + N'.';
    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: nothing approved. To approve what you reviewed: EXEC scoring.ApproveScoringJob @JobName = N''' + REPLACE(@JobName, N'''', N'''''')
              + N''', @Version = ' + CONVERT(nvarchar(10), @VersionNumber) + N', @Reason = N''...'';';
        RETURN 0;
    END;

    BEGIN TRANSACTION;
    -- The alias stays where it is until the approval is recorded (scoring.SetAlias reads it under the same update lock);
    -- a move committed since the check above is refused instead of approved unseen.
    IF @PinnedVersion IS NULL AND NOT EXISTS (SELECT 1 FROM scoring.ModelAlias AS a WITH (UPDLOCK, HOLDLOCK)
                                              JOIN scoring.Model AS m ON m.ModelId = a.ModelId
                                              WHERE m.ModelName = @ModelName AND a.AliasName = @AliasName AND a.ModelVersionId = @ModelVersionId)
    BEGIN
        ROLLBACK TRANSACTION;
        DECLARE @Moved nvarchar(2048) = N'Alias ' + @AliasName + N' of model ' + @ModelName + N' moved while job ' + @JobName
                                        + N' was being approved; nothing was approved. Review the version it points at now (@Execute = ''N'').';
        THROW 50092, @Moved, 1;
    END;
    INSERT scoring.ScoringJobApproval (JobName, ModelName, AliasName, PinnedVersion, ApprovedVersion, ApprovedInputs, Reason)
    VALUES (@JobName, @ModelName, @AliasName, @PinnedVersion, @VersionNumber, @Current, @Reason);
    COMMIT TRANSACTION;
    PRINT N'Approved: job ' + @JobName + N' may score with the inputs of version ' + CONVERT(nvarchar(10), @VersionNumber) + N'.';
    RETURN 0;
END;
