using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DbScoring.InstallerBuilder;
using DotNet.Testcontainers.Builders;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;
using Xunit;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// A SQL Server for the integration tests: the one named by DBSCORING_TEST_SQLSERVER (a connection string with
/// sysadmin rights, e.g. a disposable instance), else a SQL Server 2022 container with Agent enabled. When neither
/// is reachable, <see cref="SkipReason"/> says why and every test reports itself skipped.
/// </summary>
public sealed class SqlServerFixture : IAsyncLifetime
{
    private MsSqlContainer? _container;

    /// <summary>Server connection string (master), or null when unavailable.</summary>
    public string? ConnectionString { get; private set; }

    /// <summary>Why the integration tests cannot run here, or null.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The SQL Server container, or null when the server is the one named by DBSCORING_TEST_SQLSERVER.</summary>
    public MsSqlContainer? Container => _container;

    /// <summary>The installer for the SqlClr assembly built with these tests.</summary>
    public string Installer { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Installer = InstallerGenerator.Generate(Repo.Sql, File.ReadAllBytes(Repo.SqlClrAssembly));
        string? configured = Environment.GetEnvironmentVariable("DBSCORING_TEST_SQLSERVER");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
        }
        else
        {
            try
            {
                _container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest")
                    .WithEnvironment("MSSQL_AGENT_ENABLED", "true")
                    .Build();
                await _container.StartAsync();
                ConnectionString = _container.GetConnectionString();
            }
            catch (DockerUnavailableException ex)
            {
                SkipReason = "No SQL Server: DBSCORING_TEST_SQLSERVER is not set and Docker is unavailable (" + ex.Message.Split('\n')[0] + ")";
                return;
            }
        }

        // A disposable test server: CLR on. The installer itself never changes server settings.
        await using var connection = new SqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand("EXEC sys.sp_configure N'clr enabled', 1; RECONFIGURE;", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public string CreateDatabase(string prefix)
    {
        string name = prefix + "_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        using var connection = new SqlConnection(ConnectionString);
        connection.Open();
        using var command = new SqlCommand($"CREATE DATABASE [{name}];", connection);
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

    public static int Exec(SqlConnection connection, string sql, int timeoutSeconds = 600, params (string Name, object? Value)[] parameters)
    {
        using var command = new SqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

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
}

[CollectionDefinition(Name)]
public sealed class SqlServerCollection : ICollectionFixture<SqlServerFixture>
{
    public const string Name = "SQL Server";
}
