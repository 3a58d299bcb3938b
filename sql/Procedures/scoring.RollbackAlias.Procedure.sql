-- DbScoring version: 0.1.0
-- scoring.RollbackAlias (not "Rollback": ROLLBACK is a reserved word and would need [brackets]): moves alias @Alias back to the version it pointed to before its current one. A rollback is
-- a new move (kept in the history like any other), never an edit; rolling back twice returns to where it was.
CREATE OR ALTER PROCEDURE scoring.RollbackAlias
    @Model    nvarchar(100)  = NULL,
    @Alias    nvarchar(100)  = N'production',
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
        PRINT N'scoring.RollbackAlias (DbScoring ' + scoring.Version() + N') - move an alias back to its previous version.';
        PRINT N'  @Model    nvarchar(100)   the model name';
        PRINT N'  @Alias    nvarchar(100)   alias name (default production)';
        PRINT N'  @Reason   nvarchar(4000)  optional: why (kept in the alias history)';
        PRINT N'  @Execute  ''Y'' | ''N''       ''N'' reports what would move, changes nothing';
        PRINT N'Example: EXEC scoring.RollbackAlias @Model = N''churn'';';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @ModelId int, @CurrentVersionId int, @ResolveProblem nvarchar(max);
    -- NULL means production everywhere below (the history lookup and the messages too, not only the resolution).
    SET @Alias = ISNULL(@Alias, N'production');
    SELECT @ModelId = r.ModelId, @CurrentVersionId = r.ModelVersionId, @ResolveProblem = r.Problem
    FROM scoring.Private_ResolveVersion(@Model, @Alias, NULL) AS r;
    DECLARE @PreviousVersionId int =
        (SELECT TOP (1) h.ModelVersionId
         FROM scoring.ModelAlias FOR SYSTEM_TIME ALL AS h
         WHERE h.ModelId = @ModelId AND h.AliasName = @Alias AND h.ModelVersionId <> @CurrentVersionId
           AND h.ValidTo < CONVERT(datetime2(7), '9999-12-31T23:59:59.9999999')
         ORDER BY h.ValidTo DESC);
    DECLARE @PreviousNumber int = (SELECT v.VersionNumber FROM scoring.ModelVersion AS v WHERE v.ModelVersionId = @PreviousVersionId);

    IF @ResolveProblem IS NOT NULL
        INSERT @Errors (Message) VALUES (@ResolveProblem);
    ELSE IF @PreviousVersionId IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Alias is not supported. Alias ' + @Alias + N' of model ' + @Model + N' has never pointed at another version.');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.RollbackAlias', @Errors = @ErrorList;
        RETURN 50001;
    END;

    IF @Execute = 'N'
    BEGIN
        PRINT N'Dry run: alias ' + @Alias + N' of model ' + @Model + N' would move back to version ' + CONVERT(nvarchar(10), @PreviousNumber) + N'.';
        RETURN 0;
    END;

    DECLARE @MoveReason nvarchar(4000) = LEFT(N'Rollback' + ISNULL(N': ' + @Reason, N''), 4000);
    EXEC scoring.SetAlias @Model = @Model, @Alias = @Alias, @Version = @PreviousNumber, @Reason = @MoveReason, @Execute = @Execute;
    RETURN 0;
END;
