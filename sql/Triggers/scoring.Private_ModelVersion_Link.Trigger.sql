-- DbScoring version: 0.1.0
-- Audit chain (docs/audit.md): every inserted scoring.ModelVersion row gets its Version link in the inserting
-- transaction (scoring.AddModelVersion's), whoever inserts it. A row inserted with this trigger disabled has no link,
-- and scoring.VerifyAuditTrail reports it.
CREATE OR ALTER TRIGGER scoring.Private_ModelVersion_Link
ON scoring.ModelVersion
AFTER INSERT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @ModelId int, @SubjectId bigint;
    DECLARE Versions CURSOR LOCAL FAST_FORWARD FOR
        SELECT i.ModelId, i.ModelVersionId FROM inserted AS i ORDER BY i.ModelVersionId;
    OPEN Versions;
    FETCH NEXT FROM Versions INTO @ModelId, @SubjectId;
    WHILE @@FETCH_STATUS = 0
    BEGIN
        EXEC scoring.Private_AppendAuditLink @ModelId = @ModelId, @Kind = 'Version', @SubjectId = @SubjectId;
        FETCH NEXT FROM Versions INTO @ModelId, @SubjectId;
    END;
    CLOSE Versions;
    DEALLOCATE Versions;
END;
