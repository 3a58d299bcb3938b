using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DbScoring.InstallerBuilder;
using Microsoft.Data.SqlClient;
using DbScoring.Testing;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// Installing and upgrading as a DBA does it: classic sqlcmd without -I, an upgrade whose new assembly is not
/// trusted (the old version keeps scoring), the compatibility level and orphaned-owner preconditions.
/// Skipped (with the reason) where no server is reachable.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class InstallUpgradeIntegrationTests
{
    private const string CustomersSql = @"
        CREATE TABLE dbo.Customers (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL);
        INSERT dbo.Customers (CustomerId, Age, [Plan], Tenure)
        SELECT n, 20 + n % 50, CASE n % 3 WHEN 0 THEN N'basic' WHEN 1 THEN N'plus' ELSE NULL END, n % 70
        FROM (SELECT TOP (100) n = CONVERT(int, ROW_NUMBER() OVER (ORDER BY (SELECT NULL))) FROM sys.all_columns) AS x;";

    private readonly SqlServerFixture _server;

    public InstallUpgradeIntegrationTests(SqlServerFixture server) => _server = server;

    private string NewDatabase(string prefix)
    {
        _server.SkipUnlessAvailable();
        return _server.CreateDatabase(prefix);
    }

    /// <summary>
    /// A schema named scoring that another application owns, or a user named like a DbScoring role, is not adopted: the
    /// preconditions stop the script with nothing changed (the modules would belong to that owner; the grants would go to
    /// that user).
    /// </summary>
    [SkippableFact]
    public void A_scoring_schema_of_another_owner_or_a_user_named_like_a_role_stops_the_install_before_anything_changes()
    {
        string cs = NewDatabase("foreign");
        using var db = new SqlConnection(cs);
        db.Open();
        Exec(db, "CREATE USER CreditApp WITHOUT LOGIN; EXEC (N'CREATE SCHEMA scoring AUTHORIZATION CreditApp'); CREATE USER ScoringAdmin WITHOUT LOGIN;");

        (string messages, SqlException? error) = RunLikeSqlcmd(cs, _server.Installer);
        Assert.NotNull(error);
        Assert.Contains("Schema scoring exists and is owned by [CreditApp], not dbo", messages);
        Assert.Contains("The database principal [ScoringAdmin] exists and is a sql_user", messages);
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM sys.objects WHERE schema_id = SCHEMA_ID(N'scoring');"));
    }

    [SkippableFact]
    public void Classic_sqlcmd_without_I_installs_every_module_with_QUOTED_IDENTIFIER_and_ANSI_NULLS_on()
    {
        string cs = NewDatabase("sqlcmd");
        Skip.If(_server.Container is null, "classic sqlcmd runs inside the SQL Server container; DBSCORING_TEST_SQLSERVER names another server.");
        using (var master = new SqlConnection(_server.ConnectionString))
        {
            master.Open();
            Exec(master, "IF NOT EXISTS (SELECT 1 FROM sys.trusted_assemblies WHERE hash = @h) EXEC sys.sp_add_trusted_assembly @hash = @h;",
                 parameters: ("@h", SHA512.HashData(File.ReadAllBytes(Repo.SqlClrAssembly))));
        }

        string database = new SqlConnectionStringBuilder(cs).InitialCatalog;
        _server.Container.CopyAsync(Encoding.ASCII.GetBytes(_server.Installer), "/tmp/DbScoring.Install.sql").GetAwaiter().GetResult();
        // The password stays in the container's environment (MSSQL_SA_PASSWORD), never on a command line.
        var result = _server.Container.ExecAsync(new List<string>
        {
            "/bin/sh", "-c",
            "SQLCMDPASSWORD=\"$MSSQL_SA_PASSWORD\" \"$(find /opt/mssql-tools*/bin/sqlcmd -type f -print -quit)\" -C -S localhost -U sa -d \"$1\" -b -i /tmp/DbScoring.Install.sql",
            "sh", database,
        }).GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Matches("DbScoring " + Regex.Escape(Repo.Version) + @"\+[0-9a-f]{12} installed", result.Stdout);

        using var db = new SqlConnection(cs);
        db.Open();
        Assert.Equal(0, Scalar<int>(db, @"SELECT COUNT(*) FROM sys.sql_modules AS m JOIN sys.objects AS o ON o.object_id = m.object_id
                                          WHERE o.schema_id = SCHEMA_ID(N'scoring') AND (m.uses_quoted_identifier = 0 OR m.uses_ansi_nulls = 0);"));
        Assert.True(Scalar<int>(db, "SELECT COUNT(*) FROM sys.sql_modules AS m JOIN sys.objects AS o ON o.object_id = m.object_id WHERE o.schema_id = SCHEMA_ID(N'scoring');") > 20);
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM msdb.dbo.syscategories WHERE name = N'DbScoring' AND category_class = 1;"));

        // CreatePredictFunction uses XML methods, which fail (Msg 1934) in a module created with QUOTED_IDENTIFIER OFF.
        Exec(db, CustomersSql);
        RegisterChurn(db);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1; EXEC scoring.CreatePredictFunction @Model = N'churn';");
        Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.ChurnScores';");
        Assert.Equal(100, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores;"));
    }

    [SkippableFact]
    public void An_upgrade_to_an_untrusted_assembly_changes_nothing_and_the_old_version_keeps_scoring()
    {
        string cs = NewDatabase("untrusted");
        Assert.Contains("installed", _server.Install(cs));
        using var db = new SqlConnection(cs);
        db.Open();
        Exec(db, CustomersSql);
        RegisterChurn(db);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1; EXEC scoring.CreatePredictFunction @Model = N'churn';");
        byte[] oldHash = Scalar<byte[]>(db, "SELECT HASHBYTES('SHA2_512', content) FROM sys.assembly_files WHERE name LIKE N'DbScoring.SqlClr%';");

        byte[] newAssembly = WithNewModuleVersionId(File.ReadAllBytes(Repo.SqlClrAssembly));
        string newHash = InstallerGenerator.HexLiteral(SHA512.HashData(newAssembly));
        string upgrade = InstallerGenerator.Generate(Repo.Sql, newAssembly);
        string build = Regex.Match(upgrade, @"^-- DbScoring (\S+): one-file installer", RegexOptions.Multiline).Groups[1].Value;
        string trustCall = $"EXEC sys.sp_add_trusted_assembly @hash = {newHash}, @description = N'DbScoring.SqlClr {build} (SAFE)';";

        // 1. A sysadmin who did not ask the script to trust it: the preconditions stop before anything changes.
        (string messages, SqlException? error) = RunLikeSqlcmd(cs, upgrade);
        Assert.NotNull(error);
        Assert.Contains("this exact assembly is not trusted yet", messages);
        Assert.Contains(trustCall, messages);

        // 2. A db_owner without server permissions: the preconditions cannot see the trusted list; the assembly
        //    transaction fails on CREATE ASSEMBLY and rolls back the drop of the old assembly and its functions.
        string login = "dba_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        string password = "Pw1!" + Guid.NewGuid().ToString("N");
        Exec(db, $"CREATE LOGIN [{login}] WITH PASSWORD = N'{password}', CHECK_POLICY = OFF; CREATE USER [{login}] FOR LOGIN [{login}]; ALTER ROLE db_owner ADD MEMBER [{login}];");
        string asDba = new SqlConnectionStringBuilder(cs) { UserID = login, Password = password, IntegratedSecurity = false }.ConnectionString;
        (messages, error) = RunLikeSqlcmd(asDba, upgrade);
        Assert.NotNull(error);
        Assert.Contains("the assembly step failed", messages);
        Assert.Contains(trustCall, messages);
        Assert.Contains("keep scoring", messages);

        Assert.Equal(oldHash, Scalar<byte[]>(db, "SELECT HASHBYTES('SHA2_512', content) FROM sys.assembly_files WHERE name LIKE N'DbScoring.SqlClr%';"));
        Assert.Equal(6, Scalar<int>(db, "SELECT COUNT(*) FROM sys.assembly_modules;"));
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM sys.database_permissions WHERE major_id = OBJECT_ID(N'scoring.Private_UnpackInputs');"));
        Assert.Equal(100, Scalar<int>(db, $"SELECT COUNT(*) FROM dbo.Customers AS c CROSS APPLY scoring.Predict_churn({PredictArguments(db)}) AS p;"));
        Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.ChurnScores';");
        Assert.Equal(100, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores;"));

        // 3. Once trusted, the same script upgrades in place, keeping rows and the permissions on the CLR functions.
        using (var master = new SqlConnection(_server.ConnectionString))
        {
            master.Open();
            Exec(master, "EXEC sys.sp_add_trusted_assembly @hash = @h;", parameters: ("@h", SHA512.HashData(newAssembly)));
        }

        (messages, error) = RunLikeSqlcmd(cs, upgrade);
        Assert.True(error is null, messages + error?.Message);
        Assert.Contains("Replaced assembly DbScoring.SqlClr", messages);
        Assert.Equal(SHA512.HashData(newAssembly), Scalar<byte[]>(db, "SELECT HASHBYTES('SHA2_512', content) FROM sys.assembly_files WHERE name LIKE N'DbScoring.SqlClr%';"));
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM sys.database_permissions WHERE major_id = OBJECT_ID(N'scoring.Private_UnpackInputs');"));
        Assert.Equal(100, Scalar<int>(db, $"SELECT COUNT(*) FROM dbo.Customers AS c CROSS APPLY scoring.Predict_churn({PredictArguments(db)}) AS p;"));
        Assert.Equal(100, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog;"));
    }

    [SkippableFact]
    public void A_compatibility_level_below_130_stops_the_installer_with_the_remedy_and_nothing_created()
    {
        string cs = NewDatabase("compat");
        string database = new SqlConnectionStringBuilder(cs).InitialCatalog;
        using var db = new SqlConnection(cs);
        db.Open();
        Exec(db, $"ALTER DATABASE [{database}] SET COMPATIBILITY_LEVEL = 120;");
        (string messages, SqlException? error) = RunLikeSqlcmd(cs, _server.Installer);
        Assert.NotNull(error);
        Assert.Contains("compatibility level is 120", messages);
        Assert.Contains($"ALTER DATABASE [{database}] SET COMPATIBILITY_LEVEL = 130;", messages);
        Assert.Null(Scalar<object?>(db, "SELECT SCHEMA_ID(N'scoring');"));
    }

    [SkippableFact]
    public void A_database_restored_with_an_owner_whose_login_is_gone_is_refused_with_ALTER_AUTHORIZATION()
    {
        string cs = NewDatabase("orphan");
        string database = new SqlConnectionStringBuilder(cs).InitialCatalog;
        string login = "owner_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        using var master = new SqlConnection(_server.ConnectionString);
        master.Open();
        string folder = Scalar<string>(master, "SELECT CONVERT(nvarchar(260), SERVERPROPERTY('InstanceDefaultBackupPath'));");
        string backup = folder.TrimEnd('/', '\\') + "/" + database + ".bak";
        Exec(master, $@"CREATE LOGIN [{login}] WITH PASSWORD = N'Pw1!{Guid.NewGuid():N}', CHECK_POLICY = OFF;
                        ALTER AUTHORIZATION ON DATABASE::[{database}] TO [{login}];
                        BACKUP DATABASE [{database}] TO DISK = N'{backup}' WITH INIT;
                        DROP DATABASE [{database}];
                        DROP LOGIN [{login}];
                        RESTORE DATABASE [{database}] FROM DISK = N'{backup}';");

        (string messages, SqlException? error) = RunLikeSqlcmd(cs, _server.Installer);
        Assert.NotNull(error);
        Assert.Contains("The database owner cannot be impersonated", messages);
        Assert.Contains($"ALTER AUTHORIZATION ON DATABASE::[{database}] TO", messages);

        Exec(master, $"ALTER AUTHORIZATION ON DATABASE::[{database}] TO [sa];");
        (messages, error) = RunLikeSqlcmd(cs, _server.Installer);
        Assert.True(error is null, messages + error?.Message);
    }

    /// <summary>The arguments of scoring.Predict_churn in its parameter order, as columns of dbo.Customers AS c.</summary>
    private static string PredictArguments(SqlConnection db) => string.Join(", ",
        Rows(db, "SELECT name FROM sys.parameters WHERE object_id = OBJECT_ID(N'scoring.Predict_churn') ORDER BY parameter_id;")
            .Select(r => "c." + ((string)r[0]!).TrimStart('@') switch { "Plan" => "[Plan]", var n => n }));

    private static void RegisterChurn(SqlConnection db)
    {
        using var command = new SqlCommand("EXEC scoring.AddModelVersion @Model = N'churn', @Blob = @Blob;", db);
        command.Parameters.Add("@Blob", System.Data.SqlDbType.VarBinary, -1).Value = ChurnModels.Churn;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Runs a script batch by batch on one connection and stops at the first error, like <c>sqlcmd -b</c>; returns
    /// every message printed (including those of the failing batch) and the error.
    /// </summary>
    internal static (string Messages, SqlException? Error) RunLikeSqlcmd(string connectionString, string script)
    {
        using var connection = new SqlConnection(connectionString);
        connection.Open();
        var messages = new StringBuilder();
        connection.InfoMessage += (_, e) => messages.AppendLine(e.Message);
        foreach (string batch in Regex.Split(script, @"^\s*GO\s*$", RegexOptions.Multiline).Where(b => b.Trim().Length > 0))
        {
            try
            {
                using var command = new SqlCommand(batch, connection) { CommandTimeout = 300 };
                command.ExecuteNonQuery();
            }
            catch (SqlException ex)
            {
                foreach (SqlError e in ex.Errors)
                {
                    messages.AppendLine(e.Message);
                }

                return (messages.ToString(), ex);
            }
        }

        return (messages.ToString(), null);
    }

    /// <summary>
    /// The same assembly with another module version id (MVID): a valid, loadable assembly whose SHA-512 differs, as a
    /// new release's would.
    /// </summary>
    internal static byte[] WithNewModuleVersionId(byte[] assembly)
    {
        byte[] copy = (byte[])assembly.Clone();
        using (var pe = new PEReader(new MemoryStream(assembly)))
        {
            MetadataReader md = pe.GetMetadataReader();
            int guidIndex = MetadataTokens.GetHeapOffset(md.GetModuleDefinition().Mvid);
            int offset = pe.PEHeaders.MetadataStartOffset + md.GetHeapMetadataOffset(HeapIndex.Guid) + (guidIndex - 1) * 16;
            Guid.NewGuid().ToByteArray().CopyTo(copy, offset);
        }

        using (var pe = new PEReader(new MemoryStream(copy)))
        {
            MetadataReader md = pe.GetMetadataReader();
            Assert.NotEqual(new PEReader(new MemoryStream(assembly)).GetMetadataReader().GetGuid(md.GetModuleDefinition().Mvid), md.GetGuid(md.GetModuleDefinition().Mvid));
        }

        return copy;
    }
}
