-- DbScoring version: 0.1.0
-- How many characters each text input of a model version may keep so that a packed row (1 header byte,
-- 9 bytes per number or boolean, 3 bytes + 2 per character per text) fits in varbinary(8000). At most 4000.
CREATE OR ALTER FUNCTION scoring.Private_TextChars (@ModelVersionId int)
RETURNS TABLE
AS
RETURN
SELECT TextChars = CASE WHEN x.Texts = 0 THEN 4000
                        ELSE CASE WHEN (7999 - 9 * x.Others - 3 * x.Texts) / (2 * x.Texts) > 4000 THEN 4000
                                  ELSE (7999 - 9 * x.Others - 3 * x.Texts) / (2 * x.Texts) END END
FROM (SELECT Texts = COUNT(CASE WHEN i.Kind = 2 THEN 1 END), Others = COUNT(CASE WHEN i.Kind <> 2 THEN 1 END)
      FROM scoring.Private_ModelInputs(@ModelVersionId) AS i) AS x;
