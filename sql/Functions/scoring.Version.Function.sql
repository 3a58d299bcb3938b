-- DbScoring version: 0.1.0
-- scoring.Version(): the DbScoring version of the installed T-SQL objects. scoring.Modules lists the version
-- stamped in each module, and scoring.Private_ClrVersion() the assembly's.
CREATE OR ALTER FUNCTION scoring.Version ()
RETURNS nvarchar(20)
AS
BEGIN
    RETURN N'0.1.0';
END;
