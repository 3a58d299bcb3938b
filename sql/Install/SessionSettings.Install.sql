-- DbScoring version: 0.1.0
-- Session settings for everything the installer creates. QUOTED_IDENTIFIER and ANSI_NULLS are stored with each
-- procedure, function, view and trigger when it is created and apply whenever it runs: classic (ODBC) sqlcmd
-- connects with QUOTED_IDENTIFIER OFF, and a module created that way fails on XML methods (Msg 1934) and on
-- writes to tables with filtered indexes or indexed views. ANSI_PADDING is stored with each column when a table
-- is created (OFF would trim trailing zero bytes of varbinary values, changing hashed inputs). The others are the
-- settings SQL Server requires for filtered indexes, indexed views and computed-column indexes. They stay set
-- for the rest of this connection; `sqlcmd -I` sets QUOTED_IDENTIFIER too, but the script does not rely on it.
SET QUOTED_IDENTIFIER ON;
SET ANSI_NULLS ON;
SET ANSI_PADDING ON;
SET ANSI_WARNINGS ON;
SET ARITHABORT ON;
SET CONCAT_NULL_YIELDS_NULL ON;
SET NUMERIC_ROUNDABORT OFF;
