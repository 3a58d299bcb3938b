using System;
using System.Data;
using System.Linq;
using Microsoft.Data.SqlClient;
using DbScoring.Testing;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// Retention of the prediction log on a real server: policies, a purge of whole old runs in recorded batches whose
/// digests an auditor can recompute, the trigger refusing every other delete, re-clustering an old table, and the
/// refusal on a ledger table. Skipped (with the reason) where no server is reachable.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class RetentionIntegrationTests
{
    private readonly SqlServerFixture _server;

    public RetentionIntegrationTests(SqlServerFixture server) => _server = server;

    private SqlConnection ScoredDatabase(string prefix, bool ledger = false)
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase(prefix);
        _server.Install(cs, ledger);
        var db = new SqlConnection(cs);
        db.Open();
        Exec(db, $@"CREATE TABLE dbo.Customers (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL, MonthlyCharges real NOT NULL);
                    WITH n AS (SELECT TOP (1000) i = CONVERT(bigint, ROW_NUMBER() OVER (ORDER BY (SELECT NULL))) FROM sys.all_columns)
                    INSERT dbo.Customers (CustomerId, Age, [Plan], Tenure, MonthlyCharges) SELECT CONVERT(int, n.i), {ChurnModels.FeaturesSql} FROM n AS n;");
        using (var command = new SqlCommand("EXEC scoring.AddModelVersion @Model = N'churn', @Blob = @Blob;", db))
        {
            command.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = ChurnModels.Churn;
            command.ExecuteNonQuery();
        }

        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
        Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = N'dbo.ChurnScores';");
        return db;
    }

    /// <summary>
    /// History as an older installation would hold it: a run that ended 400 days ago, with its own copy of the
    /// predictions (inserted as dbo, which the append-only rules allow; only UPDATE and DELETE are refused).
    /// </summary>
    private static long AddOldRun(SqlConnection db) => Scalar<long>(db, @"
        INSERT scoring.ScoringRun (ProcedureName, ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command, StartedAt, EndedAt, Status, RowsScored)
        SELECT ProcedureName, ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command,
               DATEADD(day, -400, StartedAt), DATEADD(day, -400, EndedAt), 'Succeeded', RowsScored
        FROM scoring.ScoringRun WHERE ScoringRunId = 1;
        DECLARE @Old bigint = SCOPE_IDENTITY();
        INSERT scoring.PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, Inputs, PredictedClass, PredictedLabel, Score, Probability, PredictedAt)
        SELECT @Old, RowKey, ModelVersionId, BlobSha256, InputsSha256, Inputs, PredictedClass, PredictedLabel, Score, Probability, DATEADD(day, -400, PredictedAt)
        FROM scoring.PredictionLog WHERE ScoringRunId = 1 ORDER BY PredictionLogId;
        SELECT @Old;");

    [SkippableFact]
    public void A_purge_removes_only_whole_runs_past_the_policy_in_recorded_batches_whose_digests_can_be_recomputed()
    {
        using SqlConnection db = ScoredDatabase("purge");
        long old = AddOldRun(db);
        Exec(db, "SELECT * INTO dbo.RemovedCopy FROM scoring.PredictionLog WHERE ScoringRunId = @old;", parameters: ("@old", old));

        // Default: keep everything.
        Exec(db, "EXEC scoring.PurgePredictionLog;");
        Assert.Equal(2000, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog;"));

        Exec(db, "EXEC scoring.SetRetention @Model = N'churn', @KeepDays = 365, @Reason = N'test policy';");
        Assert.Equal(365, Scalar<int>(db, "SELECT KeepDays FROM scoring.RetentionPolicies WHERE ModelName = N'churn';"));
        Assert.Equal(old, Scalar<long>(db, "DECLARE @r TABLE (ModelName sysname, KeepDays int, Cutoff datetime2(3), ScoringRunId bigint, EndedAt datetime2(3), RowsLeft bigint); "
                                         + "INSERT @r EXEC scoring.PurgePredictionLog @Execute = 'N'; SELECT ScoringRunId FROM @r;"));
        Assert.Equal(2000, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog;"));

        // An admin (not db_owner) purges through the procedure; an analyst may not.
        Exec(db, "CREATE USER Adm WITHOUT LOGIN; ALTER ROLE ScoringAdmin ADD MEMBER Adm; CREATE USER Ana WITHOUT LOGIN; ALTER ROLE ScoringAnalyst ADD MEMBER Ana;");
        var refused = Assert.Throws<SqlException>(() => Exec(db, "EXECUTE AS USER = N'Ana'; EXEC scoring.PurgePredictionLog;"));
        Exec(db, "IF USER_NAME() <> N'dbo' REVERT;");
        Assert.Equal(229, refused.Number);
        Exec(db, "EXECUTE AS USER = N'Adm'; EXEC scoring.PurgePredictionLog @BatchSize = 300; REVERT;");

        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog WHERE ScoringRunId = @old;", ("@old", old)));
        Assert.Equal(1000, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog WHERE ScoringRunId = 1;"));
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ScoringRun WHERE ScoringRunId = @old;", ("@old", old)));
        object?[] purge = Rows(db, "SELECT PurgeId, RunCount, RowsRemoved, Batches, Runs FROM scoring.Purges;").Single();
        Assert.Equal(new object?[] { 1L, 1, 1000L, 4, old.ToString(System.Globalization.CultureInfo.InvariantCulture) }, purge);
        Assert.Equal(new[] { 300L, 300L, 300L, 100L }, Rows(db, "SELECT RowsRemoved FROM scoring.RetentionLog ORDER BY BatchNumber;").Select(r => (long)r[0]!).ToArray());

        // The auditor's check: each batch digest recomputed from a copy of the removed rows with the same line function.
        Assert.Equal(0, Scalar<int>(db, @"
            SELECT COUNT(*) FROM scoring.RetentionLog AS r
            WHERE r.Digest <> (SELECT CONVERT(binary(32), HASHBYTES('SHA2_256', STRING_AGG(x.Line, NCHAR(10)) WITHIN GROUP (ORDER BY c.PredictionLogId)))
                               FROM dbo.RemovedCopy AS c
                               CROSS APPLY scoring.Private_PredictionLogLine(r.DigestVersion, c.PredictionLogId, c.ScoringRunId, c.RowKey, c.ModelVersionId, c.BlobSha256,
                                           c.InputsSha256, c.PredictedClass, c.PredictedLabel, c.Score, c.Probability, c.PredictedAt,
                                           c.Role, c.Arm, c.Status, c.Reason, c.Explanation) AS x
                               WHERE c.PredictionLogId BETWEEN r.FirstPredictionLogId AND r.LastPredictionLogId);"));
        Assert.Equal(Scalar<string>(db, "SELECT ORIGINAL_LOGIN();"), Scalar<string>(db, "SELECT DISTINCT PurgedBy FROM scoring.RetentionLog;"));
        Assert.Equal((byte)2, Scalar<byte>(db, "SELECT DISTINCT DigestVersion FROM scoring.RetentionLog;")); // line format 2: with Role, Arm, Status, Reason, Explanation

        // Nothing else deletes: not dbo by hand, not with a forged session key, not the retention records themselves.
        Assert.Equal(50040, Assert.Throws<SqlException>(() => Exec(db, "DELETE TOP (1) scoring.PredictionLog;")).Number);
        Assert.Equal(50040, Assert.Throws<SqlException>(() => Exec(db,
            "EXEC sys.sp_set_session_context N'DbScoring.RetentionLogId', 1; DELETE TOP (300) scoring.PredictionLog WHERE ScoringRunId = 1;")).Number);
        Exec(db, "EXEC sys.sp_set_session_context N'DbScoring.RetentionLogId', NULL;");
        Assert.Equal(50040, Assert.Throws<SqlException>(() => Exec(db, "DELETE scoring.RetentionLog;")).Number);
        Assert.Equal(50040, Assert.Throws<SqlException>(() => Exec(db, "UPDATE scoring.RetentionPolicy SET KeepDays = 1;")).Number);
        Assert.Equal(1000, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog;"));

        // A second purge finds nothing; a shorter policy is recorded as a new row, with a note under six months.
        Exec(db, "EXEC scoring.PurgePredictionLog;");
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.Purges;"));
        Exec(db, "EXEC scoring.SetRetention @Model = N'churn', @KeepDays = 30;");
        Assert.Equal(2, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.RetentionPolicy;"));
    }

    [SkippableFact]
    public void The_installer_reclusters_an_old_prediction_log_by_run_keeping_every_row()
    {
        using SqlConnection db = ScoredDatabase("recluster");
        AddOldRun(db);
        // The shape an earlier installer created: clustered primary key on PredictionLogId, a separate index on the run.
        Exec(db, @"DROP INDEX CX_PredictionLog_Run ON scoring.PredictionLog;
                   ALTER TABLE scoring.PredictionLog DROP CONSTRAINT PK_PredictionLog;
                   ALTER TABLE scoring.PredictionLog ADD CONSTRAINT PK_PredictionLog PRIMARY KEY CLUSTERED (PredictionLogId);
                   CREATE INDEX IX_PredictionLog_Run ON scoring.PredictionLog (ScoringRunId);");
        string checksum = Scalar<string>(db, "SELECT CONCAT(COUNT_BIG(*), '/', CHECKSUM_AGG(CHECKSUM(PredictionLogId, ScoringRunId, RowKey, Score))) FROM scoring.PredictionLog;");

        string messages = _server.Install(db.ConnectionString);
        Assert.Contains("Re-clustered scoring.PredictionLog", messages);
        Assert.Equal(checksum, Scalar<string>(db, "SELECT CONCAT(COUNT_BIG(*), '/', CHECKSUM_AGG(CHECKSUM(PredictionLogId, ScoringRunId, RowKey, Score))) FROM scoring.PredictionLog;"));
        Assert.Equal("CX_PredictionLog_Run", Scalar<string>(db, "SELECT name FROM sys.indexes WHERE object_id = OBJECT_ID(N'scoring.PredictionLog') AND type = 1;"));
        Assert.Null(Scalar<object?>(db, "SELECT name FROM sys.indexes WHERE object_id = OBJECT_ID(N'scoring.PredictionLog') AND name = N'IX_PredictionLog_Run';"));
        Assert.DoesNotContain("Re-clustered", _server.Install(db.ConnectionString));
    }

    [SkippableFact]
    public void A_ledger_prediction_log_is_never_purged_and_the_refusal_names_the_alternative()
    {
        _server.SkipUnlessAvailable();
        using (var probe = new SqlConnection(_server.ConnectionString))
        {
            probe.Open();
            Skip.If(Scalar<int>(probe, "SELECT CONVERT(int, SERVERPROPERTY('ProductMajorVersion'));") < 16, "Ledger tables need SQL Server 2022.");
        }

        using SqlConnection db = ScoredDatabase("purgeledger", ledger: true);
        Exec(db, "EXEC scoring.SetRetention @Model = N'churn', @KeepDays = 1;");
        var ex = Assert.Throws<SqlException>(() => Exec(db, "EXEC scoring.PurgePredictionLog;"));
        Assert.Equal(50060, ex.Number);
        Assert.Contains("Retention with ledger tables", ex.Message);
        Assert.Equal(1000, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog;"));
    }
}
