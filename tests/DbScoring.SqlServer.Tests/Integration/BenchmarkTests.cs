using System;
using System.IO;
using System.Linq;
using Microsoft.Data.SqlClient;
using DbScoring.Testing;
using Xunit;
using Xunit.Abstractions;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// Runs sql/bench/ScoreTable.Benchmark.sql over 1,000,000 rows (DBSCORING_BENCH_ROWS to change) and prints the
/// ratios. Opt-in (DBSCORING_BENCH=1) because it takes minutes; needs a SQL Server like the integration tests.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class BenchmarkTests
{
    private readonly SqlServerFixture _server;
    private readonly ITestOutputHelper _output;

    public BenchmarkTests(SqlServerFixture server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    [SkippableFact]
    public void ScoreTable_and_the_per_row_function_against_plain_SQL_on_a_million_rows()
    {
        Skip.If(Environment.GetEnvironmentVariable("DBSCORING_BENCH") != "1", "Benchmark is opt-in: set DBSCORING_BENCH=1.");
        _server.SkipUnlessAvailable();
        int rows = int.TryParse(Environment.GetEnvironmentVariable("DBSCORING_BENCH_ROWS"), out int n) ? n : 1_000_000;

        string cs = _server.CreateDatabase("bench");
        _server.Install(cs);
        using var db = new SqlConnection(cs);
        db.Open();
        using (var register = new SqlCommand("EXEC scoring.AddModelVersion @Model = N'churn', @Blob = @Blob;", db))
        {
            register.Parameters.Add("@Blob", System.Data.SqlDbType.VarBinary, -1).Value = ChurnModels.Churn;
            register.ExecuteNonQuery();
        }

        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1; EXEC scoring.CreatePredictFunction @Model = N'churn';");
        Exec(db, $@"CREATE TABLE dbo.BenchCustomers (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL);
            WITH n AS (SELECT TOP ({rows}) i = CONVERT(bigint, ROW_NUMBER() OVER (ORDER BY (SELECT NULL)))
                       FROM sys.all_columns AS a CROSS JOIN sys.all_columns AS b CROSS JOIN sys.all_columns AS c)
            INSERT dbo.BenchCustomers WITH (TABLOCK) (CustomerId, Age, [Plan], Tenure)
            SELECT CONVERT(int, x.i), x.Age, x.[Plan], x.Tenure FROM (SELECT n.i, {ChurnModels.FeaturesSql} FROM n AS n) AS x;");

        string script = File.ReadAllText(Path.Combine(Repo.Sql, "bench", "ScoreTable.Benchmark.sql"));
        object?[] result = Rows(db, script).Single();
        string[] names = { "Rows", "CopyMs", "ScoreTableMs", "ScoreTableVsCopy", "ScoreTableRowsPerSecond", "PlainSelectMs", "PredictSelectMs", "PredictVsPlainSelect", "PerRowMicroseconds" };
        for (int i = 0; i < names.Length; i++)
        {
            _output.WriteLine($"{names[i],-24} {result[i]}");
        }
    }
}
