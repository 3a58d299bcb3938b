using System;
using System.Data;
using System.Linq;
using DbScoring.Testing;
using Microsoft.Data.SqlClient;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// The roles on a real server: a publisher's promotion regenerates the analysts' function, analysts see only their own
/// calls in scoring.Runs, and analysts write their results without ALTER on dbo (the setups documented in
/// docs/operations.md, run as written). Skipped (with the reason) where no server is reachable.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class RoleIntegrationTests
{
    private readonly SqlServerFixture _server;

    public RoleIntegrationTests(SqlServerFixture server) => _server = server;

    private SqlConnection Database(string prefix)
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase(prefix);
        _server.Install(cs);
        var db = new SqlConnection(cs);
        db.Open();
        Exec(db, $@"CREATE TABLE dbo.Customers (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL, MonthlyCharges real NOT NULL);
                    WITH n AS (SELECT TOP (300) i = CONVERT(bigint, ROW_NUMBER() OVER (ORDER BY (SELECT NULL))) FROM sys.all_columns)
                    INSERT dbo.Customers (CustomerId, Age, [Plan], Tenure, MonthlyCharges) SELECT CONVERT(int, n.i), {ChurnModels.FeaturesSql} FROM n AS n;
                    CREATE USER Ana WITHOUT LOGIN; ALTER ROLE ScoringAnalyst ADD MEMBER Ana;");
        Register(db, ChurnModels.Churn);
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
        return db;
    }

    private static void Register(SqlConnection db, byte[] blob)
    {
        using var command = new SqlCommand("EXEC scoring.AddModelVersion @Model = N'churn', @Blob = @Blob;", db);
        command.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = blob;
        command.ExecuteNonQuery();
    }

    private static string Arguments(SqlConnection db) => string.Join(", ",
        Rows(db, "SELECT name FROM sys.parameters WHERE object_id = OBJECT_ID(N'scoring.Predict_churn') ORDER BY parameter_id;")
            .Select(r => "c." + ((string)r[0]!).TrimStart('@') switch { "Plan" => "[Plan]", var n => n }));

    private static string AsUser(string user, string sql) => $"EXECUTE AS USER = N'{user}'; {sql} REVERT;";

    [SkippableFact]
    public void A_publisher_promoting_a_version_with_other_inputs_regenerates_the_analysts_function()
    {
        using SqlConnection db = Database("publisher");
        Exec(db, "EXEC scoring.CreatePredictFunction @Model = N'churn'; CREATE USER Pub WITHOUT LOGIN; ALTER ROLE ScoringPublisher ADD MEMBER Pub;");
        Assert.Equal(3, Scalar<int>(db, "SELECT COUNT(*) FROM sys.parameters WHERE object_id = OBJECT_ID(N'scoring.Predict_churn');"));
        Register(db, ChurnModels.ChurnWithCharges);

        // The publisher sees no generated function itself; the promotion must still regenerate it.
        Assert.Null(Scalar<object?>(db, AsUser("Pub", "SELECT OBJECT_ID(N'scoring.Predict_churn', N'IF');")));
        string printed = ExecPrinting(db, AsUser("Pub", "EXEC scoring.SetAlias @Model = N'churn', @Version = 2, @Reason = N'wider model';"));
        Assert.Contains("was regenerated", printed);
        Assert.Equal(4, Scalar<int>(db, "SELECT COUNT(*) FROM sys.parameters WHERE object_id = OBJECT_ID(N'scoring.Predict_churn');"));
        Exec(db, "GRANT SELECT ON dbo.Customers TO Ana;");
        Assert.Equal(300, Scalar<int>(db, AsUser("Ana", $"SELECT COUNT(*) FROM dbo.Customers AS c CROSS APPLY scoring.Predict_churn({Arguments(db)}) AS p WHERE p.VersionNumber = 2;")));
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.AliasHistory WHERE MoveReason = N'wider model';"));
    }

    [SkippableFact]
    public void Analysts_see_the_command_of_their_own_runs_only_and_auditors_see_every_one()
    {
        using SqlConnection db = Database("runs");
        Exec(db, @"CREATE USER Bob WITHOUT LOGIN; ALTER ROLE ScoringAnalyst ADD MEMBER Bob; CREATE USER Aud WITHOUT LOGIN; ALTER ROLE ScoringAuditor ADD MEMBER Aud;
                   CREATE TABLE dbo.AnaScores (CustomerId int NOT NULL, ModelVersionId int NOT NULL, PredictedLabel nvarchar(400) NULL, Score real NULL, Probability real NULL,
                       PredictedClass int NULL, ScoringRunId bigint NOT NULL, ScoredAt datetime2(3) NOT NULL,
                       Status varchar(10) NOT NULL DEFAULT ('Scored'), Reason nvarchar(2000) NULL, PRIMARY KEY (ModelVersionId, CustomerId));
                   SELECT * INTO dbo.BobScores FROM dbo.AnaScores; ALTER TABLE dbo.BobScores ADD PRIMARY KEY (ModelVersionId, CustomerId);
                   GRANT SELECT ON dbo.Customers TO Ana, Bob; GRANT SELECT, INSERT ON dbo.AnaScores TO Ana; GRANT SELECT, INSERT ON dbo.BobScores TO Bob;");
        Exec(db, AsUser("Ana", "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.AnaScores';"));
        Exec(db, AsUser("Bob", "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.BobScores';"));

        const string commands = "SELECT CONCAT(SUM(CASE WHEN UserName = N'Ana' AND Command IS NOT NULL THEN 1 ELSE 0 END), '/', SUM(CASE WHEN UserName = N'Bob' AND Command IS NOT NULL THEN 1 ELSE 0 END)) FROM scoring.Runs;";
        Assert.Equal("1/0", Scalar<string>(db, AsUser("Ana", commands)));
        Assert.Equal("0/1", Scalar<string>(db, AsUser("Bob", commands)));
        Assert.Equal("1/1", Scalar<string>(db, AsUser("Aud", commands)));
        Assert.Equal(2, Scalar<int>(db, AsUser("Ana", "SELECT COUNT(*) FROM scoring.Runs;")));
    }

    /// <summary>The documented setup for the analyst user, batch by batch as sqlcmd would run it.</summary>
    private static void RunDocumented(SqlConnection db, string marker) =>
        RunScript(db, RoleAccessTests.DocumentedBlock(marker));

    [SkippableFact]
    public void An_analyst_scores_into_the_documented_output_schema_and_gains_nothing_over_dbo()
    {
        using SqlConnection db = Database("outschema");
        Exec(db, @"CREATE TABLE dbo.Salaries (EmployeeId int NOT NULL PRIMARY KEY, Salary money NOT NULL); INSERT dbo.Salaries VALUES (1, 100000);
                   EXEC (N'CREATE PROCEDURE dbo.Payroll AS SELECT SUM(Salary) FROM dbo.Salaries;');");
        RunDocumented(db, "-- Analyst output schema");

        Exec(db, AsUser("Ana", "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'scores.ChurnScores';"));
        Assert.Equal(300, Scalar<int>(db, "SELECT COUNT(*) FROM scores.ChurnScores;"));
        Assert.Equal("ScoringOutputOwner", Scalar<string>(db, "SELECT USER_NAME(principal_id) FROM sys.schemas WHERE name = N'scores';"));

        // No power over dbo: altering a dbo procedure is refused, and a view in the output schema cannot read dbo tables
        // (its owner is not dbo, so there is no ownership chain), even with CREATE VIEW granted for the test.
        Assert.ThrowsAny<SqlException>(() => Exec(db, AsUser("Ana", "EXEC (N'ALTER PROCEDURE dbo.Payroll AS SELECT 1;');")));
        Exec(db, "IF USER_NAME() <> N'dbo' REVERT;");
        Exec(db, "GRANT CREATE VIEW TO Ana;");
        Exec(db, AsUser("Ana", "EXEC (N'CREATE VIEW scores.Peek AS SELECT Salary FROM dbo.Salaries;');"));
        Assert.Equal(229, Assert.Throws<SqlException>(() => Exec(db, AsUser("Ana", "SELECT * FROM scores.Peek;"))).Number);
        Exec(db, "IF USER_NAME() <> N'dbo' REVERT;");
        Assert.Contains("SELECT SUM(Salary)", Scalar<string>(db, "SELECT OBJECT_DEFINITION(OBJECT_ID(N'dbo.Payroll'));"));
    }

    [SkippableFact]
    public void An_analyst_scores_into_a_target_created_in_advance_with_no_create_or_alter_right()
    {
        using SqlConnection db = Database("pretarget");
        RunDocumented(db, "-- Analyst target created in advance");
        Exec(db, AsUser("Ana", "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.ChurnScores';"));
        Assert.Equal(300, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores;"));
        Assert.Equal(0, Scalar<int>(db, AsUser("Ana", "SELECT HAS_PERMS_BY_NAME(DB_NAME(), N'DATABASE', N'CREATE TABLE') + HAS_PERMS_BY_NAME(N'dbo', N'SCHEMA', N'ALTER');")));
    }

    [SkippableFact]
    public void A_target_with_an_enabled_trigger_is_refused_so_that_no_trigger_runs_with_the_scorers_rights()
    {
        using SqlConnection db = Database("triggertarget");
        RunDocumented(db, "-- Analyst output schema");
        const string score = "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'scores.ChurnScores';";
        Exec(db, AsUser("Ana", score));
        Exec(db, AsUser("Ana", "EXEC (N'CREATE TRIGGER scores.Borrow ON scores.ChurnScores AFTER INSERT AS SET NOCOUNT ON;');"));
        var refused = Assert.Throws<SqlException>(() => Exec(db, score)); // db_owner scoring into the analyst's table
        Assert.Contains("has enabled triggers ([Borrow])", refused.Message, StringComparison.Ordinal);
        Exec(db, "DISABLE TRIGGER scores.Borrow ON scores.ChurnScores;");
        Exec(db, score);
    }

    [SkippableFact]
    public void Rows_an_earlier_run_refused_are_scored_again_with_the_documented_DELETE_and_without_it_error_50090_names_the_grant()
    {
        using SqlConnection db = Database("refusedagain");
        RunDocumented(db, "-- Analyst target created in advance");
        // Every tenth customer's age is text that is not a number: those rows are refused, run after run.
        Exec(db, "CREATE VIEW dbo.MessyCustomers AS SELECT CustomerId, Age = CASE WHEN CustomerId % 10 = 0 THEN N'n/a' " +
                 "ELSE CONVERT(nvarchar(30), CONVERT(decimal(9, 2), Age)) END, [Plan], Tenure, MonthlyCharges FROM dbo.Customers;");
        Exec(db, "GRANT SELECT ON dbo.MessyCustomers TO Ana;");
        const string score = "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.MessyCustomers', @KeyColumns = N'CustomerId', @Target = N'dbo.ChurnScores';";
        Exec(db, AsUser("Ana", score));
        Assert.Equal(30, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores WHERE Status = 'Refused';"));

        Exec(db, AsUser("Ana", score)); // tries the 30 again (still refused), replacing their rows
        Assert.Equal(300, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores;"));
        Assert.Equal(30, Scalar<int>(db, "SELECT RowsRefused FROM scoring.ScoringRun WHERE ScoringRunId = (SELECT MAX(ScoringRunId) FROM scoring.ScoringRun);"));

        Exec(db, "REVOKE DELETE ON dbo.ChurnScores FROM Ana;");
        var refused = Assert.Throws<SqlException>(() => Exec(db, AsUser("Ana", score)));
        Assert.Equal(50090, refused.Number);
        Assert.Contains("GRANT DELETE ON [dbo].[ChurnScores] TO [Ana]", refused.Message, StringComparison.Ordinal);
        Assert.Equal(30, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.ChurnScores WHERE Status = 'Refused';"));
    }
}
