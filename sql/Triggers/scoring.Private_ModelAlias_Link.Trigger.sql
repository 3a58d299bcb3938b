-- DbScoring version: 0.1.0
-- Audit chain (docs/audit.md): every alias move (a new row version of the system-versioned scoring.ModelAlias, written
-- by scoring.SetAlias / RollbackAlias) gets its Alias link in the moving transaction. A move has no numeric id: the link
-- names it by model, alias (SubjectName), the version it points at (SubjectId) and the row version's ValidFrom
-- (SubjectTime), which together identify one row of ModelAlias or ModelAliasHistory.
CREATE OR ALTER TRIGGER scoring.Private_ModelAlias_Link
ON scoring.ModelAlias
AFTER INSERT, UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @ModelId int, @SubjectId bigint, @AliasName nvarchar(100), @ValidFrom datetime2(7);
    DECLARE Moves CURSOR LOCAL FAST_FORWARD FOR
        SELECT i.ModelId, i.ModelVersionId, i.AliasName, i.ValidFrom FROM inserted AS i ORDER BY i.ModelId, i.AliasName;
    OPEN Moves;
    FETCH NEXT FROM Moves INTO @ModelId, @SubjectId, @AliasName, @ValidFrom;
    WHILE @@FETCH_STATUS = 0
    BEGIN
        EXEC scoring.Private_AppendAuditLink @ModelId = @ModelId, @Kind = 'Alias', @SubjectId = @SubjectId, @SubjectName = @AliasName, @SubjectTime = @ValidFrom;
        FETCH NEXT FROM Moves INTO @ModelId, @SubjectId, @AliasName, @ValidFrom;
    END;
    CLOSE Moves;
    DEALLOCATE Moves;
END;
