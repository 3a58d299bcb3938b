using System.Data;
using DbScoring.Testing;
using Microsoft.Data.SqlClient;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// scoring.Runs hides another user's error text as it hides their command: a refused run's message can quote row values
/// (here a duplicate key), which an analyst without rights on that source must not read there. The error number stays.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class RunsVisibilityIntegrationTests
{
    private readonly SqlServerFixture _server;

    public RunsVisibilityIntegrationTests(SqlServerFixture server) => _server = server;

    [SkippableFact]
    public void An_analyst_sees_the_error_text_of_her_own_runs_only()
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase("runerrors");
        _server.Install(cs);
        using var db = new SqlConnection(cs);
        db.Open();
        using (var register = new SqlCommand("scoring.AddModelVersion", db) { CommandType = CommandType.StoredProcedure })
        {
            register.Parameters.AddWithValue("@Model", "churn");
            register.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = ChurnModels.Churn;
            register.ExecuteNonQuery();
        }

        Exec(db, @"EXEC scoring.SetAlias @Model = N'churn', @Version = 1;
                   CREATE TABLE dbo.Secret (CustomerId nvarchar(20) NOT NULL, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL);
                   INSERT dbo.Secret VALUES (N'K-4711', 30, N'basic', 3), (N'K-4711', 31, N'basic', 4);
                   CREATE USER Ana WITHOUT LOGIN; ALTER ROLE ScoringAnalyst ADD MEMBER Ana;
                   CREATE USER Bob WITHOUT LOGIN; ALTER ROLE ScoringAnalyst ADD MEMBER Bob; GRANT SELECT ON dbo.Secret TO Bob;
                   GRANT CREATE TABLE TO Bob; GRANT ALTER ON SCHEMA::dbo TO Bob;");
        var refused = Assert.Throws<SqlException>(() => Exec(db,
            "EXECUTE AS USER = N'Bob'; EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Secret', @KeyColumns = N'CustomerId', @Target = N'dbo.BobScores'; REVERT;"));
        Assert.Equal(50026, refused.Number);
        Exec(db, "IF USER_NAME() <> N'dbo' REVERT;");

        const string errors = "SELECT CONCAT(COUNT(*), '/', COUNT(ErrorMessage), '/', MAX(ErrorNumber)) FROM scoring.Runs WHERE UserName = N'Bob';";
        Assert.Equal("1/0/50026", Scalar<string>(db, "EXECUTE AS USER = N'Ana'; " + errors + " REVERT;"));
        Assert.Equal("1/1/50026", Scalar<string>(db, "EXECUTE AS USER = N'Bob'; " + errors + " REVERT;"));
        Assert.Contains("K-4711", Scalar<string>(db, "SELECT ErrorMessage FROM scoring.Runs WHERE UserName = N'Bob';"));
    }
}
