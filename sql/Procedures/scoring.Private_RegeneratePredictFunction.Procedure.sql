-- DbScoring version: 0.1.0
-- scoring.Private_RegeneratePredictFunction: called by scoring.SetAlias inside its transaction before an alias moves.
-- When the alias's generated function scoring.Predict_<model>[_<alias>] exists and the new version takes other
-- inputs than the previous one, regenerates it for the new version (scoring.Private_WritePredictFunction); @Regenerated
-- tells whether it did. The DDL waits for queries that use the function (their schema-stability locks), and new queries
-- queue behind it: after 30 s (or the caller's shorter LOCK_TIMEOUT) it gives up with error 50093, and the promotion with it.
-- WITH EXECUTE AS OWNER because OBJECT_ID only sees objects the current user has rights on: a ScoringPublisher has
-- none on the generated functions (only ScoringAnalyst gets SELECT), so with the caller's metadata visibility the
-- function looked absent and was never regenerated. Runs as dbo inside this database only; it reads registry rows
-- and validated names, never caller SQL.
CREATE OR ALTER PROCEDURE scoring.Private_RegeneratePredictFunction
    @Model              nvarchar(100),
    @Alias              nvarchar(100),
    @PreviousVersionId  int,
    @NewVersionId       int,
    @FunctionName       nvarchar(128) = NULL OUTPUT,
    @Regenerated        bit           = 0 OUTPUT
WITH EXECUTE AS OWNER
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own
    SET XACT_ABORT ON;
    -- Built wide first: a default name over 128 characters was refused by scoring.CreatePredictFunction, so no such
    -- function exists (assigned straight to nvarchar(128) it would be cut and could name another alias's function).
    DECLARE @DefaultName nvarchar(300) = N'Predict_' + @Model + CASE WHEN @Alias = N'production' THEN N'' ELSE N'_' + @Alias END;
    SET @FunctionName = CASE WHEN LEN(@DefaultName) <= 128 THEN @DefaultName END;
    SET @Regenerated = CASE
        WHEN @FunctionName IS NOT NULL AND OBJECT_ID(N'scoring.' + QUOTENAME(@FunctionName), N'IF') IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM scoring.ModelVersion AS a JOIN scoring.ModelVersion AS b ON a.InputSignature = b.InputSignature
                             WHERE a.ModelVersionId = @PreviousVersionId AND b.ModelVersionId = @NewVersionId)
        THEN 1 ELSE 0 END;
    IF @Regenerated = 0
        RETURN 0;

    IF @@LOCK_TIMEOUT < 0 OR @@LOCK_TIMEOUT > 30000
        SET LOCK_TIMEOUT 30000; -- this procedure's and the writer's only: restored when it returns
    EXEC scoring.Private_WritePredictFunction @Model = @Model, @AliasName = @Alias, @Version = NULL, @ModelVersionId = @NewVersionId,
         @FunctionName = @FunctionName;
    RETURN 0;
END;
