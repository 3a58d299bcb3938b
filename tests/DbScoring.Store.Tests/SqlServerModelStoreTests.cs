using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Store.SqlServer;
using DbScoring.Testing;
using Microsoft.Data.SqlClient;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>
    /// The behaviour suite against SQL Server (scoring.* procedures), in a fresh database per test. The server is found (or the
    /// suite skipped, with the reason) by the shared <see cref="SqlServerFixture"/> of DbScoring.Testing.
    /// </summary>
    public sealed class SqlServerModelStoreTests : ModelStoreBehaviour, IClassFixture<SqlServerFixture>
    {
        private readonly SqlServerFixture _fixture;
        private readonly string _database = "dbscoring_test_" + Guid.NewGuid().ToString("N").Substring(0, 12);
        private string? _databaseConnection;

        public SqlServerModelStoreTests(SqlServerFixture fixture) { _fixture = fixture; }

        protected override string? SkipReason => _fixture.SkipReason;

        protected override string? MonitoringSkipReason => SkipReason;

        protected override string? ChampionsSkipReason => SkipReason;

        protected override string? OutcomesSkipReason => SkipReason;

        protected override string OutcomeTable => "scoring.Outcome";

        protected override string RunTable => "scoring.ScoringRun";

        // The table, not the scoring.RunDrift view: a DELETE through a view over several tables fails for that reason alone,
        // and the append-only test must see the trigger refuse it.
        protected override string RunDriftTable => "scoring.ScoringRunDrift";

        protected override string DriftCountsTable => "scoring.ScoringRunDriftCounts";

        protected override string MonitoringTable => "scoring.MonitoringSetting";

        private string Db
        {
            get
            {
                if (_databaseConnection != null) return _databaseConnection;
                using (var master = new SqlConnection(_fixture.ConnectionString))
                {
                    master.Open();
                    using var cmd = master.CreateCommand();
                    cmd.CommandText = $"CREATE DATABASE [{_database}]";
                    cmd.ExecuteNonQuery();
                }
                return _databaseConnection = new SqlConnectionStringBuilder(_fixture.ConnectionString) { InitialCatalog = _database }.ConnectionString;
            }
        }

        protected override IModelStore CreateStore()
        {
            var store = new SqlServerModelStore(Db, _fixture.InstallerFile);
            store.EnsureSchema();
            return store;
        }

        protected override IModelStore ReopenStore() => new SqlServerModelStore(Db);

        protected override void RawSql(string sql)
        {
            _ = Store;
            using var c = new SqlConnection(Db);
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        protected override double RawReal(string sql) => Convert.ToDouble(RawScalar(sql), CultureInfo.InvariantCulture);

        protected override long RawCount(string sql) => Convert.ToInt64(RawScalar(sql), CultureInfo.InvariantCulture);

        private object? RawScalar(string sql)
        {
            _ = Store;
            using var c = new SqlConnection(Db);
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return cmd.ExecuteScalar();
        }

        protected override string CreateCustomers(string table, int count)
        {
            RawSql($"CREATE TABLE dbo.{table} (Id bigint NOT NULL PRIMARY KEY, Age float NULL, Tenure float NULL, [Plan] nvarchar(20) NULL, Region nvarchar(20) NULL)");
            var values = Enumerable.Range(1, count).Select(i =>
            {
                var c = TestModels.Customer(i);
                return string.Format(CultureInfo.InvariantCulture, "({0}, {1}, {2}, {3}, N'north')", c.Id,
                    c.Age.HasValue ? c.Age.Value.ToString(CultureInfo.InvariantCulture) : "NULL",
                    c.Tenure.HasValue ? c.Tenure.Value.ToString(CultureInfo.InvariantCulture) : "NULL", c.Plan == null ? "NULL" : "N'" + c.Plan + "'");
            });
            foreach (var chunk in values.Chunk(500))
                RawSql($"INSERT dbo.{table} (Id, Age, Tenure, [Plan], Region) VALUES {string.Join(", ", chunk)}");
            return "dbo." + table;
        }

        protected override string CreateCustomersName(string table) => "dbo." + table;

        protected override string CaseSensitive(string expression) => expression + " COLLATE Latin1_General_100_CS_AS";

        // A float column cannot hold an Age that is not a number: the first poisoning turns Age into text (the customers' ages are
        // whole numbers, so every value converts exactly); ScoreTable then parses it per row and refuses only the bad row.
        protected override void PoisonAge(string table, long id, bool poison)
        {
            var c = TestModels.Customer((int)id);
            RawSql($"IF EXISTS (SELECT 1 FROM sys.columns WHERE object_id = OBJECT_ID(N'dbo.{table}') AND name = N'Age' AND system_type_id = TYPE_ID(N'float')) " +
                   $"ALTER TABLE dbo.{table} ALTER COLUMN Age nvarchar(30) NULL;");
            RawSql(poison ? $"UPDATE dbo.{table} SET Age = N'abc' WHERE Id = {id}"
                          : $"UPDATE dbo.{table} SET Age = {(c.Age.HasValue ? "N'" + c.Age.Value.ToString("R", CultureInfo.InvariantCulture) + "'" : "NULL")} WHERE Id = {id}");
        }

        protected override string TargetName(string table) => "dbo." + table;

        protected override List<(long Id, string? Label, double? Score, double? Probability, long VersionId)> ReadTarget(string table)
        {
            _ = Store;
            using var c = new SqlConnection(Db);
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"IF OBJECT_ID(N'dbo.{table}') IS NOT NULL SELECT Id, PredictedLabel, Score, Probability, ModelVersionId FROM dbo.{table} ORDER BY Id, ModelVersionId";
            var rows = new List<(long, string?, double?, double?, long)>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
                rows.Add((Convert.ToInt64(r[0], CultureInfo.InvariantCulture), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : Convert.ToDouble(r[2], CultureInfo.InvariantCulture),
                          r.IsDBNull(3) ? null : Convert.ToDouble(r[3], CultureInfo.InvariantCulture), Convert.ToInt64(r[4], CultureInfo.InvariantCulture)));
            return rows;
        }

        /// <summary>A db_owner's edit of one byte of a stored blob, behind the triggers and the hash check, which are restored after.</summary>
        protected override void TamperBlob(string model, int version)
        {
            RawSql("ALTER TABLE scoring.ModelVersion NOCHECK CONSTRAINT CK_ModelVersion_BlobSha256;");
            try
            {
                BehindTheTriggers("ModelVersion",
                    $"UPDATE v SET ModelBlob = SUBSTRING(v.ModelBlob, 1, 40) + 0xFF + SUBSTRING(v.ModelBlob, 42, DATALENGTH(v.ModelBlob)) " +
                    $"FROM scoring.ModelVersion AS v JOIN scoring.Model AS m ON m.ModelId = v.ModelId WHERE m.ModelName = N'{model}' AND v.VersionNumber = {version}");
            }
            finally
            {
                // WITH NOCHECK: the edited row must stay (the test reads it back); the constraint is enforced again for new rows.
                RawSql("ALTER TABLE scoring.ModelVersion WITH NOCHECK CHECK CONSTRAINT CK_ModelVersion_BlobSha256;");
            }
        }

        protected override IEnumerable<string> ForbiddenStatements => new[]
        {
            "UPDATE scoring.ModelVersion SET Notes = N'edited'", "DELETE FROM scoring.ModelVersion",
            "UPDATE scoring.PredictionLog SET Score = 0", "DELETE FROM scoring.PredictionLog",
            "UPDATE scoring.ScoringRun SET RowsScored = 0", "DELETE FROM scoring.ScoringRun",
            "DELETE FROM scoring.Model",
        };

        protected override long LeaveRunning(string table) => RawCount(
            "INSERT scoring.ScoringRun (ProcedureName, ModelId, ModelVersionId, TargetName, KeyColumns, Command, StartedAt) " +
            $"VALUES (N'scoring.ScoreTable', 1, 1, N'[dbo].[{table}]', N'[Id]', N'EXEC scoring.ScoreTable ...', '2026-01-01T00:00:00'); SELECT CONVERT(bigint, SCOPE_IDENTITY());");

        protected override string CompleteRunStatement(long runId) =>
            $"UPDATE scoring.ScoringRun SET Status = 'Succeeded', AbandonedBy = NULL, EndedAt = SYSUTCDATETIME() WHERE ScoringRunId = {runId}";

        protected override string LogTable => "scoring.PredictionLog";

        protected override string InputStatsTable => "scoring.ScoringRunInputStats";

        /// <summary>DISABLE TRIGGER ALL, the statement, ENABLE TRIGGER ALL (also when the statement fails): what a db_owner can do.</summary>
        protected override void BehindTheTriggers(string table, string sql)
        {
            RawSql($"DISABLE TRIGGER ALL ON scoring.{table};");
            try
            {
                RawSql(sql);
            }
            finally
            {
                RawSql($"ENABLE TRIGGER ALL ON scoring.{table};");
            }
        }

        protected override string RetentionTable(string name) => "scoring." + name;

        protected override long CopyRunEndedDaysAgo(long runId, int days)
        {
            RawSql($@"INSERT scoring.ScoringRun (ProcedureName, ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command, StartedAt, EndedAt, Status, RowsScored)
                      SELECT ProcedureName, ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command,
                             DATEADD(day, -{days}, StartedAt), DATEADD(day, -{days}, EndedAt), Status, RowsScored
                      FROM scoring.ScoringRun WHERE ScoringRunId = {runId};
                      INSERT scoring.PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, Inputs, PredictedClass, PredictedLabel, Score, Probability, PredictedAt)
                      SELECT (SELECT MAX(ScoringRunId) FROM scoring.ScoringRun), RowKey, ModelVersionId, BlobSha256, InputsSha256, Inputs, PredictedClass, PredictedLabel, Score, Probability,
                             DATEADD(day, -{days}, PredictedAt)
                      FROM scoring.PredictionLog WHERE ScoringRunId = {runId} ORDER BY PredictionLogId;");
            return RawCount("SELECT MAX(ScoringRunId) FROM scoring.ScoringRun");
        }

        protected override string CreateTableWithoutTenure => "CREATE TABLE dbo.narrow (Id bigint NOT NULL PRIMARY KEY, Age float NULL, [Plan] nvarchar(20) NULL, Extra nvarchar(20) NULL)";

        /// <summary>An installer that stops (RAISERROR, then SET NOEXEC ON, as a failed precondition does) leaves the store usable.</summary>
        [SkippableFact]
        public void A_failed_installer_batch_leaves_the_stores_connection_executing_commands()
        {
            SkipUnlessAvailable();
            _ = Store;
            string failing = Path.Combine(Path.GetTempPath(), "dbscoring-failing-install-" + Guid.NewGuid().ToString("N") + ".sql");
            File.WriteAllText(failing, "BEGIN TRANSACTION;\nRAISERROR(N'Precondition failed (test).', 16, 1);\nSET NOEXEC ON;\nGO\nSELECT 1;\nGO\n");
            try
            {
                using var store = new SqlServerModelStore(Db, failing);
                Assert.ThrowsAny<Exception>(() => store.EnsureSchema());
                Assert.Equal(1, store.GetSchemaVersion()); // with NOEXEC still on, this query would return nothing (0)
            }
            finally
            {
                File.Delete(failing);
            }
        }

        /// <summary>Times are sent as datetime2: a time one tick before an alias move sees the alias where it pointed before.</summary>
        [SkippableFact]
        public void An_alias_as_of_one_tick_before_its_move_is_the_previous_version()
        {
            SkipUnlessAvailable();
            Register();
            Register(bias: 0.25f);
            Store.SetAlias("churn", "production", 1, "alice");
            Store.SetAlias("churn", "production", 2, "bob");
            DateTime moved = Store.AliasesAsOf(DateTime.UtcNow, "churn").Single().MovedAt;
            Assert.Equal(2, Store.AliasesAsOf(moved, "churn").Single().Version);
            Assert.Equal(1, Store.AliasesAsOf(moved.AddTicks(-1), "churn").Single().Version);
        }

        /// <summary>
        /// A precondition that fails is reported with the installer's own problem and remedy lines (PRINTed, so they reach
        /// SqlClient only as info messages), not as "see the messages above" with nothing above.
        /// </summary>
        [SkippableFact]
        public void A_failed_precondition_reaches_the_caller_with_its_problem_and_remedy()
        {
            SkipUnlessAvailable();
            using (var master = new SqlConnection(_fixture.ConnectionString))
            {
                master.Open();
                using var cmd = master.CreateCommand();
                cmd.CommandText = $"CREATE DATABASE [{_database}_old]; ALTER DATABASE [{_database}_old] SET COMPATIBILITY_LEVEL = 120;";
                cmd.ExecuteNonQuery();
            }

            string old = new SqlConnectionStringBuilder(_fixture.ConnectionString) { InitialCatalog = _database + "_old" }.ConnectionString;
            using var store = new SqlServerModelStore(old, _fixture.InstallerFile);
            var error = Assert.Throws<ModelStoreException>(() => store.EnsureSchema());
            Assert.Contains("precondition(s) failed", error.Message);
            Assert.Contains("Problem: The database compatibility level is 120", error.Message);
            Assert.Contains("Remedy: Raise it", error.Message);
            Assert.Equal(0, store.GetSchemaVersion());
        }

        /// <summary>
        /// T-SQL side of outcomes: scoring.RecordOutcomes reads a table by ScoreTable's key columns (the same row keys), refuses
        /// a blank actual without recording anything, and scoring.RealisedPerformance gives the numbers the store API computes.
        /// </summary>
        [SkippableFact]
        public void RecordOutcomes_reads_a_table_by_the_scored_keys_and_the_RealisedPerformance_view_agrees_with_the_store()
        {
            SkipUnlessAvailable();
            var v = Register();
            Store.SetAlias("churn", "production", v.Version);
            string source = CreateCustomers("customers", 60);
            Score(source, "scores");
            RawSql("CREATE TABLE dbo.actuals (Id bigint NOT NULL PRIMARY KEY, Churned bit NULL, ObservedOn date NULL); " +
                   "INSERT dbo.actuals (Id, Churned, ObservedOn) SELECT Id, CASE WHEN Age > 50 THEN 1 ELSE 0 END, '2026-11-01' FROM dbo.customers;");
            RawSql("EXEC scoring.RecordOutcomes @Model = N'churn', @Source = N'dbo.actuals', @KeyColumns = N'Id', @ActualColumn = N'Churned', @ObservedAtColumn = N'ObservedOn';");
            Assert.Equal(60, RawCount("SELECT COUNT(*) FROM scoring.Outcome"));

            RawSql("UPDATE dbo.actuals SET Churned = NULL WHERE Id = 7;");
            Assert.ThrowsAny<Exception>(() => RawSql("EXEC scoring.RecordOutcomes @Model = N'churn', @Source = N'dbo.actuals', @KeyColumns = N'Id', @ActualColumn = N'Churned';"));
            Assert.Equal(60, RawCount("SELECT COUNT(*) FROM scoring.Outcome"));

            var performance = Assert.Single(Store.Performance("churn"));
            Assert.Equal(60L, performance.Rows);
            const string All = "FROM scoring.RealisedPerformance WHERE ModelName = N'churn' AND Period = 'all'";
            Assert.Equal(performance.Rows, RawCount("SELECT Rows " + All));
            Assert.Equal(performance.Auc!.Value, RawReal("SELECT Auc " + All), 9);
            Assert.Equal(performance.LogLoss!.Value, RawReal("SELECT LogLoss " + All), 9);
            Assert.Equal(performance.Accuracy!.Value, RawReal("SELECT Accuracy " + All), 9);
            Assert.Equal(1, RawCount("SELECT COUNT(*) FROM scoring.RealisedPerformance WHERE ModelName = N'churn' AND Period = 'day'"));
        }

        public override void Dispose()
        {
            base.Dispose();
            if (_databaseConnection == null) return;
            SqlConnection.ClearAllPools();
            using var master = new SqlConnection(_fixture.ConnectionString);
            master.Open();
            using var cmd = master.CreateCommand();
            cmd.CommandText = $"ALTER DATABASE [{_database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_database}];";
            cmd.ExecuteNonQuery();
        }
    }
}
