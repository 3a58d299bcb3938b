-- DbScoring version: 0.1.0
-- scoring.Private_PrintText: prints a long text (a generated statement in a dry run) line by line, so that nothing
-- is cut at PRINT's 4,000 characters; a single line longer than that is continued on the next.
CREATE OR ALTER PROCEDURE scoring.Private_PrintText
    @Text nvarchar(max)
AS
BEGIN
    SET NOCOUNT ON;
    SET ANSI_PADDING, ANSI_WARNINGS, CONCAT_NULL_YIELDS_NULL, ARITHABORT ON; -- not stored with the procedure: the caller's could differ
    SET NUMERIC_ROUNDABORT OFF;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED; -- a caller's SNAPSHOT would hide links committed before the audit lock was granted
    IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF; -- a driver without autocommit (pyodbc by default) turns it on: the writes here commit on their own
    DECLARE @Start bigint = 1, @End bigint, @Length bigint = LEN(@Text + N'.') - 1, @Line nvarchar(max);
    WHILE @Start <= @Length
    BEGIN
        SET @End = CHARINDEX(NCHAR(10), @Text, @Start);
        IF @End = 0
            SET @End = @Length + 1;
        SET @Line = REPLACE(SUBSTRING(@Text, @Start, @End - @Start), NCHAR(13), N'');
        WHILE LEN(@Line + N'.') - 1 > 4000
        BEGIN
            PRINT LEFT(@Line, 4000);
            SET @Line = SUBSTRING(@Line, 4001, LEN(@Line + N'.'));
        END;
        PRINT @Line;
        SET @Start = @End + 1;
    END;
END;
