-- DbScoring version: 0.1.0
-- scoring.CreatePredictFunction: generates the typed inline table-valued function scoring.Predict_<model>
-- (alias production), scoring.Predict_<model>_<alias>, or scoring.Predict_<model>_v<N> (pinned version), with
-- one parameter per model input (float for numbers, nvarchar(n) for text, bit for booleans; NULL = missing).
-- An alias function resolves the alias when the query runs, so promote/rollback need no DDL; it was generated
-- for one input signature and fails with a conversion error naming itself if the alias now points at a version
-- with other inputs (scoring.SetAlias regenerates it in that case). Granted SELECT to ScoringAnalyst.
-- Runs AS OWNER (dbo, inside this database only) so that publishers need no ALTER on schema scoring: the
-- function text is built from registry rows and validated names only, never from caller-supplied SQL.
CREATE OR ALTER PROCEDURE scoring.CreatePredictFunction
    @Model         nvarchar(100) = NULL,
    @Alias         nvarchar(100) = NULL,
    @Version       int           = NULL,
    @FunctionName  nvarchar(128) = NULL,
    @Execute       char(1)       = 'Y',
    @Help          bit           = 0
WITH EXECUTE AS OWNER
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;

    IF @Help = 1
    BEGIN
        PRINT N'scoring.CreatePredictFunction (DbScoring ' + scoring.Version() + N') - generate a typed per-row prediction function.';
        PRINT N'  @Model         nvarchar(100)  the model name';
        PRINT N'  @Alias         nvarchar(100)  alias resolved at query time (default production when @Version is NULL)';
        PRINT N'  @Version       int            or: a pinned version number';
        PRINT N'  @FunctionName  nvarchar(128)  optional name in schema scoring (default Predict_<model>[_<alias>|_v<N>])';
        PRINT N'  @Execute       ''Y'' | ''N''      ''N'' prints the function text, creates nothing';
        PRINT N'Use: SELECT c.CustomerId, p.* FROM dbo.Customers AS c CROSS APPLY scoring.Predict_churn(c.Age, c.[Plan]) AS p;';
        RETURN 0;
    END;

    DECLARE @Errors TABLE (Id int IDENTITY(1, 1) NOT NULL, Message nvarchar(2000) NOT NULL);
    DECLARE @ModelId int = (SELECT m.ModelId FROM scoring.Model AS m WHERE m.ModelName = @Model);
    DECLARE @ModelVersionId int;

    IF @Alias IS NULL AND @Version IS NULL
        SET @Alias = N'production';

    IF @ModelId IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Model is not supported. No model is named ' + ISNULL(N'''' + @Model + N'''', N'NULL') + N' (see scoring.Models).');
    IF @Alias IS NOT NULL AND @Version IS NOT NULL
        INSERT @Errors (Message) VALUES (N'The parameters @Alias and @Version cannot both be given. Give one.');
    ELSE IF @ModelId IS NOT NULL AND @Version IS NOT NULL
    BEGIN
        SET @ModelVersionId = (SELECT v.ModelVersionId FROM scoring.ModelVersion AS v WHERE v.ModelId = @ModelId AND v.VersionNumber = @Version);
        IF @ModelVersionId IS NULL
            INSERT @Errors (Message) VALUES (N'The value for the parameter @Version is not supported. Model ' + @Model + N' has no version ' + CONVERT(nvarchar(10), @Version) + N'.');
    END
    ELSE IF @ModelId IS NOT NULL
    BEGIN
        SET @ModelVersionId = (SELECT a.ModelVersionId FROM scoring.ModelAlias AS a WHERE a.ModelId = @ModelId AND a.AliasName = @Alias);
        IF @ModelVersionId IS NULL
            INSERT @Errors (Message) VALUES (N'The value for the parameter @Alias is not supported. Model ' + @Model + N' has no alias ''' + @Alias + N''' (see scoring.Models; scoring.SetAlias creates it).');
    END;

    IF @FunctionName IS NULL AND @Model IS NOT NULL
        SET @FunctionName = N'Predict_' + @Model + CASE WHEN @Version IS NOT NULL THEN N'_v' + CONVERT(nvarchar(10), @Version)
                                                        WHEN @Alias = N'production' THEN N'' ELSE N'_' + @Alias END;
    IF @FunctionName IS NULL OR @FunctionName NOT LIKE N'Predict[_]%' OR @FunctionName LIKE N'%[^A-Za-z0-9_]%'
        INSERT @Errors (Message) VALUES (N'The value for the parameter @FunctionName is not supported. Give a name that starts with Predict_ and has only letters, digits and _.');
    ELSE IF OBJECT_ID(N'scoring.' + QUOTENAME(@FunctionName)) IS NOT NULL AND OBJECT_ID(N'scoring.' + QUOTENAME(@FunctionName), N'IF') IS NULL
        INSERT @Errors (Message) VALUES (N'The value for the parameter @FunctionName is not supported. scoring.' + @FunctionName + N' exists and is not an inline function.');
    IF @Execute IS NULL OR @Execute NOT IN ('Y', 'N')
        INSERT @Errors (Message) VALUES (N'The value for the parameter @Execute is not supported. Give ''Y'' or ''N''.');

    IF EXISTS (SELECT 1 FROM @Errors)
    BEGIN
        DECLARE @ErrorText nvarchar(2048) =
            (SELECT LEFT(STRING_AGG(e.Message, NCHAR(13) + NCHAR(10)) WITHIN GROUP (ORDER BY e.Id), 2048) FROM @Errors AS e);
        THROW 50001, @ErrorText, 1;
    END;

    DECLARE @TextChars int = (SELECT t.TextChars FROM scoring.Private_TextChars(@ModelVersionId) AS t);
    DECLARE @Parameters TABLE (InputIndex int NOT NULL PRIMARY KEY, ParameterName nvarchar(128) NOT NULL, Kind tinyint NOT NULL);

    -- Parameter names: the input name with anything but letters, digits and _ replaced by _, made unique.
    INSERT @Parameters (InputIndex, ParameterName, Kind)
    SELECT i.InputIndex, N'@' + x.Clean + CASE WHEN COUNT(*) OVER (PARTITION BY x.Clean) > 1 THEN N'_' + CONVERT(nvarchar(10), i.InputIndex) ELSE N'' END, i.Kind
    FROM scoring.Private_ModelInputs(@ModelVersionId) AS i
    CROSS APPLY (SELECT Clean = LEFT(
        (SELECT CASE WHEN SUBSTRING(i.InputName, n.N, 1) LIKE N'[A-Za-z0-9_]' THEN SUBSTRING(i.InputName, n.N, 1) ELSE N'_' END
         FROM (SELECT TOP (LEN(i.InputName)) N = ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) FROM sys.all_columns) AS n
         ORDER BY n.N
         FOR XML PATH(''), TYPE).value(N'.', N'nvarchar(max)'), 100)) AS x;

    DECLARE @Signature binary(32) = (SELECT v.InputSignature FROM scoring.ModelVersion AS v WHERE v.ModelVersionId = @ModelVersionId);
    DECLARE @ParameterList nvarchar(max) =
        (SELECT STRING_AGG(CONVERT(nvarchar(max), p.ParameterName + N' ' + CASE p.Kind WHEN 1 THEN N'float' WHEN 3 THEN N'bit'
                                   ELSE N'nvarchar(' + CONVERT(nvarchar(10), @TextChars) + N')' END), N',' + NCHAR(10) + N'    ')
                WITHIN GROUP (ORDER BY p.InputIndex)
         FROM @Parameters AS p);
    DECLARE @Pack nvarchar(max) =
        (SELECT STRING_AGG(CONVERT(nvarchar(max), e.Expression), NCHAR(10) + N'            + ') WITHIN GROUP (ORDER BY p.InputIndex)
         FROM @Parameters AS p CROSS APPLY scoring.Private_PackExpression(p.ParameterName, p.Kind, @TextChars) AS e);
    DECLARE @Where nvarchar(max) = CASE WHEN @Version IS NOT NULL
        THEN N'v.ModelVersionId = ' + CONVERT(nvarchar(10), @ModelVersionId)
        ELSE N'v.ModelVersionId = (SELECT a.ModelVersionId FROM scoring.ModelAlias AS a WHERE a.ModelId = '
             + CONVERT(nvarchar(10), @ModelId) + N' AND a.AliasName = N''' + @Alias + N''')' END;
    DECLARE @Sql nvarchar(max) =
        N'-- DbScoring version: ' + scoring.Version() + NCHAR(10)
        + N'-- Generated by scoring.CreatePredictFunction for model ' + @Model
        + CASE WHEN @Version IS NOT NULL THEN N' version ' + CONVERT(nvarchar(10), @Version) ELSE N' alias ' + @Alias END
        + N'. Do not edit: regenerate.' + NCHAR(10)
        + N'CREATE OR ALTER FUNCTION scoring.' + QUOTENAME(@FunctionName) + NCHAR(10) + N'(' + NCHAR(10) + N'    '
        + ISNULL(@ParameterList, N'') + NCHAR(10) + N')' + NCHAR(10)
        + N'RETURNS TABLE' + NCHAR(10) + N'AS' + NCHAR(10) + N'RETURN' + NCHAR(10)
        + N'SELECT p.PredictedLabel, p.Score, p.Probability, p.PredictedClass, v.ModelVersionId, v.VersionNumber' + NCHAR(10)
        + N'FROM scoring.ModelVersion AS v' + NCHAR(10)
        + N'CROSS APPLY scoring.Private_PredictRow(' + NCHAR(10)
        + N'        CASE WHEN v.InputSignature = ' + CONVERT(nvarchar(66), @Signature, 1)
        + N' THEN v.ModelVersionId ELSE CONVERT(int, N''scoring.' + @FunctionName
        + N' was generated for other model inputs: run scoring.CreatePredictFunction again.'') END,' + NCHAR(10)
        + N'        v.BlobSha256, v.ModelBlob,' + NCHAR(10)
        + N'        0x01' + CASE WHEN @Pack IS NULL THEN N'' ELSE NCHAR(10) + N'            + ' + @Pack END + N') AS p' + NCHAR(10)
        + N'WHERE ' + @Where + N';' + NCHAR(10);

    IF @Execute = 'N'
    BEGIN
        PRINT @Sql;
        RETURN 0;
    END;

    EXEC sys.sp_executesql @Sql;
    DECLARE @Grant nvarchar(400) = N'GRANT SELECT ON scoring.' + QUOTENAME(@FunctionName) + N' TO ScoringAnalyst;';
    IF DATABASE_PRINCIPAL_ID(N'ScoringAnalyst') IS NOT NULL
        EXEC sys.sp_executesql @Grant;

    PRINT N'Created scoring.' + @FunctionName + N' (' + CONVERT(nvarchar(10), (SELECT COUNT(*) FROM @Parameters)) + N' inputs).';
    RETURN 0;
END;
