-- DbScoring version: 0.1.0
-- The inputs of a model version as the JSON array the statement generators read (ScoreTable's facts: inputs, and the
-- shadow, split and fallback versions' inputs): [{"index","name","kind","maxCategoryChars"}] in model order; NULL for a
-- NULL version id.
CREATE OR ALTER FUNCTION scoring.Private_ModelInputsJson (@ModelVersionId int)
RETURNS nvarchar(max)
AS
BEGIN
    RETURN (SELECT [index] = i.InputIndex, [name] = i.InputName, [kind] = i.Kind, [maxCategoryChars] = i.MaxCategoryChars
            FROM scoring.Private_ModelInputs(@ModelVersionId) AS i ORDER BY i.InputIndex FOR JSON PATH);
END;
