using System;
using System.Data;
using System.Linq;
using DbScoring.Testing;
using Microsoft.Data.SqlClient;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// Scheduled scoring on a real server with Agent: a job created by a ScoringAdmin who is not sysadmin (SQLAgentUserRole
/// only), the input signature pinned by the job (a published SSN/Salary version is refused until approved), and
/// @FunctionName never overwriting another model's function. Skipped (with the reason) where no server is reachable.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class ScoringJobIntegrationTests
{
    private readonly SqlServerFixture _server;

    public ScoringJobIntegrationTests(SqlServerFixture server) => _server = server;

    private (SqlConnection Db, string Name) NewDatabase(string prefix)
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase(prefix);
        _server.Install(cs);
        var db = new SqlConnection(cs);
        db.Open();
        Exec(db, $@"CREATE TABLE dbo.Customers (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL,
                                               SSN char(11) NOT NULL, Salary money NOT NULL);
                    INSERT dbo.Customers VALUES (1, 30, N'basic', 3, '123-45-6789', 250000), (2, 40, N'plus', 5, '987-65-4321', 90000),
                                                (3, NULL, N'premium', 9, '555-55-5555', 120000);");
        return (db, db.Database);
    }

    private static void Register(SqlConnection db, byte[] blob)
    {
        using var command = new SqlCommand("scoring.AddModelVersion", db) { CommandType = CommandType.StoredProcedure };
        command.Parameters.AddWithValue("@Model", "churn");
        command.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = blob;
        command.ExecuteNonQuery();
    }

    /// <summary>The job's step, run the way Agent runs it (as its owner, in its database).</summary>
    private static string StepOf(SqlConnection db, string job) =>
        Scalar<string>(db, "SELECT s.command FROM msdb.dbo.sysjobsteps AS s JOIN msdb.dbo.sysjobs AS j ON j.job_id = s.job_id WHERE j.name = @n;", ("@n", job));

    [SkippableFact]
    public void A_job_refuses_a_promoted_version_that_reads_SSN_and_Salary_until_a_ScoringAdmin_approves_it()
    {
        (SqlConnection db, string database) = NewDatabase("jobpin");
        using (db)
        {
            Register(db, ChurnModels.Churn);
            Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
            string job = "DbScoring pin " + database;
            Exec(db, $"EXEC scoring.CreateScoringJob @JobName = N'{job}', @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.Scores';");
            string step = StepOf(db, job);
            Assert.Contains("@JobName = N'" + job + "'", step);
            Exec(db, step);
            Assert.Equal(3, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.Scores;"));

            // A publisher registers and promotes a version that reads SSN and Salary.
            Exec(db, "CREATE USER Pub WITHOUT LOGIN; ALTER ROLE ScoringPublisher ADD MEMBER Pub;");
            Register(db, ChurnModels.ChurnReadingSsnAndSalary);
            Exec(db, "EXECUTE AS USER = N'Pub'; EXEC scoring.SetAlias @Model = N'churn', @Version = 2; REVERT;");

            var refused = Assert.Throws<SqlException>(() => Exec(db, step));
            Assert.Equal(50024, refused.Number);
            Assert.Contains("SSN", refused.Message);
            Assert.Contains("Salary", refused.Message);
            Assert.Contains("scoring.ApproveScoringJob", refused.Message);
            Assert.Contains("@Version = 2", refused.Message); // the call it quotes approves the version it refused
            Assert.Equal(0L, Scalar<long>(db, "SELECT COUNT_BIG(*) FROM scoring.PredictionLog WHERE ModelVersionId = 2;"));
            Assert.Equal(50024, Scalar<int>(db, "SELECT TOP (1) ErrorNumber FROM scoring.Runs ORDER BY ScoringRunId DESC;"));
            Assert.True(Scalar<bool>(db, "SELECT NeedsApproval FROM scoring.ScoringJobs WHERE JobName = @n;", ("@n", job)));

            // Neither the publisher nor an analyst may approve; a ScoringAdmin can.
            Assert.Equal(229, Assert.Throws<SqlException>(() => Exec(db, $"EXECUTE AS USER = N'Pub'; EXEC scoring.ApproveScoringJob @JobName = N'{job}';")).Number);
            Exec(db, "IF USER_NAME() <> N'dbo' REVERT;");
            Exec(db, "CREATE USER Adm WITHOUT LOGIN; ALTER ROLE ScoringAdmin ADD MEMBER Adm;");
            string preview = ExecPrinting(db, $"EXECUTE AS USER = N'Adm'; EXEC scoring.ApproveScoringJob @JobName = N'{job}', @Execute = 'N'; REVERT;");
            Assert.Contains("new inputs", preview);
            Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ScoringJobApproval;"));
            Assert.Contains("@Version = 2", preview);
            // Approving needs the version reviewed; another number is refused and approves nothing.
            Assert.True(IsValidationError(Assert.Throws<SqlException>(() => Exec(db, $"EXECUTE AS USER = N'Adm'; EXEC scoring.ApproveScoringJob @JobName = N'{job}', @Reason = N'reviewed'; REVERT;"))));
            Exec(db, "IF USER_NAME() <> N'dbo' REVERT;");
            Assert.Contains("not the version 1 you reviewed", Assert.Throws<SqlException>(() => Exec(db, $"EXECUTE AS USER = N'Adm'; EXEC scoring.ApproveScoringJob @JobName = N'{job}', @Version = 1; REVERT;")).Message);
            Exec(db, "IF USER_NAME() <> N'dbo' REVERT;");
            Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ScoringJobApproval;"));
            Exec(db, $"EXECUTE AS USER = N'Adm'; EXEC scoring.ApproveScoringJob @JobName = N'{job}', @Version = 2, @Reason = N'reviewed'; REVERT;");
            Assert.False(Scalar<bool>(db, "SELECT NeedsApproval FROM scoring.ScoringJobs WHERE JobName = @n;", ("@n", job)));
            Exec(db, step);
            Assert.Equal(3L, Scalar<long>(db, "SELECT COUNT_BIG(*) FROM scoring.PredictionLog WHERE ModelVersionId = 2;"));
            Assert.Equal(50040, Assert.Throws<SqlException>(() => Exec(db, "DELETE scoring.ScoringJobApproval;")).Number);
            Exec(db, "EXEC msdb.dbo.sp_delete_job @job_name = @n;", parameters: ("@n", job));
        }
    }

    [SkippableFact]
    public void A_ScoringAdmin_who_is_not_sysadmin_creates_a_job_with_SQLAgentUserRole_only()
    {
        (SqlConnection db, string database) = NewDatabase("jobuser");
        using (db)
        {
            Register(db, ChurnModels.Churn);
            Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
            string login = "dbscoring_admin_" + database.Split('_')[^1];
            Exec(db, $@"CREATE LOGIN [{login}] WITH PASSWORD = N'Str0ng!{Guid.NewGuid():N}', CHECK_POLICY = OFF;
                        CREATE USER [{login}] FOR LOGIN [{login}]; ALTER ROLE ScoringAdmin ADD MEMBER [{login}];
                        GRANT SELECT ON dbo.Customers TO [{login}]; GRANT CREATE TABLE TO [{login}]; GRANT ALTER, INSERT, SELECT ON SCHEMA::dbo TO [{login}];");
            Exec(db, $"USE msdb; CREATE USER [{login}] FOR LOGIN [{login}]; ALTER ROLE SQLAgentUserRole ADD MEMBER [{login}];");
            Exec(db, $"USE [{database}];");
            Assert.Equal(0, Scalar<int>(db, $"EXECUTE AS LOGIN = N'{login}'; SELECT IS_SRVROLEMEMBER(N'sysadmin'); REVERT;"));

            string job = "DbScoring user " + database;
            Exec(db, $"EXECUTE AS LOGIN = N'{login}'; EXEC scoring.CreateScoringJob @JobName = N'{job}', @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.Scores'; REVERT;");
            object?[] created = Rows(db, "SELECT SUSER_SNAME(j.owner_sid), c.name FROM msdb.dbo.sysjobs AS j JOIN msdb.dbo.syscategories AS c ON c.category_id = j.category_id WHERE j.name = @n;"
                                         .Replace("@n", "N'" + job + "'")).Single();
            Assert.Equal(login, created[0]);
            Assert.Equal("DbScoring", created[1]);
            Assert.Equal(login, Scalar<string>(db, "SELECT ApprovedBy FROM scoring.ScoringJobApproval;"));

            // Again: the job exists (seen through sysjobs_view), nothing changes.
            string again = ExecPrinting(db, $"EXECUTE AS LOGIN = N'{login}'; EXEC scoring.CreateScoringJob @JobName = N'{job}', @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.Scores'; REVERT;");
            Assert.Contains("exists already", again);
            Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ScoringJobApproval;"));

            // An analyst may not schedule at all.
            Exec(db, "CREATE USER Ana WITHOUT LOGIN; ALTER ROLE ScoringAnalyst ADD MEMBER Ana;");
            Assert.Equal(229, Assert.Throws<SqlException>(() => Exec(db, "EXECUTE AS USER = N'Ana'; EXEC scoring.CreateScoringJob @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.S2';")).Number);
            Exec(db, "IF USER_NAME() <> N'dbo' REVERT;");
            Exec(db, "EXEC msdb.dbo.sp_delete_job @job_name = @n;", parameters: ("@n", job));
        }
    }

    [SkippableFact]
    public void FunctionName_never_overwrites_the_function_of_another_model()
    {
        (SqlConnection db, _) = NewDatabase("fnname");
        using (db)
        {
            Register(db, ChurnModels.Churn);
            Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1; EXEC scoring.CreatePredictFunction @Model = N'churn';");
            using (var command = new SqlCommand("scoring.AddModelVersion", db) { CommandType = CommandType.StoredProcedure })
            {
                command.Parameters.AddWithValue("@Model", "other");
                command.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = ChurnModels.ChurnWithCharges;
                command.ExecuteNonQuery();
            }

            Exec(db, "EXEC scoring.SetAlias @Model = N'other', @Version = 1;");
            string before = Scalar<string>(db, "SELECT OBJECT_DEFINITION(OBJECT_ID(N'scoring.Predict_churn'));");
            var ex = Assert.Throws<SqlException>(() => Exec(db, "EXEC scoring.CreatePredictFunction @Model = N'other', @FunctionName = N'Predict_churn';"));
            Assert.True(IsValidationError(ex));
            Assert.Contains("was not generated for model other", ex.Message);
            Assert.Equal(before, Scalar<string>(db, "SELECT OBJECT_DEFINITION(OBJECT_ID(N'scoring.Predict_churn'));"));
            Exec(db, "EXEC scoring.CreatePredictFunction @Model = N'churn';"); // its own model may regenerate it
        }
    }
}
