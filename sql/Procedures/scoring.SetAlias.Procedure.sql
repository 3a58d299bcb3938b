-- DbScoring version: 0.1.0
-- scoring.SetAlias: points alias @Alias of model @Model at version @Version (promote). Every move is kept in
-- scoring.ModelAliasHistory (system-versioned) with who moved it and when. If a generated prediction function
-- for this alias exists and the new version takes different inputs, it is regenerated in the same transaction, before
-- the alias moves (scoring.Private_RegeneratePredictFunction, which looks for the function with the owner's metadata
-- visibility: a publisher sees no generated function itself; error 50093 when queries using it hold it for 30 s).
CREATE OR ALTER PROCEDURE scoring.SetAlias
    @Model    nvarchar(100)  = NULL,
    @Alias    nvarchar(100)  = N'production',
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
        PRINT N'scoring.SetAlias (DbScoring ' + scoring.Version() + N') - point an alias at a version (promote).';
        PRINT N'  @Model    nvarchar(100)   the model name';
        PRINT N'  @Alias    nvarchar(100)   alias name (default production): a letter, then letters, digits, _';
        PRINT N'  @Version  int             the version number to point at';
        PRINT N'  @Reason   nvarchar(4000)  optional: why (kept in the alias history)';
        PRINT N'  @Execute  ''Y'' | ''N''       ''N'' reports what would move, changes nothing';
        PRINT N'Example: EXEC scoring.SetAlias @Model = N''churn'', @Alias = N''production'', @Version = 3;';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(max) NOT NULL);
    DECLARE @ModelId int, @ModelVersionId int;
    SELECT @ModelId = r.ModelId, @ModelVersionId = r.ModelVersionId FROM scoring.Private_ResolveVersion(@Model, NULL, @Version) AS r;

    IF @Version IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Version is not supported. Give the version number to point at (see scoring.ModelVersions).');
    ELSE
        INSERT @Errors (Message) SELECT r.Problem FROM scoring.Private_ResolveVersion(@Model, NULL, @Version) AS r WHERE r.Problem IS NOT NULL;
    IF @Alias IS NULL OR @Alias = N'' OR @Alias COLLATE Latin1_General_100_BIN2 LIKE N'%[^A-Za-z0-9_]%' OR @Alias COLLATE Latin1_General_100_BIN2 NOT LIKE N'[A-Za-z]%'
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Alias is not supported. Give a name that starts with a letter and has only letters, digits and _.');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorList nvarchar(max) = (SELECT e.Message FROM @Errors AS e ORDER BY e.Id FOR JSON PATH);
        EXEC scoring.Private_RaiseErrors @ProcedureName = N'scoring.SetAlias', @Errors = @ErrorList;
        RETURN 50001;
    END;

    DECLARE @FunctionName nvarchar(128), @Regenerate bit = 0, @CurrentVersionId int;

    -- The current version is read under an update lock held to the end: two concurrent moves of one alias are serialised,
    -- so the second compares the inputs with the version the first moved to (not a stale one) when it decides whether to
    -- regenerate the function, and two first moves of a new alias cannot both insert it.
    BEGIN TRANSACTION;

    SET @CurrentVersionId = (SELECT a.ModelVersionId FROM scoring.ModelAlias AS a WITH (UPDLOCK, HOLDLOCK) WHERE a.ModelId = @ModelId AND a.AliasName = @Alias);
    IF @CurrentVersionId = @ModelVersionId OR @Execute = 'N'
    BEGIN
        COMMIT TRANSACTION;
        PRINT CASE WHEN @CurrentVersionId = @ModelVersionId
                   THEN N'Alias ' + @Alias + N' of model ' + @Model + N' already points at version ' + CONVERT(nvarchar(10), @Version) + N'; nothing moved.'
                   ELSE N'Dry run: alias ' + @Alias + N' of model ' + @Model + N' would move to version ' + CONVERT(nvarchar(10), @Version) + N'.' END;
        RETURN 0;
    END;

    -- The function first: its DDL may wait for queries that use it, and the alias write below takes the database-wide audit
    -- lock (its trigger appends a link) that every ScoreTable batch needs, so it must not be held while the DDL waits.
    EXEC scoring.Private_RegeneratePredictFunction @Model = @Model, @Alias = @Alias, @PreviousVersionId = @CurrentVersionId,
         @NewVersionId = @ModelVersionId, @FunctionName = @FunctionName OUTPUT, @Regenerated = @Regenerate OUTPUT;

    IF @CurrentVersionId IS NULL
        INSERT scoring.ModelAlias (ModelId, AliasName, ModelVersionId, MovedBy, MoveReason)
        VALUES (@ModelId, @Alias, @ModelVersionId, ORIGINAL_LOGIN(), @Reason);
    ELSE
        UPDATE scoring.ModelAlias
        SET ModelVersionId = @ModelVersionId, MovedBy = ORIGINAL_LOGIN(), MoveReason = @Reason
        WHERE ModelId = @ModelId AND AliasName = @Alias;

    COMMIT TRANSACTION;

    PRINT N'Alias ' + @Alias + N' of model ' + @Model + N' now points at version ' + CONVERT(nvarchar(10), @Version)
          + CASE WHEN @Regenerate = 1 THEN N'; scoring.' + @FunctionName + N' was regenerated for its inputs.' ELSE N'.' END;
    RETURN 0;
END;
