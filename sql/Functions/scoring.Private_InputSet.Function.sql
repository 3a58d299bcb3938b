-- DbScoring version: 0.1.0
-- The input signature of a model version as a set: its inputs' names and kinds as a JSON array ordered by name (binary),
-- so two versions compare equal when they read the same columns the same way, whatever the order of their inputs.
CREATE OR ALTER FUNCTION scoring.Private_InputSet (@ModelVersionId int)
RETURNS TABLE
AS
RETURN
SELECT InputSet = ISNULL((SELECT [name] = i.InputName, [kind] = i.Kind
                          FROM scoring.Private_ModelInputs(@ModelVersionId) AS i
                          ORDER BY i.InputName COLLATE Latin1_General_100_BIN2
                          FOR JSON PATH), N'[]');
