-- DbScoring version: 0.1.0
-- The inputs of a model version in model order, read from ModelVersion.InputSchema (written by the CLR).
-- Kind: 1 Number, 2 Text, 3 Boolean (the runtime's InputKind numbers). MaxCategoryChars: the longest training
-- category of a text input (0 when none), so the statement generators can tell whether packed text keeps it whole.
CREATE OR ALTER FUNCTION scoring.Private_ModelInputs (@ModelVersionId int)
RETURNS TABLE
AS
RETURN
SELECT i.InputIndex, i.InputName, i.Kind, i.KindName, i.Categories,
       MaxCategoryChars = ISNULL((SELECT MAX(DATALENGTH(c.value)) / 2 FROM OPENJSON(i.Categories) AS c), 0)
FROM scoring.ModelVersion AS v
CROSS APPLY OPENJSON(v.InputSchema)
    WITH (InputIndex int '$.index', InputName nvarchar(128) '$.name', Kind tinyint '$.kind',
          KindName nvarchar(20) '$.kindName', Categories nvarchar(max) '$.categories' AS JSON) AS i
WHERE v.ModelVersionId = @ModelVersionId;
