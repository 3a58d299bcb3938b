-- DbScoring version: 0.1.0
-- scoring.Private_RaiseErrors: raises a procedure's validation problems the way Ola Hallengren's procedures do:
-- each problem whole, on its own line, with RAISERROR (severity 16, error 50000; a message longer than RAISERROR
-- takes is continued on the next line, never cut), then THROW 50001 with the count, which ends the caller's batch.
-- @Errors is a JSON array of objects {"Message": "..."} in order (FOR JSON PATH over the caller's @Errors table).
-- Callers that catch errors (TRY/CATCH) see only the first problem: call validation outside TRY blocks.
CREATE OR ALTER PROCEDURE scoring.Private_RaiseErrors
    @ProcedureName nvarchar(128),
    @Errors        nvarchar(max)
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own
    DECLARE @Problems TABLE (Id int NOT NULL PRIMARY KEY, Message nvarchar(max) NOT NULL);
    INSERT @Problems (Id, Message)
    SELECT CONVERT(int, j.[key]), m.Message
    FROM OPENJSON(@Errors) AS j
    CROSS APPLY OPENJSON(j.value) WITH (Message nvarchar(max) N'$.Message') AS m
    WHERE m.Message IS NOT NULL;

    DECLARE @Count int = (SELECT COUNT(*) FROM @Problems);
    IF @Count = 0
        RETURN 0;

    DECLARE @Id int = (SELECT MIN(p.Id) FROM @Problems AS p), @Message nvarchar(max), @Line nvarchar(2000);
    WHILE @Id IS NOT NULL
    BEGIN
        SET @Message = (SELECT p.Message FROM @Problems AS p WHERE p.Id = @Id);
        WHILE LEN(@Message) > 0
        BEGIN
            SET @Line = LEFT(@Message, 2000);
            SET @Message = SUBSTRING(@Message, 2001, LEN(@Message));
            RAISERROR(N'%s', 16, 1, @Line) WITH NOWAIT;
        END;
        SET @Id = (SELECT MIN(p.Id) FROM @Problems AS p WHERE p.Id > @Id);
    END;

    DECLARE @Summary nvarchar(2000) = @ProcedureName + N': ' + CONVERT(nvarchar(10), @Count)
        + CASE WHEN @Count = 1 THEN N' problem' ELSE N' problems' END + N' with the parameters (each raised above); nothing was changed.';
    THROW 50001, @Summary, 1;
END;
