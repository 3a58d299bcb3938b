-- DbScoring version: 0.1.0
-- scoring.Version(): the DbScoring build of the installed T-SQL objects, version+build (e.g. 0.1.0+3f2a9c01b7de: the
-- installer generator puts the build identity in place of the marked literal). scoring.Modules lists the build stamped in
-- each module, and scoring.Private_ClrVersion() the assembly's version.
CREATE OR ALTER FUNCTION scoring.Version ()
RETURNS nvarchar(40)
AS
BEGIN
    RETURN N'0.1.0' /*DBSCORING_BUILD*/;
END;
