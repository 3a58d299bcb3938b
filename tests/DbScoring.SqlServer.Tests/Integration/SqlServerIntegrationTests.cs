using System;
using System.Data;
using System.Linq;
using DbScoring.Runtime;
using Microsoft.Data.SqlClient;
using DbScoring.Testing;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// The whole SQL Server layer on a real server: install, register, score, promote, roll back, audit, roles,
/// restart, Agent job, upgrade, hostile identifiers. Skipped (with the reason) where no server is reachable.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class SqlServerIntegrationTests
{
    private readonly SqlServerFixture _server;

    public SqlServerIntegrationTests(SqlServerFixture server) => _server = server;

    private SqlConnection NewDatabase(string prefix, int customers = 0)
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase(prefix);
        string messages = _server.Install(cs);
        Assert.Matches(@"DbScoring 0\.1\.0\+[0-9a-f]{12} installed", messages);
        var connection = new SqlConnection(cs);
        connection.Open();
        if (customers > 0)
        {
            Exec(connection, $@"
                CREATE TABLE dbo.Customers (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL, MonthlyCharges real NOT NULL);
                WITH n AS (SELECT TOP ({customers}) i = CONVERT(bigint, ROW_NUMBER() OVER (ORDER BY (SELECT NULL)))
                           FROM sys.all_columns AS a CROSS JOIN sys.all_columns AS b)
                INSERT dbo.Customers (CustomerId, Age, [Plan], Tenure, MonthlyCharges)
                SELECT CONVERT(int, n.i), {ChurnModels.FeaturesSql} FROM n AS n;");
        }

        return connection;
    }

    private static int Register(SqlConnection connection, string model, byte[] blob, bool expectNew = true)
    {
        using var command = new SqlCommand("scoring.AddModelVersion", connection) { CommandType = CommandType.StoredProcedure };
        command.Parameters.AddWithValue("@Model", model);
        command.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = blob;
        command.Parameters.AddWithValue("@SourceArtifactName", model + ".zip");
        using SqlDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(expectNew, reader.GetBoolean(2));
        return reader.GetInt32(1);
    }

    private static string ScoreTableCall(string extra = "") =>
        "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.ChurnScores'" + extra + ";";

    [SkippableFact]
    public void Install_twice_is_idempotent_and_reports_its_version()
    {
        using SqlConnection db = NewDatabase("install");
        string again = _server.Install(db.ConnectionString);
        Assert.Contains("Kept scoring.ModelVersion and its rows", again);
        Assert.Contains("Assembly DbScoring.SqlClr is current", again);
        Assert.Matches(@"^0\.1\.0\+[0-9a-f]{12}$", Scalar<string>(db, "SELECT scoring.Version();"));
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.Modules WHERE StampedVersion <> scoring.Version();"));
    }

    [SkippableFact]
    public void A_blob_is_validated_at_registration_and_the_same_bytes_return_the_same_version()
    {
        using SqlConnection db = NewDatabase("register");
        Assert.Equal(1, Register(db, "churn", ChurnModels.Churn));
        Assert.Equal(1, Register(db, "churn", ChurnModels.Churn, expectNew: false));
        Assert.Equal(2, Register(db, "churn", ChurnModels.ChurnRetrained));
        var ex = Assert.Throws<SqlException>(() => Register(db, "churn", new byte[] { 1, 2, 3 }));
        Assert.True(IsValidationError(ex), ex.Message);
        Assert.Contains("@Blob", ex.Message);
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ModelVersion WHERE BlobSha256 <> CONVERT(binary(32), HASHBYTES('SHA2_256', ModelBlob));"));
    }

    [SkippableFact]
    public void ScoreTable_scores_100k_rows_like_the_runtime_and_logs_every_prediction()
    {
        using SqlConnection db = NewDatabase("score", customers: 100_000);
        Register(db, "churn", ChurnModels.Churn);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Alias = N'production', @Version = 1;");
        Exec(db, ScoreTableCall(", @BatchSize = 25000"));

        Assert.Equal(100_000, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores;"));
        Assert.Equal(100_000, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog;"));
        object?[] run = Rows(db, "SELECT Status, RowsScored, BatchCount, LoginName, Command FROM scoring.ScoringRun;").Single();
        Assert.Equal("Succeeded", run[0]);
        Assert.Equal(100_000L, run[1]);
        Assert.Equal(4, run[2]);
        Assert.Contains("@Source = N'dbo.Customers'", (string)run[4]!);

        ScoringModel model = ScoringModel.Load(ChurnModels.Churn);
        Scorer scorer = model.CreateScorer();
        foreach (object?[] row in Rows(db, "SELECT TOP (200) CustomerId, Score, Probability, PredictedLabel FROM dbo.ChurnScores ORDER BY CHECKSUM(CustomerId);"))
        {
            var f = ChurnModels.Features((int)row[0]!);
            for (int k = 0; k < model.Inputs.Count; k++)
            {
                switch (model.Inputs[k].Name)
                {
                    case "Age": if (f.Age is null) { scorer.SetMissing(k); } else { scorer.SetNumber(k, f.Age.Value); } break;
                    case "Plan": scorer.SetText(k, f.Plan); break;
                    case "Tenure": scorer.SetNumber(k, f.Tenure); break;
                }
            }

            Prediction expected = scorer.Predict();
            Assert.Equal(expected.Score, (float)row[1]!, 5);
            Assert.Equal(expected.Probability, (float)row[2]!, 5);
            Assert.Equal(expected.PredictedLabel, row[3]);
        }

        // Input statistics: NULL Age every 17th row, NULL Plan every 23rd, no unseen plan.
        Assert.Equal(100_000 / 17, Scalar<long>(db, "SELECT MissingValues FROM scoring.RunInputStatistics WHERE InputName = N'Age';"));
        Assert.Equal(100_000 / 23, Scalar<long>(db, "SELECT MissingValues FROM scoring.RunInputStatistics WHERE InputName = N'Plan';"));
        Assert.Equal(0L, Scalar<long>(db, "SELECT UnseenCategories FROM scoring.RunInputStatistics WHERE InputName = N'Plan';"));
        Assert.Equal(100_000L, Scalar<long>(db, "SELECT RowsScored FROM scoring.RunInputStatistics WHERE InputName = N'Tenure';"));

        // Incremental: a second run scores nothing new.
        Exec(db, ScoreTableCall());
        Assert.Equal(0L, Scalar<long>(db, "SELECT TOP (1) RowsScored FROM scoring.ScoringRun ORDER BY ScoringRunId DESC;"));
        Assert.Equal(100_000, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores;"));
    }

    [SkippableFact]
    public void The_generated_per_row_function_agrees_with_ScoreTable_and_follows_promotion_and_rollback()
    {
        using SqlConnection db = NewDatabase("perrow", customers: 2_000);
        Register(db, "churn", ChurnModels.Churn);
        Register(db, "churn", ChurnModels.ChurnRetrained);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
        Exec(db, "EXEC scoring.CreatePredictFunction @Model = N'churn';");
        Exec(db, ScoreTableCall());

        const string compare = @"SELECT COUNT(*) FROM dbo.Customers AS c
            CROSS APPLY scoring.Predict_churn(c.Age, c.[Plan], c.Tenure) AS p
            JOIN dbo.ChurnScores AS s ON s.CustomerId = c.CustomerId AND s.ModelVersionId = p.ModelVersionId
            WHERE ABS(s.Score - p.Score) < 1e-6 AND s.PredictedLabel = p.PredictedLabel;";
        Assert.Equal(2_000, Scalar<int>(db, compare.Replace("c.Age, c.[Plan], c.Tenure", ParameterOrder(db))));

        DateTime beforePromotion = Scalar<DateTime>(db, "SELECT SYSUTCDATETIME();");
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 2, @Reason = N'retrained';");
        Assert.Equal(2, Scalar<int>(db, $"SELECT TOP (1) p.VersionNumber FROM dbo.Customers AS c CROSS APPLY scoring.Predict_churn({ParameterOrder(db)}) AS p;"));
        Exec(db, "EXEC scoring.RollbackAlias @Model = N'churn', @Reason = N'drift';");
        Assert.Equal(1, Scalar<int>(db, $"SELECT TOP (1) p.VersionNumber FROM dbo.Customers AS c CROSS APPLY scoring.Predict_churn({ParameterOrder(db)}) AS p;"));

        Assert.Equal(3, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.AliasHistory WHERE ModelName = N'churn' AND AliasName = N'production';"));
        Assert.Equal(1, Scalar<int>(db, "SELECT VersionNumber FROM scoring.AliasesAsOf(@t) WHERE ModelName = N'churn';", ("@t", beforePromotion)));
        Assert.Contains("Rollback: drift", Scalar<string>(db, "SELECT MoveReason FROM scoring.ModelAlias;"));

        // A version with other inputs: SetAlias regenerates the function (now 4 parameters).
        Register(db, "churn", ChurnModels.ChurnWithCharges);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 3;");
        Assert.Equal(4, Scalar<int>(db, "SELECT COUNT(*) FROM sys.parameters WHERE object_id = OBJECT_ID(N'scoring.Predict_churn');"));
    }

    /// <summary>The generated function's parameters in order, as source column references.</summary>
    private static string ParameterOrder(SqlConnection db) => string.Join(", ",
        Rows(db, "SELECT name FROM sys.parameters WHERE object_id = OBJECT_ID(N'scoring.Predict_churn') ORDER BY parameter_id;")
            .Select(r => "c." + ((string)r[0]!).TrimStart('@') switch { "Plan" => "[Plan]", var n => n }));

    [SkippableFact]
    public void Audit_rows_are_immutable_even_for_the_owner()
    {
        using SqlConnection db = NewDatabase("audit", customers: 500);
        Register(db, "churn", ChurnModels.Churn);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
        Exec(db, ScoreTableCall());
        Assert.Equal(50040, Assert.Throws<SqlException>(() => Exec(db, "UPDATE scoring.PredictionLog SET Score = 0;")).Number);
        Assert.Equal(50040, Assert.Throws<SqlException>(() => Exec(db, "DELETE scoring.PredictionLog;")).Number);
        Assert.Equal(50040, Assert.Throws<SqlException>(() => Exec(db, "DELETE scoring.ModelVersion;")).Number);
        Assert.Equal(50040, Assert.Throws<SqlException>(() => Exec(db, "UPDATE scoring.ModelVersion SET Notes = N'x';")).Number);
        Assert.Equal(50041, Assert.Throws<SqlException>(() => Exec(db, "UPDATE scoring.ScoringRun SET RowsScored = 1;")).Number);
        Assert.Equal(50040, Assert.Throws<SqlException>(() => Exec(db, "DELETE scoring.ScoringRun;")).Number);
        Assert.Equal(500, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionAudit WHERE InputsJson IS NOT NULL;"));
    }

    [SkippableFact]
    public void An_analyst_scores_through_the_procedures_without_any_right_on_registry_or_audit_tables()
    {
        using SqlConnection db = NewDatabase("roles", customers: 300);
        Register(db, "churn", ChurnModels.Churn);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1; EXEC scoring.CreatePredictFunction @Model = N'churn';");
        Exec(db, @"CREATE USER Ana WITHOUT LOGIN; ALTER ROLE ScoringAnalyst ADD MEMBER Ana;
                   GRANT SELECT ON dbo.Customers TO Ana; GRANT CREATE TABLE TO Ana; GRANT ALTER, SELECT, INSERT ON SCHEMA::dbo TO Ana;");

        Exec(db, "EXECUTE AS USER = N'Ana'; " + ScoreTableCall() + " REVERT;");
        Assert.Equal(300, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores;"));
        Assert.Equal("Ana", Scalar<string>(db, "SELECT UserName FROM scoring.ScoringRun;"));
        Assert.Equal(300, Scalar<int>(db, $"EXECUTE AS USER = N'Ana'; SELECT COUNT(*) FROM dbo.Customers AS c CROSS APPLY scoring.Predict_churn({ParameterOrder(db)}) AS p; REVERT;"));

        foreach (string forbidden in new[]
        {
            "SELECT COUNT(*) FROM scoring.PredictionLog;",
            "SELECT COUNT(*) FROM scoring.ModelVersion;",
            "INSERT scoring.Model (ModelName) VALUES (N'x');",
            "DELETE scoring.ScoringRun;",
            "EXEC scoring.AddModelVersion @Model = N'x', @Blob = 0x01;",
            "EXEC scoring.SetAlias @Model = N'churn', @Version = 1, @Alias = N'staging';",
        })
        {
            var ex = Assert.Throws<SqlException>(() => Exec(db, "EXECUTE AS USER = N'Ana'; " + forbidden));
            Exec(db, "IF USER_NAME() <> N'dbo' REVERT;");
            Assert.True(ex.Number is 229 or 230, forbidden + " → " + ex.Number + " " + ex.Message);
        }
    }

    [SkippableFact]
    public void A_rerun_after_an_interrupted_run_neither_loses_nor_duplicates_rows()
    {
        using SqlConnection db = NewDatabase("restart", customers: 100_000);
        Register(db, "churn", ChurnModels.Churn);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");

        Exec(db, ScoreTableCall(", @BatchSize = 1000, @MaxBatches = 3"));
        Assert.Equal(3_000, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores;"));

        // Interrupt a run with a client timeout (attention); XACT_ABORT rolls the open batch back.
        Assert.Throws<SqlException>(() => Exec(db, ScoreTableCall(", @BatchSize = 500"), timeoutSeconds: 1));
        db.Close();
        db.Open();
        int partial = Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores;");
        Assert.Equal(partial, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog;"));

        Exec(db, ScoreTableCall());
        Assert.Equal(100_000, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores;"));
        Assert.Equal(100_000, Scalar<int>(db, "SELECT COUNT(DISTINCT CustomerId) FROM dbo.ChurnScores;"));
        Assert.Equal(100_000, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog;"));
        Assert.Equal(100_000, Scalar<int>(db, "SELECT COUNT(DISTINCT RowKey) FROM scoring.PredictionLog;"));
    }

    [SkippableFact]
    public void CreateScoringJob_creates_the_Agent_job_once_in_its_category()
    {
        using SqlConnection db = NewDatabase("job", customers: 10);
        Register(db, "churn", ChurnModels.Churn);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
        string name = "DbScoring test " + db.Database;
        string call = $"EXEC scoring.CreateScoringJob @JobName = N'{name}', @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.ChurnScores';";
        Exec(db, call);
        Exec(db, call);
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM msdb.dbo.sysjobs AS j JOIN msdb.dbo.syscategories AS c ON c.category_id = j.category_id WHERE j.name = @n AND c.name = N'DbScoring';", ("@n", name)));
        Assert.Contains("scoring.ScoreTable", Scalar<string>(db, "SELECT s.command FROM msdb.dbo.sysjobsteps AS s JOIN msdb.dbo.sysjobs AS j ON j.job_id = s.job_id WHERE j.name = @n;", ("@n", name)));
    }

    [SkippableFact]
    public void Upgrading_over_a_populated_database_keeps_every_model_alias_and_audit_row()
    {
        using SqlConnection db = NewDatabase("upgrade", customers: 1_000);
        Register(db, "churn", ChurnModels.Churn);
        Register(db, "churn", ChurnModels.ChurnRetrained);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1; EXEC scoring.SetAlias @Model = N'churn', @Version = 2;");
        Exec(db, "EXEC scoring.CreatePredictFunction @Model = N'churn';");
        Exec(db, ScoreTableCall());
        const string counts = @"SELECT CONCAT((SELECT COUNT(*) FROM scoring.Model), '/', (SELECT COUNT(*) FROM scoring.ModelVersion), '/',
            (SELECT COUNT(*) FROM scoring.AliasHistory), '/', (SELECT COUNT(*) FROM scoring.ScoringRun), '/', (SELECT COUNT(*) FROM scoring.PredictionLog));";
        string before = Scalar<string>(db, counts);

        // Simulate an older assembly: drop it with its functions, as an upgrade from other bytes does.
        Exec(db, @"DECLARE @d nvarchar(max) = (SELECT STRING_AGG(N'DROP FUNCTION scoring.' + QUOTENAME(o.name), N';') FROM sys.assembly_modules AS m JOIN sys.objects AS o ON o.object_id = m.object_id);
                   EXEC (@d); DROP ASSEMBLY [DbScoring.SqlClr];");
        string messages = _server.Install(db.ConnectionString);
        Assert.Contains("Created assembly DbScoring.SqlClr", messages);
        Assert.Equal(before, Scalar<string>(db, counts));
        Assert.Equal(1_000, Scalar<int>(db, $"SELECT COUNT(*) FROM dbo.Customers AS c CROSS APPLY scoring.Predict_churn({ParameterOrder(db)}) AS p;"));
    }

    [SkippableFact]
    public void Hostile_identifiers_are_refused_or_quoted_and_never_executed()
    {
        using SqlConnection db = NewDatabase("hostile", customers: 10);
        Register(db, "churn", ChurnModels.Churn);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
        foreach (string call in new[]
        {
            "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers; DROP TABLE dbo.Customers; --', @KeyColumns = N'CustomerId', @Target = N'dbo.T';",
            "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId]; DROP TABLE dbo.Customers; --', @Target = N'dbo.T';",
            "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'otherdb.dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.T';",
            "EXEC scoring.ScoreTable @Model = N'churn''; DROP TABLE dbo.Customers; --', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.T';",
            "EXEC scoring.AddModelVersion @Model = N'x]; DROP TABLE dbo.Customers; --', @Blob = 0x01;",
            "EXEC scoring.SetAlias @Model = N'churn', @Alias = N'prod''; DROP TABLE dbo.Customers; --', @Version = 1;",
            "EXEC scoring.CreatePredictFunction @Model = N'churn', @FunctionName = N'Predict_x; DROP TABLE dbo.Customers';",
        })
        {
            Assert.True(IsValidationError(Assert.Throws<SqlException>(() => Exec(db, call))), call);
        }

        // A legal but nasty name is quoted, not executed.
        Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'[CustomerId]', @Target = N'dbo.[Evil'';DROP TABLE dbo.Customers;--]';");
        Assert.Equal(10, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.Customers;"));
        Assert.Equal(10, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.[Evil';DROP TABLE dbo.Customers;--];"));
    }

    [SkippableFact]
    public void Every_procedure_prints_its_usage_and_validation_reports_all_problems_together()
    {
        using SqlConnection db = NewDatabase("help");
        foreach (string procedure in new[] { "AddModelVersion", "SetAlias", "RollbackAlias", "CreatePredictFunction", "ScoreTable", "CreateScoringJob" })
        {
            var printed = new System.Text.StringBuilder();
            SqlInfoMessageEventHandler capture = (_, e) => printed.Append(e.Message);
            db.InfoMessage += capture;
            Exec(db, $"EXEC scoring.{procedure} @Help = 1;");
            db.InfoMessage -= capture;
            Assert.Contains("scoring." + procedure, printed.ToString());
        }

        var ex = Assert.Throws<SqlException>(() => Exec(db, "EXEC scoring.ScoreTable @Model = N'nope', @BatchSize = 0, @LogInputs = 'X';"));
        Assert.True(IsValidationError(ex), ex.Message);
        foreach (string parameter in new[] { "@Model", "@Source", "@Target", "@KeyColumns", "@BatchSize", "@LogInputs" })
        {
            Assert.Contains(parameter, ex.Message);
        }
    }

    [SkippableFact]
    public void Dry_runs_change_nothing()
    {
        using SqlConnection db = NewDatabase("dryrun", customers: 100);
        using (var command = new SqlCommand("EXEC scoring.AddModelVersion @Model = N'churn', @Blob = @Blob, @Execute = 'N';", db))
        {
            command.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = ChurnModels.Churn;
            command.ExecuteNonQuery();
        }

        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ModelVersion;"));
        Register(db, "churn", ChurnModels.Churn);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1, @Execute = 'N';");
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ModelAlias;"));
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
        Exec(db, "EXEC scoring.CreatePredictFunction @Model = N'churn', @Execute = 'N';");
        Assert.Null(Scalar<object?>(db, "SELECT OBJECT_ID(N'scoring.Predict_churn');"));
        Exec(db, ScoreTableCall(", @Execute = 'N'"));
        Assert.Null(Scalar<object?>(db, "SELECT OBJECT_ID(N'dbo.ChurnScores');"));
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ScoringRun;"));
    }

    [SkippableFact]
    public void The_ledger_option_creates_the_audit_tables_as_ledger_tables_on_SQL_Server_2022()
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase("ledger");
        using (var probe = new SqlConnection(cs))
        {
            probe.Open();
            Skip.If(Scalar<int>(probe, "SELECT CONVERT(int, SERVERPROPERTY('ProductMajorVersion'));") < 16, "Ledger tables need SQL Server 2022.");
        }

        string messages = _server.Install(cs, ledger: true);
        Assert.Contains("as a ledger table", messages);
        using var db = new SqlConnection(cs);
        db.Open();
        Assert.Equal("2/3", Scalar<string>(db, @"SELECT CONCAT((SELECT ledger_type FROM sys.tables WHERE object_id = OBJECT_ID(N'scoring.ScoringRun')), '/',
                                                              (SELECT ledger_type FROM sys.tables WHERE object_id = OBJECT_ID(N'scoring.PredictionLog')));"));
        Exec(db, @"CREATE TABLE dbo.Customers (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL);
                   INSERT dbo.Customers VALUES (1, 30, N'basic', 3), (2, NULL, NULL, 50);");
        Register(db, "churn", ChurnModels.Churn);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
        Exec(db, ScoreTableCall());
        Assert.Equal(2, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog;"));
        Assert.ThrowsAny<SqlException>(() => Exec(db, "UPDATE scoring.PredictionLog SET Score = 0;"));
    }
}
