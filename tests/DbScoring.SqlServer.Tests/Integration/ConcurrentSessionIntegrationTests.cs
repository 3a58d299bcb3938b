using System;
using System.Threading;
using System.Threading.Tasks;
using System.Data;
using DbScoring.Testing;
using Microsoft.Data.SqlClient;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// Two sessions at once. One target, however it is spelled: scoring.ScoreTable names its application lock and its runs
/// after the catalog's spelling of an existing target, so a run given dbo.SCORES while another holds [dbo].[Scores] is
/// refused (50022) instead of taking a lock of its own (application lock names compare binary) and marking the live run
/// Abandoned. One alias, moved twice at once: scoring.SetAlias reads the current version under an update lock, so under
/// READ_COMMITTED_SNAPSHOT the second move waits for the first instead of deciding on a stale version. A Running run is
/// Abandoned by the next run of its target only when its own run lock is free too (its session is gone).
/// </summary>
[Collection(SqlServerCollection.Name)]
public class ConcurrentSessionIntegrationTests
{
    private readonly SqlServerFixture _server;

    public ConcurrentSessionIntegrationTests(SqlServerFixture server) => _server = server;

    private const string CreateCustomers = "CREATE TABLE dbo.Customers (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL);";

    private string NewDatabase(string prefix, params byte[][] versions)
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase(prefix);
        _server.Install(cs);
        using var db = new SqlConnection(cs);
        db.Open();
        foreach (byte[] blob in versions)
        {
            using var register = new SqlCommand("scoring.AddModelVersion", db) { CommandType = CommandType.StoredProcedure };
            register.Parameters.AddWithValue("@Model", "churn");
            register.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = blob;
            register.ExecuteNonQuery();
        }

