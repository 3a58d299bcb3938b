using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DbScoring.InstallerBuilder;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;
using Xunit;

namespace DbScoring.Testing;

/// <summary>
/// The one place that decides how the tests find a SQL Server: the server named by DBSCORING_TEST_SQLSERVER (a
/// connection string with sysadmin rights, e.g. a disposable instance), else a SQL Server container with Agent
/// enabled (Testcontainers; 2022 unless DBSCORING_TEST_SQLSERVER_IMAGE names another image, e.g.
/// mcr.microsoft.com/mssql/server:2017-latest, so that the suite also runs on the oldest version the installer supports). When neither is reachable, or the SqlClr assembly is not built, <see cref="SkipReason"/>
/// says why and every test that needs the server reports itself skipped (<see cref="SkipUnlessAvailable"/>).
/// The installer is generated from sql/ and the built net48 assembly, as <c>build.ps1 package</c> does.
/// </summary>
public sealed class SqlServerFixture : IAsyncLifetime
{
    /// <summary>The default image when no server is configured: SQL Server 2022 supports SAFE CLR and Agent.</summary>
    public const string DefaultImage = "mcr.microsoft.com/mssql/server:2022-latest";

    /// <summary>The container image: DBSCORING_TEST_SQLSERVER_IMAGE when set (2017-latest, 2019-latest ...), else <see cref="DefaultImage"/>.</summary>
    public static string Image =>
        Environment.GetEnvironmentVariable("DBSCORING_TEST_SQLSERVER_IMAGE") is { Length: > 0 } image ? image : DefaultImage;

    private MsSqlContainer? _container;

    /// <summary>Server connection string (master), or null when unavailable.</summary>
    public string? ConnectionString { get; private set; }

    /// <summary>Why the tests that need SQL Server cannot run here, or null.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The SQL Server container, or null when the server is the one named by DBSCORING_TEST_SQLSERVER.</summary>
    public MsSqlContainer? Container => _container;

    /// <summary>The generated one-file installer (empty when the assembly is not built).</summary>
    public string Installer { get; private set; } = "";

    /// <summary>The installer as a file, preceded by the session option that lets it trust the assembly (test servers only).</summary>
    public string? InstallerFile { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(Repo.SqlClrAssembly))
        {
            SkipReason = "No installer: the SqlClr assembly is not built (" + Repo.SqlClrAssembly + ").";
            return;
        }

        Installer = InstallerGenerator.Generate(Repo.Sql, File.ReadAllBytes(Repo.SqlClrAssembly));
        InstallerFile = Path.Combine(Path.GetTempPath(), "dbscoring-tests-install-" + Environment.ProcessId + ".sql");
        File.WriteAllText(InstallerFile, "EXEC sys.sp_set_session_context N'DbScoring.AddTrustedAssembly', N'Y';\nGO\n" + Installer);

