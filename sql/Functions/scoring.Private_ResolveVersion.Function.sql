-- DbScoring version: 0.1.0
-- The one place that turns (@Model, @Alias | @Version) into a model version: always one row, with the version's
-- ids and hashes, or Problem = the whole message naming the parameter. @Alias and @Version both NULL means alias
-- production; both given is a problem. Used by the procedures and inside the generated scoring.Predict_* functions
-- (an alias is resolved when the query runs).
CREATE OR ALTER FUNCTION scoring.Private_ResolveVersion (@Model nvarchar(100), @Alias nvarchar(100), @Version int)
RETURNS TABLE
AS
RETURN
SELECT
    m.ModelId,
    ModelName = @Model,
    r.AliasName,
    v.ModelVersionId,
    v.VersionNumber,
    v.BlobSha256,
    v.InputSignature,
    Problem = CASE
        WHEN m.ModelId IS NULL
            THEN N'The value for the parameter @Model is not supported. No model is named ' + ISNULL(N'''' + @Model + N'''', N'NULL') + N' (see scoring.Models).'
        WHEN @Alias IS NOT NULL AND @Version IS NOT NULL
            THEN N'The parameters @Alias and @Version cannot both be given. Give one.'
        WHEN v.ModelVersionId IS NULL AND @Version IS NOT NULL
            THEN N'The value for the parameter @Version is not supported. Model ' + @Model + N' has no version ' + CONVERT(nvarchar(10), @Version) + N' (see scoring.ModelVersions).'
        WHEN v.ModelVersionId IS NULL
            THEN N'The value for the parameter @Alias is not supported. Model ' + @Model + N' has no alias ''' + r.AliasName + N''' (scoring.SetAlias creates it).'
    END
FROM (SELECT AliasName = CASE WHEN @Version IS NULL THEN ISNULL(@Alias, N'production') END) AS r
LEFT JOIN scoring.Model AS m ON m.ModelName = @Model
LEFT JOIN scoring.ModelAlias AS a ON a.ModelId = m.ModelId AND a.AliasName = r.AliasName
LEFT JOIN scoring.ModelVersion AS v
    ON v.ModelId = m.ModelId
   AND ((@Version IS NULL AND v.ModelVersionId = a.ModelVersionId)
        OR (@Version IS NOT NULL AND @Alias IS NULL AND v.VersionNumber = @Version));
