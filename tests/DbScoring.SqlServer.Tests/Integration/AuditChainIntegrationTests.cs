using System.Data;
using Microsoft.Data.SqlClient;
using DbScoring.Testing;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// The tamper-evident chain on a real server (docs/audit.md): the upgrade of a database created before the chain starts
/// it with genesis links and leaves older rows as they are; runs keep chaining after it; with ledger tables too.
/// Skipped (with the reason) where no server is reachable. The edit/delete/insert checks are in the shared store
/// behaviour suite (ModelStoreBehaviour.Audit), which runs against SQL Server as well.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class AuditChainIntegrationTests
{
    private readonly SqlServerFixture _server;

    public AuditChainIntegrationTests(SqlServerFixture server) => _server = server;

    private (SqlConnection Db, string ConnectionString) ScoredDatabase(string prefix, bool ledger = false, string? collation = null)
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase(prefix, collation);
        _server.Install(cs, ledger);
        var db = new SqlConnection(cs);
        db.Open();
        Exec(db, $@"CREATE TABLE dbo.Customers (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL, MonthlyCharges real NOT NULL);
                    WITH n AS (SELECT TOP (300) i = CONVERT(bigint, ROW_NUMBER() OVER (ORDER BY (SELECT NULL))) FROM sys.all_columns)
                    INSERT dbo.Customers (CustomerId, Age, [Plan], Tenure, MonthlyCharges) SELECT CONVERT(int, n.i), {ChurnModels.FeaturesSql} FROM n AS n;");
        using (var command = new SqlCommand("EXEC scoring.AddModelVersion @Model = N'churn', @Blob = @Blob;", db))
        {
            command.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = ChurnModels.Churn;
            command.ExecuteNonQuery();
        }

        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
        Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.ChurnScores', @BatchSize = 100;");
        return (db, cs);
    }

    private static (bool Intact, string? Problem, long Links, long Rows) Verify(SqlConnection db)
    {
        using var command = new SqlCommand("scoring.VerifyAuditTrail", db) { CommandType = CommandType.StoredProcedure, CommandTimeout = 600 };
        using var r = command.ExecuteReader();
        Assert.True(r.Read());
        return (r.GetBoolean(r.GetOrdinal("Intact")), r.IsDBNull(r.GetOrdinal("Problem")) ? null : r.GetString(r.GetOrdinal("Problem")),
                r.GetInt64(r.GetOrdinal("LinksChecked")), r.GetInt64(r.GetOrdinal("PredictionRowsChecked")));
    }

    [SkippableFact]
    public void A_new_database_chains_every_version_move_run_and_batch_and_verifies()
    {
        var (db, _) = ScoredDatabase("chain");
        using (db)
        {
            // 1 version, 1 alias move, run start, 3 batches of 100, completion.
            Assert.Equal(7L, Scalar<long>(db, "SELECT COUNT_BIG(*) FROM scoring.AuditLink"));
            Assert.Equal(0L, Scalar<long>(db, "SELECT COUNT_BIG(*) FROM scoring.AuditLink WHERE Kind = 'Genesis'"));
            Assert.Equal(1L, Scalar<long>(db, "SELECT COUNT_BIG(*) FROM scoring.AuditLink WHERE PreviousDigest IS NULL"));
            var result = Verify(db);
            Assert.True(result.Intact, result.Problem);
            Assert.Equal((7L, 300L), (result.Links, result.Rows));
        }
    }

    [SkippableFact]
    public void An_upgraded_database_starts_its_chain_with_a_genesis_link_and_keeps_older_rows_unchained()
    {
        var (db, cs) = ScoredDatabase("genesis");
        using (db)
        {
            // A database from before the chain: the same history without AuditLink rows or a chain start.
            Exec(db, @"DISABLE TRIGGER ALL ON scoring.AuditLink; DELETE FROM scoring.AuditLink; ENABLE TRIGGER ALL ON scoring.AuditLink;
                       DISABLE TRIGGER ALL ON scoring.AuditChainStart; DELETE FROM scoring.AuditChainStart; ENABLE TRIGGER ALL ON scoring.AuditChainStart;");
            long lastLogged = Scalar<long>(db, "SELECT MAX(PredictionLogId) FROM scoring.PredictionLog");

            _server.Install(cs);

            Assert.Equal(lastLogged, Scalar<long>(db, "SELECT LastPredictionLogId FROM scoring.AuditChainStart"));
            Assert.Equal(1L, Scalar<long>(db, "SELECT COUNT_BIG(*) FROM scoring.AuditLink WHERE Kind = 'Genesis' AND PreviousDigest IS NULL"));
            var before = Verify(db);
            Assert.True(before.Intact, before.Problem);
            Assert.Equal(0L, before.Rows); // nothing after the chain began yet

            // New rows chain after the genesis link; old ones stay as they were.
            Exec(db, "UPDATE dbo.Customers SET CustomerId = CustomerId + 1000 WHERE CustomerId <= 50;");
            Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.ChurnScores', @BatchSize = 100;");
            var after = Verify(db);
            Assert.True(after.Intact, after.Problem);
            Assert.Equal(50L, after.Rows);

            // Raising the chain start to hide rows breaks the genesis link.
            Exec(db, "DISABLE TRIGGER ALL ON scoring.AuditChainStart; UPDATE scoring.AuditChainStart SET LastPredictionLogId = LastPredictionLogId + 50; ENABLE TRIGGER ALL ON scoring.AuditChainStart;");
            var raised = Verify(db);
            Assert.False(raised.Intact);
            Assert.Equal("the row was edited", raised.Problem);
        }
    }

    [SkippableFact]
    public void With_ledger_tables_the_chain_is_written_and_verifies_too()
    {
        var (db, _) = ScoredDatabase("chainledger", ledger: true);
        using (db)
        {
            var result = Verify(db);
            Assert.True(result.Intact, result.Problem);
            Assert.Equal(300L, result.Rows);
        }
    }

    [SkippableFact]
    public void A_broken_trail_is_reported_in_a_database_whose_collation_differs_from_tempdbs()
    {
        // The container's instance (and so tempdb) uses SQL_Latin1_General_CP1_CI_AS; the report joins #tables to the registry.
        var (db, _) = ScoredDatabase("chaincollation", collation: "Latin1_General_100_CS_AS");
        using (db)
        {
            Assert.True(Verify(db).Intact);
            Exec(db, @"DISABLE TRIGGER scoring.Private_PredictionLog_RefuseChange ON scoring.PredictionLog;
                       UPDATE scoring.PredictionLog SET Score = Score + 1 WHERE PredictionLogId = (SELECT MIN(PredictionLogId) FROM scoring.PredictionLog);
                       ENABLE TRIGGER scoring.Private_PredictionLog_RefuseChange ON scoring.PredictionLog;");
            string printed = ExecPrinting(db, "DECLARE @r int; EXEC @r = scoring.VerifyAuditTrail; PRINT N'return ' + CONVERT(nvarchar(10), @r);");
            Assert.Contains("Audit trail BROKEN at", printed);
            Assert.Contains("return 7", printed);
        }
    }
}