        string? configured = Environment.GetEnvironmentVariable("DBSCORING_TEST_SQLSERVER");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
        }
        else
        {
            try
            {
                _container = new MsSqlBuilder(Image).WithEnvironment("MSSQL_AGENT_ENABLED", "true").Build();
                await _container.StartAsync();
                ConnectionString = _container.GetConnectionString();
            }
            catch (Exception ex) when (ex is DotNet.Testcontainers.Builders.DockerUnavailableException || ex.GetType().Name.Contains("Docker", StringComparison.Ordinal))
            {
                SkipReason = "No SQL Server: DBSCORING_TEST_SQLSERVER is not set and Docker is unavailable (" + ex.GetType().Name + ": "
                             + ex.Message.Split('\n')[0] + ")";
                return;
            }
        }

        // A disposable test server: CLR on. The installer itself never changes server settings.
        await using var connection = new SqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand("EXEC sys.sp_configure N'clr enabled', 1; RECONFIGURE;", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    /// <summary>Reports the calling test skipped, with the reason, when no server is available.</summary>
    public void SkipUnlessAvailable() => Skip.If(SkipReason is not null, SkipReason);

    /// <summary>Creates an empty database (in the server's collation unless <paramref name="collation"/> names another) and returns a connection string to it.</summary>
    public string CreateDatabase(string prefix, string? collation = null)
    {
        string name = prefix + "_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        using var connection = new SqlConnection(ConnectionString);
        connection.Open();
        using var command = new SqlCommand($"CREATE DATABASE [{name}]" + (collation is null ? "" : " COLLATE " + collation) + ";", connection);
        command.ExecuteNonQuery();
        return new SqlConnectionStringBuilder(ConnectionString) { InitialCatalog = name }.ConnectionString;
    }

    /// <summary>Runs the installer in the database (trust added by the script: the test login is sysadmin) and returns its messages.</summary>
    public string Install(string databaseConnectionString, bool ledger = false)
    {
        using var connection = new SqlConnection(databaseConnectionString);
        connection.Open();
        Exec(connection, "EXEC sys.sp_set_session_context N'DbScoring.AddTrustedAssembly', N'Y';"
                         + (ledger ? "EXEC sys.sp_set_session_context N'DbScoring.LedgerTables', N'Y';" : ""));
        return RunScript(connection, Installer);
    }

    /// <summary>Runs a script batch by batch (GO lines), returning PRINT output.</summary>
    public static string RunScript(SqlConnection connection, string script)
    {
        var messages = new StringBuilder();
        SqlInfoMessageEventHandler handler = (_, e) => messages.AppendLine(e.Message);
        connection.InfoMessage += handler;
        try
        {
            foreach (string batch in Regex.Split(script, @"^\s*GO\s*$", RegexOptions.Multiline))
            {
                if (batch.Trim().Length > 0)
                {
                    using var command = new SqlCommand(batch, connection) { CommandTimeout = 300 };
                    command.ExecuteNonQuery();
                }
            }
        }
        finally
        {
            connection.InfoMessage -= handler;
        }

        return messages.ToString();
    }

    /// <summary>Executes <paramref name="sql"/> with parameters; returns the rows affected.</summary>
    public static int Exec(SqlConnection connection, string sql, int timeoutSeconds = 600, params (string Name, object? Value)[] parameters)
    {
        using var command = new SqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    /// <summary>Executes <paramref name="sql"/> and returns PRINT/RAISERROR-info output.</summary>
    public static string ExecPrinting(SqlConnection connection, string sql, int timeoutSeconds = 600)
    {
        var messages = new StringBuilder();
        SqlInfoMessageEventHandler handler = (_, e) => messages.AppendLine(e.Message);
        connection.InfoMessage += handler;
        try
        {
            Exec(connection, sql, timeoutSeconds);
        }
        finally
        {
            connection.InfoMessage -= handler;
        }

        return messages.ToString();
    }

    /// <summary>The first column of the first row, converted to <typeparamref name="T"/> (default for NULL).</summary>
    public static T Scalar<T>(SqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = new SqlCommand(sql, connection) { CommandTimeout = 600 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        object? result = command.ExecuteScalar();
        if (result is null or DBNull)
        {
            return default!;
        }

        Type type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return type == typeof(object) ? (T)result : (T)Convert.ChangeType(result, type, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>All rows, NULL as null.</summary>
    public static List<object?[]> Rows(SqlConnection connection, string sql)
    {
        using var command = new SqlCommand(sql, connection) { CommandTimeout = 600 };
        using SqlDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = row[i] is DBNull ? null : row[i];
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>True when <paramref name="error"/> is DbScoring's parameter validation (50001, after each problem raised on its own).</summary>
    public static bool IsValidationError(SqlException error)
    {
        foreach (SqlError e in error.Errors)
        {
            if (e.Number == 50001)
            {
                return true;
            }
        }

        return false;
    }
}
