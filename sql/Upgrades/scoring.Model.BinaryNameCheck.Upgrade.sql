-- DbScoring version: 0.1.0
-- Upgrade: the name checks of scoring.Model (CK_Model_ModelName) and scoring.ModelAlias (CK_ModelAlias_AliasName)
-- created before they tested their [A-Za-z] ranges in a binary collation. In the database's collation those ranges
-- also match accented letters, which the embedded store and the generated function names do not allow.
-- Each constraint is replaced in one transaction (the table keeps its old check if the new one cannot be added).
-- Rows already named outside the rule are kept: the new check is then added WITH NOCHECK (not trusted) and a message
-- names how many rows are affected. Skipped when already done.
DECLARE @NameChecks TABLE (TableName sysname NOT NULL, ColumnName sysname NOT NULL, ConstraintName sysname NOT NULL);
INSERT @NameChecks (TableName, ColumnName, ConstraintName)
VALUES (N'Model', N'ModelName', N'CK_Model_ModelName'), (N'ModelAlias', N'AliasName', N'CK_ModelAlias_AliasName');

DECLARE @TableName sysname, @ColumnName sysname, @ConstraintName sysname, @Table nvarchar(300), @Rule nvarchar(max),
        @Outside int, @Sql nvarchar(max), @Message nvarchar(2048);
DECLARE NameCheck CURSOR LOCAL FAST_FORWARD FOR
    SELECT n.TableName, n.ColumnName, n.ConstraintName FROM @NameChecks AS n
    WHERE OBJECT_ID(N'scoring.' + QUOTENAME(n.TableName), N'U') IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM sys.check_constraints AS c
                      WHERE c.parent_object_id = OBJECT_ID(N'scoring.' + QUOTENAME(n.TableName)) AND c.name = n.ConstraintName
                        AND c.definition LIKE N'%Latin1_General_100_BIN2%');
OPEN NameCheck;
FETCH NEXT FROM NameCheck INTO @TableName, @ColumnName, @ConstraintName;
WHILE @@FETCH_STATUS = 0
BEGIN
    SET @Table = N'scoring.' + QUOTENAME(@TableName);
    SET @Rule = QUOTENAME(@ColumnName) + N' <> N'''' AND ' + QUOTENAME(@ColumnName) + N' COLLATE Latin1_General_100_BIN2 NOT LIKE N''%[^A-Za-z0-9_]%'''
              + N' AND ' + QUOTENAME(@ColumnName) + N' COLLATE Latin1_General_100_BIN2 LIKE N''[A-Za-z]%''';
    SET @Sql = N'SELECT @Outside = COUNT(*) FROM ' + @Table + N' WHERE NOT (' + @Rule + N');';
    EXEC sys.sp_executesql @Sql, N'@Outside int OUTPUT', @Outside = @Outside OUTPUT;
    BEGIN TRY
        BEGIN TRANSACTION;
        IF EXISTS (SELECT 1 FROM sys.check_constraints AS c WHERE c.parent_object_id = OBJECT_ID(@Table) AND c.name = @ConstraintName)
        BEGIN
            SET @Sql = N'ALTER TABLE ' + @Table + N' DROP CONSTRAINT ' + QUOTENAME(@ConstraintName) + N';';
            EXEC sys.sp_executesql @Sql;
        END;
        SET @Sql = N'ALTER TABLE ' + @Table + CASE WHEN @Outside = 0 THEN N' WITH CHECK' ELSE N' WITH NOCHECK' END
                 + N' ADD CONSTRAINT ' + QUOTENAME(@ConstraintName) + N' CHECK (' + @Rule + N');';
        EXEC sys.sp_executesql @Sql;
        COMMIT TRANSACTION;
        PRINT N'Upgraded ' + @Table + N': ' + @ConstraintName + N' tests letters in a binary collation; every row kept.'
            + CASE WHEN @Outside = 0 THEN N''
                   ELSE N' ' + CONVERT(nvarchar(10), @Outside) + N' existing rows have other letters in ' + @ColumnName
                        + N'; they keep working, new names must use A-Z, a-z, 0-9 and _.' END;
    END TRY
    BEGIN CATCH
        IF @@TRANCOUNT > 0
            ROLLBACK TRANSACTION;
        SET @Message = ERROR_MESSAGE();
        RAISERROR(N'Upgrading the name check of scoring.%s failed (%s); it keeps its previous check and every row. The script stops here.', 16, 1, @TableName, @Message);
        SET NOEXEC ON;
    END CATCH;
    FETCH NEXT FROM NameCheck INTO @TableName, @ColumnName, @ConstraintName;
END;
CLOSE NameCheck;
DEALLOCATE NameCheck;