        return cs;
    }

    [SkippableFact]
    public void A_run_given_another_spelling_of_a_busy_target_is_refused_and_the_busy_run_is_left_alone()
    {
        string cs = NewDatabase("spelling", ChurnModels.Churn);
        using var db = new SqlConnection(cs);
        db.Open();
        Exec(db, @"EXEC scoring.SetAlias @Model = N'churn', @Version = 1;
                   " + CreateCustomers + @"
                   INSERT dbo.Customers VALUES (1, 30, N'basic', 3), (2, 40, N'plus', 5);
                   EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.Scores';
                   INSERT dbo.Customers VALUES (3, 50, N'premium', 7);");
        Assert.Equal("[dbo].[Scores]", Scalar<string>(db, "SELECT QuotedName FROM scoring.Private_ParseObjectName(N'DBO.SCORES');"));

        // Another session holds the target as a running ScoreTable does (same lock resource).
        using var busy = new SqlConnection(cs);
        busy.Open();
        Exec(busy, "DECLARE @r int; EXEC @r = sys.sp_getapplock @Resource = N'DbScoring.ScoreTable:' + DB_NAME() + N':[dbo].[Scores]', "
                   + "@LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; IF @r < 0 THROW 50099, N'lock not taken', 1;");

        var ex = Assert.Throws<SqlException>(() =>
            Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'DBO.SCORES';"));
        Assert.Equal(50022, ex.Number);
        Assert.Equal(2, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.Scores;"));
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ScoringRun WHERE Status = 'Abandoned';"));
        Assert.Equal("[dbo].[Scores]", Scalar<string>(db, "SELECT TOP (1) TargetName FROM scoring.ScoringRun ORDER BY ScoringRunId DESC;"));
    }

    [SkippableFact]
    public void A_second_move_of_an_alias_waits_for_the_first_even_under_read_committed_snapshot()
    {
        string cs = NewDatabase("aliasrace", ChurnModels.Churn, ChurnModels.ChurnRetrained, ChurnModels.ChurnWithCharges);
        using var db = new SqlConnection(cs);
        db.Open();
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1; "
                 + "DECLARE @Sql nvarchar(400) = N'ALTER DATABASE ' + QUOTENAME(DB_NAME()) + N' SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE;'; "
                 + "EXEC (@Sql);");
        SqlConnection.ClearAllPools(); // ROLLBACK IMMEDIATE ended the pooled sessions in this database
        using var first = new SqlConnection(cs);
        first.Open();
        using SqlTransaction open = first.BeginTransaction();
        using (var move = new SqlCommand("EXEC scoring.SetAlias @Model = N'churn', @Version = 2;", first, open))
        {
            move.ExecuteNonQuery();
        }

        // The first move is not committed: the second must wait for it (here: give up after 500 ms with Msg 1222).
        var ex = Assert.Throws<SqlException>(() => Exec(db, "SET LOCK_TIMEOUT 500; EXEC scoring.SetAlias @Model = N'churn', @Version = 3;"));
        Assert.Equal(1222, ex.Number);
        open.Commit();
        Exec(db, "SET LOCK_TIMEOUT -1; EXEC scoring.SetAlias @Model = N'churn', @Version = 3;");
        Assert.Equal(3, Scalar<int>(db, "SELECT VersionNumber FROM scoring.Aliases WHERE ModelName = N'churn' AND AliasName = N'production';"));
    }

    [SkippableFact]
    public void A_Running_run_whose_session_holds_its_run_lock_is_never_marked_Abandoned_and_a_dead_one_is()
    {
        string cs = NewDatabase("runlock", ChurnModels.Churn);
        using var db = new SqlConnection(cs);
        db.Open();
        Exec(db, @"EXEC scoring.SetAlias @Model = N'churn', @Version = 1;
                   " + CreateCustomers + @"
                   INSERT dbo.Customers VALUES (1, 30, N'basic', 3), (2, 40, N'plus', 5);
                   -- Two runs of a target that does not exist yet, left Running (as sysadmin: roles may not insert here).
                   INSERT scoring.ScoringRun (ProcedureName, TargetName, Command) VALUES (N'scoring.ScoreTable', N'[dbo].[New]', N'-- alive'), (N'scoring.ScoreTable', N'[dbo].[New]', N'-- dead');");
        long alive = Scalar<long>(db, "SELECT ScoringRunId FROM scoring.ScoringRun WHERE Command = N'-- alive';");

        // The live run's session holds its run lock, as a running ScoreTable does; it took another spelling of the target.
        using var live = new SqlConnection(cs);
        live.Open();
        Exec(live, "DECLARE @r int; EXEC @r = sys.sp_getapplock @Resource = @name, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; "
                   + "IF @r < 0 THROW 50099, N'lock not taken', 1;", 600, ("@name", "DbScoring.ScoringRun:" + Scalar<string>(db, "SELECT DB_NAME();") + ":" + alive));

        Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.NEW';");
        Assert.Equal("Running", Scalar<string>(db, "SELECT Status FROM scoring.ScoringRun WHERE Command = N'-- alive';"));
        Assert.Equal("Abandoned", Scalar<string>(db, "SELECT Status FROM scoring.ScoringRun WHERE Command = N'-- dead';"));
        Assert.Equal(2, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.NEW;"));
    }

    [SkippableFact]
    public void A_trigger_made_on_the_target_while_a_run_is_under_way_stops_the_run_before_it_fires()
    {
        string cs = NewDatabase("midruntrigger", ChurnModels.Churn);
        using var db = new SqlConnection(cs);
        db.Open();
        Exec(db, @"EXEC scoring.SetAlias @Model = N'churn', @Version = 1;
                   " + CreateCustomers + @"
                   INSERT dbo.Customers VALUES (1, 30, N'basic', 3), (2, 40, N'plus', 5), (3, 50, N'premium', 7);
                   CREATE TABLE dbo.Fired (Rows int NOT NULL);");

        // Another session holds scoring.PredictionLog, so the run's first batch waits inside its transaction, after it took
        // its lock on the target and checked it for triggers.
        using var holder = new SqlConnection(cs);
        holder.Open();
        int holderSession = Scalar<short>(holder, "SELECT CONVERT(smallint, @@SPID);");
        using SqlTransaction held = holder.BeginTransaction();
        using (var hold = new SqlCommand("SELECT TOP (1) 1 FROM scoring.PredictionLog WITH (TABLOCKX, HOLDLOCK);", holder, held))
        {
            hold.ExecuteNonQuery();
        }

        Task<Exception?> run = Task.Run<Exception?>(() =>
        {
            try
            {
                using var scorer = new SqlConnection(cs);
                scorer.Open();
                Exec(scorer, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.Scores', @BatchSize = 1;");
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        WaitUntilBlockedBy(db, holderSession);

        // The trigger is made while batch 1 waits: CREATE TRIGGER needs a schema lock, so it waits for batch 1's commit.
        Task create = Task.Run(() =>
        {
            using var owner = new SqlConnection(cs);
            owner.Open();
            Exec(owner, "CREATE TRIGGER dbo.Scores_Borrow ON dbo.Scores AFTER INSERT, DELETE AS INSERT dbo.Fired (Rows) SELECT COUNT(*) FROM inserted;");
        });
        WaitUntilBlockedBy(db, Scalar<short>(db, "SELECT TOP (1) CONVERT(smallint, r.session_id) FROM sys.dm_exec_requests AS r WHERE r.blocking_session_id = "
                                                 + holderSession + ";"));
        held.Commit();
        create.Wait(TimeSpan.FromMinutes(2));

        var error = Assert.IsType<SqlException>(run.Result);
        Assert.Equal(50091, error.Number);
        Assert.Contains("[Scores_Borrow]", error.Message);
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.Fired;"));
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM dbo.Scores;"));
        Assert.Equal(50091, Scalar<int>(db, "SELECT TOP (1) ErrorNumber FROM scoring.ScoringRun ORDER BY ScoringRunId DESC;"));
    }

    /// <summary>Waits (at most a minute) until some request is blocked by <paramref name="session"/>.</summary>
    private static void WaitUntilBlockedBy(SqlConnection db, int session)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (Scalar<int>(db, "SELECT COUNT(*) FROM sys.dm_exec_requests WHERE blocking_session_id = " + session + ";") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"nothing was blocked by session {session} within a minute");
            Thread.Sleep(100);
        }
    }
}
