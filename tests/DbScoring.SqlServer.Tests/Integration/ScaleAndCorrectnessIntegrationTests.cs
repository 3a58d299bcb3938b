using System;
using System.Data;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DbScoring.Testing;
using Microsoft.Data.SqlClient;
using Xunit;
using Xunit.Abstractions;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// scoring.ScoreTable at scale and on awkward tables, on a real server: linear cost (200 k vs 1 M rows, ratio printed),
/// stale runs marked Abandoned after a KILL, non-unique keys, collations, char(n) inputs, every problem raised whole,
/// and an explicit input map against a model that asks for SSN and Salary. Skipped (with the reason) without a server.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class ScaleAndCorrectnessIntegrationTests
{
    private readonly SqlServerFixture _server;
    private readonly ITestOutputHelper _output;

    public ScaleAndCorrectnessIntegrationTests(SqlServerFixture server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    private SqlConnection NewDatabase(string prefix)
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase(prefix);
        _server.Install(cs);
        var connection = new SqlConnection(cs);
        connection.Open();
        return connection;
    }

    private static void Register(SqlConnection db, string model, byte[] blob, int version)
    {
        using var command = new SqlCommand("scoring.AddModelVersion", db) { CommandType = CommandType.StoredProcedure };
        command.Parameters.AddWithValue("@Model", model);
        command.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = blob;
        command.ExecuteNonQuery();
        Exec(db, $"EXEC scoring.SetAlias @Model = N'{model}', @Version = {version};");
    }

    private static void FillCustomers(SqlConnection db, string table, long rows) => Exec(db, $@"
        CREATE TABLE {table} (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL);
        WITH n AS (SELECT TOP ({rows}) i = CONVERT(bigint, ROW_NUMBER() OVER (ORDER BY (SELECT NULL)))
                   FROM sys.all_columns AS a CROSS JOIN sys.all_columns AS b CROSS JOIN sys.all_columns AS c)
        INSERT {table} WITH (TABLOCK) (CustomerId, Age, [Plan], Tenure)
        SELECT CONVERT(int, x.i), x.Age, x.[Plan], x.Tenure FROM (SELECT n.i, {ChurnModels.FeaturesSql} FROM n AS n) AS x;", timeoutSeconds: 1800);

    [SkippableFact]
    public void The_cost_of_a_run_grows_linearly_with_its_rows_200k_against_1M()
    {
        using SqlConnection db = NewDatabase("linear");
        Register(db, "churn", ChurnModels.Churn, 1);
        FillCustomers(db, "dbo.Small", 200_000);
        FillCustomers(db, "dbo.Large", 1_000_000);

        double Run(string source, string target)
        {
            var clock = Stopwatch.StartNew();
            Exec(db, $"EXEC scoring.ScoreTable @Model = N'churn', @Source = N'{source}', @KeyColumns = N'CustomerId', @Target = N'{target}', @BatchSize = 50000;", timeoutSeconds: 3600);
            return clock.Elapsed.TotalSeconds;
        }

        double small = Run("dbo.Small", "dbo.SmallScores");
        double large = Run("dbo.Large", "dbo.LargeScores");
        Assert.Equal(1_000_000, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.LargeScores;"));
        Assert.Equal(1_200_000L, Scalar<long>(db, "SELECT COUNT_BIG(*) FROM scoring.PredictionLog;"));
        // No threshold (timings are noisy): the ratio is printed; linear growth gives about 5, the former per-batch rescans about 25.
        _output.WriteLine($"ScoreTable 200,000 rows: {small:F1} s; 1,000,000 rows: {large:F1} s; ratio {large / small:F2} for 5x the rows (batches of 50,000).");
    }

    [SkippableFact]
    public void A_run_whose_session_is_killed_stays_with_its_committed_batches_and_the_next_run_marks_it_Abandoned()
    {
        using SqlConnection db = NewDatabase("stale");
        Register(db, "churn", ChurnModels.Churn, 1);
        FillCustomers(db, "dbo.Customers", 300_000);

        using var victim = new SqlConnection(db.ConnectionString + ";Pooling=false");
        victim.Open();
        int spid = Scalar<int>(victim, "SELECT @@SPID;");
        Task running = Task.Run(() => Exec(victim, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.Scores', @BatchSize = 1000;", timeoutSeconds: 3600));
        var wait = Stopwatch.StartNew();
        while (Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ScoringRunInputStats;") < 3 && wait.Elapsed < TimeSpan.FromMinutes(5))
        {
            Thread.Sleep(200);
        }

        Exec(db, $"KILL {spid};");
        Assert.ThrowsAny<Exception>(() => running.GetAwaiter().GetResult());
        long committed = Scalar<long>(db, "SELECT COUNT_BIG(*) FROM dbo.Scores;");
        Assert.True(committed > 0 && committed < 300_000, committed.ToString());
        Assert.Equal("Running", Scalar<string>(db, "SELECT Status FROM scoring.ScoringRun WHERE ScoringRunId = 1;"));

        string printed = ExecPrinting(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.Scores';");
        Assert.Contains("marked Abandoned", printed);
        object?[] stale = Rows(db, "SELECT Status, AbandonedBy, EndedAt, RowsScored, ErrorNumber FROM scoring.Runs WHERE ScoringRunId = 1;").Single();
        Assert.Equal("Abandoned", stale[0]);
        Assert.Equal(Scalar<string>(db, "SELECT ORIGINAL_LOGIN();"), stale[1]);
        Assert.NotNull(stale[2]);
        Assert.Equal(committed, (long)stale[3]!);
        Assert.Equal(50023, (int)stale[4]!);
        Assert.Equal(300_000, Scalar<int>(db, "SELECT COUNT(DISTINCT CustomerId) FROM dbo.Scores;"));
        Assert.Equal(300_000L, Scalar<long>(db, "SELECT COUNT_BIG(*) FROM scoring.PredictionLog;"));
        Assert.Equal(300_000L - committed, Scalar<long>(db, "SELECT RowsScored FROM scoring.ScoringRun WHERE ScoringRunId = 2;"));
        // Exactly that change: an abandoned run cannot be completed again.
        Assert.Equal(50041, Assert.Throws<SqlException>(() => Exec(db, "UPDATE scoring.ScoringRun SET Status = 'Failed', AbandonedBy = NULL WHERE ScoringRunId = 1;")).Number);
    }

    [SkippableFact]
    public void Non_unique_keys_stop_the_run_before_the_first_batch_naming_a_duplicate()
    {
        using SqlConnection db = NewDatabase("dupkeys");
        Register(db, "churn", ChurnModels.Churn, 1);
        Exec(db, @"CREATE TABLE dbo.Snap (CustomerId int NOT NULL, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL);
                   INSERT dbo.Snap VALUES (1, 30, N'basic', 3), (2, 40, N'plus', 5), (2, 41, N'plus', 6), (3, 50, N'premium', 7);");
        var ex = Assert.Throws<SqlException>(() => Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Snap', @KeyColumns = N'CustomerId', @Target = N'dbo.Scores';"));
        Assert.Equal(50026, ex.Number);
        Assert.Contains("the key 2 occurs 2 times", ex.Message);
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.Scores;"));
        Assert.Equal(0L, Scalar<long>(db, "SELECT COUNT_BIG(*) FROM scoring.PredictionLog;"));
        Assert.Equal("Failed", Scalar<string>(db, "SELECT Status FROM scoring.ScoringRun;"));
    }

    [SkippableFact]
    public void Keys_keep_the_source_collation_and_char_inputs_are_scored_without_their_trailing_spaces()
    {
        using SqlConnection db = NewDatabase("collation");
        Register(db, "churn", ChurnModels.Churn, 1);
        // A case-sensitive key in a case-insensitive database: 'a' and 'A' are two customers.
        Exec(db, @"CREATE TABLE dbo.Codes (Code nvarchar(10) COLLATE Latin1_General_100_CS_AS NOT NULL PRIMARY KEY, Age real NULL, [Plan] char(10) NULL, Tenure real NOT NULL);
                   INSERT dbo.Codes VALUES (N'a', 30, 'basic', 3), (N'A', 40, 'plus', 5), (N'b', 50, 'premium', 7);");
        const string call = "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Codes', @KeyColumns = N'Code', @Target = N'dbo.CodeScores';";
        Exec(db, call);
        Assert.Equal(3, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.CodeScores;"));
        Assert.Equal("Latin1_General_100_CS_AS", Scalar<string>(db, "SELECT collation_name FROM sys.columns WHERE object_id = OBJECT_ID(N'dbo.CodeScores') AND name = N'Code';"));
        Assert.Equal(0L, Scalar<long>(db, "SELECT UnseenCategories FROM scoring.RunInputStatistics WHERE InputName = N'Plan';"));
        Exec(db, call);
        Assert.Equal(0L, Scalar<long>(db, "SELECT TOP (1) RowsScored FROM scoring.ScoringRun ORDER BY ScoringRunId DESC;"));

        // An existing target whose key compares otherwise is refused, naming both collations.
        Exec(db, @"CREATE TABLE dbo.CiScores (Code nvarchar(10) COLLATE Latin1_General_100_CI_AS NOT NULL, ModelVersionId int NOT NULL, PredictedLabel nvarchar(400) NULL,
                   Score real NULL, Probability real NULL, PredictedClass int NULL, ScoringRunId bigint NOT NULL, ScoredAt datetime2(3) NOT NULL);");
        var ex = Assert.Throws<SqlException>(() => Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Codes', @KeyColumns = N'Code', @Target = N'dbo.CiScores';"));
        Assert.True(IsValidationError(ex));
        Assert.Contains("Latin1_General_100_CI_AS", ex.Message);
    }

    [SkippableFact]
    public void Every_problem_is_raised_whole_on_its_own_line_even_three_hundred_of_them()
    {
        using SqlConnection db = NewDatabase("errors");
        Register(db, "churn", ChurnModels.Churn, 1);
        Exec(db, "CREATE TABLE dbo.Empty (Id int NOT NULL PRIMARY KEY);");
        string map = "{" + string.Join(", ", Enumerable.Range(1, 300).Select(i => $"\"NotAnInput{i:000}_{new string('x', 60)}\": \"Id\"")) + "}";
        var ex = Assert.Throws<SqlException>(() => Exec(db, $"EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Empty', @KeyColumns = N'Id', @Target = N'dbo.T', @InputColumns = N'{map}';"));
        var problems = ex.Errors.Cast<SqlError>().Where(e => e.Number == 50000).Select(e => e.Message).ToList();
        Assert.Equal(300, problems.Count(p => p.Contains("has no input named")));
        Assert.All(problems, p => Assert.EndsWith(").", p));
        Assert.Contains(ex.Errors.Cast<SqlError>(), e => e.Number == 50001 && e.Message.Contains("problems"));
    }

    [SkippableFact]
    public void With_an_input_map_a_model_asking_for_SSN_and_Salary_reads_and_logs_only_the_mapped_columns()
    {
        using SqlConnection db = NewDatabase("inputmap");
        Register(db, "churn", ChurnModels.ChurnReadingSsnAndSalary, 1);
        Exec(db, @"CREATE TABLE dbo.People (Id int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL, SSN char(11) NOT NULL, Salary money NOT NULL);
                   INSERT dbo.People VALUES (1, 30, N'basic', 3, '123-45-6789', 250000), (2, 40, N'plus', 5, '987-65-4321', 90000);");
        Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.People', @KeyColumns = N'Id', @Target = N'dbo.Scores', "
                 + "@InputColumns = N'{\"Age\": \"Age\", \"Plan\": \"Plan\", \"Tenure\": \"Tenure\"}';");
        string logged = string.Join("\n", Rows(db, "SELECT InputsJson FROM scoring.PredictionAudit;").Select(r => (string)r[0]!));
        Assert.DoesNotContain("123-45-6789", logged);
        Assert.DoesNotContain("250000", logged);
        Assert.Equal(2L, Scalar<long>(db, "SELECT MissingValues FROM scoring.RunInputStatistics WHERE InputName = N'SSN';"));
        Assert.Contains("@InputColumns", Scalar<string>(db, "SELECT Command FROM scoring.ScoringRun;"));
    }
}
