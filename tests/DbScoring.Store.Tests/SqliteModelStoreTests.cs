using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>The behaviour suite against the embedded store, plus what only the embedded store has (SQL functions, files).</summary>
    public sealed class SqliteModelStoreTests : ModelStoreBehaviour
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "dbscoring-store-" + Guid.NewGuid().ToString("N"));

        public SqliteModelStoreTests() { Directory.CreateDirectory(_dir); }

        private string DbPath => Path.Combine(_dir, "store.db");

        protected override string? SkipReason => null;

        protected override IModelStore CreateStore()
        {
            var store = new SqliteModelStore(DbPath);
            store.EnsureSchema();
            return store;
        }

        protected override IModelStore ReopenStore() => new SqliteModelStore(DbPath);

        private SqliteConnection Raw()
        {
            _ = Store; // the store creates the file and schema
            var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
            c.Open();
            return c;
        }

        protected override void RawSql(string sql)
        {
            using var c = Raw();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        protected override double RawReal(string sql) => Convert.ToDouble(RawScalar(sql), CultureInfo.InvariantCulture);

        protected override long RawCount(string sql) => Convert.ToInt64(RawScalar(sql), CultureInfo.InvariantCulture);

        private object? RawScalar(string sql)
        {
            using var c = Raw();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return cmd.ExecuteScalar();
        }

        protected override string CreateCustomers(string table, int count)
        {
            using var c = Raw();
            using var tx = c.BeginTransaction();
            using (var create = c.CreateCommand())
            {
                create.CommandText = $"CREATE TABLE {table} (Id INTEGER PRIMARY KEY, Age REAL, Tenure REAL, Plan TEXT, Region TEXT)";
                create.ExecuteNonQuery();
            }
            using var insert = c.CreateCommand();
            insert.CommandText = $"INSERT INTO {table} (Id, Age, Tenure, Plan, Region) VALUES ($id, $age, $tenure, $plan, 'north')";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var age = insert.Parameters.Add("$age", SqliteType.Real);
            var tenure = insert.Parameters.Add("$tenure", SqliteType.Real);
            var plan = insert.Parameters.Add("$plan", SqliteType.Text);
            for (int i = 1; i <= count; i++)
            {
                var x = TestModels.Customer(i);
                id.Value = x.Id; age.Value = (object?)x.Age ?? DBNull.Value; tenure.Value = (object?)x.Tenure ?? DBNull.Value; plan.Value = (object?)x.Plan ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
            tx.Commit();
            return table;
        }

        protected override string CreateCustomersName(string table) => table;

        protected override string CaseSensitive(string expression) => expression; // SQLite compares text binary

        protected override void PoisonAge(string table, long id, bool poison)
        {
            var c = TestModels.Customer((int)id);
            RawSql(poison ? $"UPDATE {table} SET Age = 'abc' WHERE Id = {id}"
                          : $"UPDATE {table} SET Age = {(c.Age.HasValue ? c.Age.Value.ToString(CultureInfo.InvariantCulture) : "NULL")} WHERE Id = {id}");
        }

        protected override string TargetName(string table) => table;

        protected override List<(long Id, string? Label, double? Score, double? Probability, long VersionId)> ReadTarget(string table)
        {
            using var c = Raw();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT count(*) FROM sqlite_master WHERE name = '{table}'";
            if (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return new();
            cmd.CommandText = $"SELECT Id, PredictedLabel, Score, Probability, ModelVersionId FROM {table} ORDER BY Id, ModelVersionId";
            using var r = cmd.ExecuteReader();
            var rows = new List<(long, string?, double?, double?, long)>();
            while (r.Read())
                rows.Add((r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetDouble(2), r.IsDBNull(3) ? null : r.GetDouble(3), r.GetInt64(4)));
            return rows;
        }

        protected override void TamperBlob(string model, int version)
        {
            RawSql("DROP TRIGGER Private_ModelVersion_RefuseUpdate");
            RawSql($"UPDATE ModelVersion SET ModelBlob = CAST(substr(ModelBlob, 1, 40) || x'FF' || substr(ModelBlob, 42) AS BLOB) " +
                   $"WHERE VersionNumber = {version} AND ModelId = (SELECT ModelId FROM Model WHERE ModelName = '{model}')");
        }

        protected override IEnumerable<string> ForbiddenStatements => new[]
        {
            "UPDATE ModelVersion SET Notes = 'edited'", "DELETE FROM ModelVersion",
            "UPDATE ModelVersion SET ModelBlob = x'00'",
            "UPDATE AliasHistory SET ToModelVersionId = 1", "DELETE FROM AliasHistory",
            "UPDATE PredictionLog SET Score = 0", "DELETE FROM PredictionLog",
            "UPDATE ScoringRun SET RowsScored = 0", "UPDATE ScoringRun SET Status = 'Failed'", "DELETE FROM ScoringRun",
            "UPDATE Model SET ModelName = 'other'", "DELETE FROM Model",
            "UPDATE ModelAlias SET ModelVersionId = 1", "DELETE FROM ModelAlias",
        };

        protected override string? RefusalText => "DbScoring:";

        protected override long LeaveRunning(string table) => RawCount(
            "INSERT INTO ScoringRun (ModelId, ModelVersionId, TargetName, KeyColumns, Command, StartedAt, Status, RunBy) " +
            $"VALUES (1, 1, '{table}', 'Id', 'ScoreTable(...)', '2026-01-01T00:00:00.000Z', 'Running', 'crashed'); SELECT last_insert_rowid();");

        protected override string CompleteRunStatement(long runId) =>
            $"UPDATE ScoringRun SET Status = 'Succeeded', AbandonedBy = NULL, EndedAt = '2026-01-01T00:00:01.000Z' WHERE ScoringRunId = {runId}";

        protected override string LogTable => "PredictionLog";

        /// <summary>Drops every trigger of the table, runs the statement, and restores the triggers exactly as the schema has them.</summary>
        protected override void BehindTheTriggers(string table, string sql)
        {
            using var c = Raw();
            var triggers = new List<(string Name, string Create)>();
            using (var read = c.CreateCommand())
            {
                read.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = $t";
                read.Parameters.AddWithValue("$t", table);
                using var r = read.ExecuteReader();
                while (r.Read()) triggers.Add((r.GetString(0), r.GetString(1)));
            }
            Assert.NotEmpty(triggers);
            using var cmd = c.CreateCommand();
            // Someone editing the file ignores the references too.
            cmd.CommandText = "PRAGMA foreign_keys = OFF; " + string.Concat(triggers.Select(t => "DROP TRIGGER " + t.Name + "; "))
                              + sql + "; " + string.Join("; ", triggers.Select(t => t.Create)) + ";";
            cmd.ExecuteNonQuery();
        }

        protected override string RetentionTable(string name) => name;

        protected override long CopyRunEndedDaysAgo(long runId, int days)
        {
            string shift = $"'-{days} days'";
            RawSql($@"INSERT INTO ScoringRun (ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command, StartedAt, EndedAt, Status, RowsScored, RunBy, HostName)
                      SELECT ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command,
                             strftime('%Y-%m-%dT%H:%M:%fZ', StartedAt, {shift}), strftime('%Y-%m-%dT%H:%M:%fZ', EndedAt, {shift}), Status, RowsScored, RunBy, HostName
                      FROM ScoringRun WHERE ScoringRunId = {runId};
                      INSERT INTO PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, InputsJson, PredictedClass, PredictedLabel, Score, Probability, ClassScores, PredictedAt)
                      SELECT (SELECT max(ScoringRunId) FROM ScoringRun), RowKey, ModelVersionId, BlobSha256, InputsSha256, InputsJson, PredictedClass, PredictedLabel, Score, Probability, ClassScores,
                             strftime('%Y-%m-%dT%H:%M:%fZ', PredictedAt, {shift})
                      FROM PredictionLog WHERE ScoringRunId = {runId} ORDER BY PredictionLogId;");
            return RawCount("SELECT max(ScoringRunId) FROM ScoringRun");
        }

        protected override string CreateTableWithoutTenure => "CREATE TABLE narrow (Id INTEGER PRIMARY KEY, Age REAL, Plan TEXT, Extra TEXT)";

        public override void Dispose()
        {
            base.Dispose();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }

        // ------------------------------------------------------------ embedded-store only

        private SqliteModelStore Sqlite => (SqliteModelStore)Store;

        [Fact]
        public void Each_batch_records_missing_values_unseen_categories_and_out_of_range_inputs()
        {
            Register();
            Store.SetAlias("churn", "production", 1);
            string source = CreateCustomers("customers", 100);
            using (var c = Raw())
            using (var outOfRange = c.CreateCommand())
            {
                outOfRange.CommandText = "UPDATE customers SET Age = 5 WHERE Id IN (1, 2); UPDATE customers SET Age = 95 WHERE Id = 3;";
                outOfRange.ExecuteNonQuery();
            }

            var run = Score(source, "scores", batch: 40);

            var customers = Enumerable.Range(1, 100).Select(TestModels.Customer).ToList();
            using var connection = Raw();
            long Sum(string column, string input)
            {
                using var query = connection.CreateCommand();
                query.CommandText = $"SELECT sum({column}) FROM ScoringRunInputStats WHERE ScoringRunId = $run AND InputName = $input";
                query.Parameters.AddWithValue("$run", run.RunId);
                query.Parameters.AddWithValue("$input", input);
                return (long)query.ExecuteScalar()!;
            }
            Assert.Equal(100, Sum("RowsScored", "Age"));
            Assert.Equal(customers.Count(c => c.Age == null && c.Id > 3), Sum("MissingValues", "Age"));
            Assert.Equal(2, Sum("BelowRange", "Age"));
            Assert.Equal(1, Sum("AboveRange", "Age"));
            Assert.Equal(customers.Count(c => c.Plan == null), Sum("MissingValues", "Plan"));
            Assert.Equal(customers.Count(c => c.Plan != null && !TestModels.Plans.Contains(c.Plan)), Sum("UnseenCategories", "Plan"));
            Assert.Throws<SqliteException>(() => RawSql("DELETE FROM ScoringRunInputStats"));
        }

        [Fact]
        public void The_sql_functions_score_in_plain_sql_like_the_runtime()
        {
            Register();
            Store.SetAlias("churn", "production", 1);
            CreateCustomers("customers", 50);
            var scorer = ScoringModel.Load(TestModels.Churn()).CreateScorer();
            using var c = Sqlite.OpenConnection();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT Id, dbscoring_score('churn@production', 'Age', Age, 'tenure', Tenure, 'Plan', Plan), " +
                              "dbscoring_probability('churn:1', 'Age', Age, 'Tenure', Tenure, 'Plan', Plan), dbscoring_label('churn', 'Age', Age, 'Tenure', Tenure, 'Plan', Plan), " +
                              "json_extract(dbscoring_predict('churn', 'Age', Age, 'Tenure', Tenure, 'Plan', Plan), '$.version') FROM customers ORDER BY Id";
            using var r = cmd.ExecuteReader();
            int n = 0;
            while (r.Read())
            {
                var expected = TestModels.Expected(scorer, TestModels.Customer((int)r.GetInt64(0)));
                TestModels.AssertSameFloat(expected.Score, r.IsDBNull(1) ? null : r.GetDouble(1));
                TestModels.AssertSameFloat(expected.Probability, r.IsDBNull(2) ? null : r.GetDouble(2));
                Assert.Equal(expected.PredictedLabel, r.GetString(3));
                Assert.Equal(1, r.GetInt32(4));
                n++;
            }
            Assert.Equal(50, n);
        }

        [Fact]
        public void The_sql_functions_refuse_unknown_or_missing_inputs_by_name()
        {
            Register();
            Store.SetAlias("churn", "production", 1);
            using var c = Sqlite.OpenConnection();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT dbscoring_score('churn', 'Age', 30, 'Plan', 'basic')";
            Assert.Contains("Tenure", Assert.Throws<SqliteException>(() => cmd.ExecuteScalar()).Message, StringComparison.Ordinal);
            cmd.CommandText = "SELECT dbscoring_score('churn', 'Age', 30, 'Tenure', 3, 'Plan', 'basic', 'Shoe', 42)";
            Assert.Contains("Shoe", Assert.Throws<SqliteException>(() => cmd.ExecuteScalar()).Message, StringComparison.Ordinal);
            cmd.CommandText = "SELECT dbscoring_score('churn@staging', 'Age', 30, 'Tenure', 3, 'Plan', 'basic')";
            Assert.Contains("staging", Assert.Throws<SqliteException>(() => cmd.ExecuteScalar()).Message, StringComparison.Ordinal);
            cmd.CommandText = "SELECT dbscoring_score('churn', 'Age', NULL, 'Tenure', NULL, 'Plan', NULL)";
            Assert.NotNull(cmd.ExecuteScalar()); // NULL = missing, scored like the runtime scores missing values
        }

        [Fact]
        public void A_batch_rolled_back_before_commit_leaves_nothing_and_the_rerun_completes_it()
        {
            var v = Register();
            Store.SetAlias("churn", "production", 1);
            CreateCustomers("customers", 100);
            Sqlite.BeforeBatchCommit = batch => { if (batch == 3) throw new InvalidOperationException("simulated crash in batch 3"); };
            var e = Assert.Throws<ScoringRunFailedException>(() => Score("customers", "scores", batch: 10));
            Assert.Contains("simulated crash", e.Message, StringComparison.Ordinal);
            Assert.Equal(20, ReadTarget("scores").Count);
            Assert.Equal(20, RawCount("SELECT count(*) FROM PredictionLog"));
            var failed = Assert.Single(Store.ListRuns());
            Assert.Equal("Failed", failed.Status);
            Assert.Equal(20, failed.RowsScored);
            Sqlite.BeforeBatchCommit = null;
            var rerun = Score("customers", "scores", batch: 10);
            Assert.Equal(80, rerun.RowsScored);
            Assert.Equal(100, ReadTarget("scores").Select(x => x.Id).Distinct().Count());
            Assert.Equal(100, RawCount($"SELECT count(DISTINCT RowKey) FROM PredictionLog WHERE ModelVersionId = {v.ModelVersionId}"));
            Assert.Equal(100, RawCount("SELECT count(*) FROM PredictionLog"));
        }

        [Fact]
        public void Readers_keep_reading_while_a_run_writes()
        {
            Register();
            Store.SetAlias("churn", "production", 1);
            CreateCustomers("customers", 40);
            var seen = new List<long>();
            Sqlite.BeforeBatchCommit = batch => seen.Add(RawCount("SELECT count(*) FROM scores"));
            Score("customers", "scores", batch: 10);
            // Inside batch k's open write transaction another connection reads, unblocked, and sees only committed batches.
            Assert.Equal(new long[] { 0, 10, 20, 30 }, seen);
        }

        [Fact]
        public void Rows_with_a_null_key_are_skipped_and_counted()
        {
            Register();
            Store.SetAlias("churn", "production", 1);
            RawSql("CREATE TABLE keyed (Code TEXT, Age REAL, Tenure REAL, Plan TEXT)");
            RawSql("INSERT INTO keyed VALUES ('a', 30, 1, 'basic'), (NULL, 40, 2, 'premium'), ('c', NULL, NULL, NULL)");
            var run = Store.ScoreTable(new ScoreTableRequest { Model = ModelRef.Parse("churn"), Source = "keyed", KeyColumns = new[] { "code" }, Target = "keyed_scores", BatchSize = 1 });
            Assert.Equal(2, run.RowsScored);
            Assert.Equal(1, run.RowsSkipped);
            Assert.Equal(2, run.Batches);
        }

        [Fact]
        public void A_store_opened_read_only_refuses_writes_with_a_clear_error()
        {
            Register();
            Store.Dispose();
            using var ro = new SqliteModelStore(DbPath, readOnly: true);
            Assert.Single(ro.ListModels());
            var e = Assert.Throws<ModelStoreException>(() => ro.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.Churn(0.25f) }));
            Assert.Contains("read-only", e.Message, StringComparison.Ordinal);
            Assert.Contains(DbPath, e.Message, StringComparison.Ordinal);
        }

        [SkippableFact]
        public void A_read_only_database_file_refuses_writes_with_a_clear_error()
        {
            Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "File modes are Unix-only.");
            Skip.If(Environment.UserName == "root" || (OperatingSystem.IsLinux() && File.Exists("/proc/self/status") && File.ReadAllText("/proc/self/status").Contains("Uid:\t0\t", StringComparison.Ordinal)),
                "Running as root, which ignores file permissions: a chmod 0444 file stays writable. The read-only mode test covers the message.");
            Register();
            Store.Dispose();
#pragma warning disable CA1416 // guarded by Skip.IfNot above
            File.SetUnixFileMode(DbPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
#pragma warning restore CA1416
            using var store = new SqliteModelStore(DbPath);
            Assert.Single(store.ListModels());
            var e = Assert.Throws<ModelStoreException>(() => store.SetAlias("churn", "production", 1));
            Assert.Contains("read-only", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_new_store_path_needs_no_install_and_reading_it_never_creates_the_file()
        {
            string path = Path.Combine(_dir, "new.db");
            using (var fresh = new SqliteModelStore(path))
            {
                Assert.Equal(0, fresh.GetSchemaVersion());
                var e = Assert.Throws<ModelStoreException>(() => fresh.ListModels());
                Assert.True(e.Message.Contains("does not exist", StringComparison.Ordinal), e.Message);
                Assert.Contains("Register a model to create it", e.Message, StringComparison.Ordinal);
                Assert.Throws<ModelStoreException>(() => fresh.ListRuns());
                Assert.False(File.Exists(path), "a read created the store file");

                var registered = fresh.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.Churn() });
                Assert.Equal(1, registered.Version);
                Assert.True(File.Exists(path));
                Assert.True(fresh.GetSchemaVersion() > 0);
                Assert.Single(fresh.ListModels());
            }
            using var again = new SqliteModelStore(path);
            Assert.False(again.EnsureSchema().Changed); // install after first use: nothing to do
        }

        [Fact]
        public void A_database_without_the_registry_gets_it_with_the_first_change_and_keeps_its_tables()
        {
            string path = Path.Combine(_dir, "customers.db");
            using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "CREATE TABLE customers (CustomerId INTEGER PRIMARY KEY, Age REAL); INSERT INTO customers VALUES (1, 40);";
                cmd.ExecuteNonQuery();
            }
            using var bare = new SqliteModelStore(path);
            Assert.Equal(0, bare.GetSchemaVersion());
            var e = Assert.Throws<ModelStoreException>(() => bare.ListModels());
            Assert.True(e.Message.Contains("no DbScoring registry yet", StringComparison.Ordinal), e.Message);
            bare.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.Churn() });
            Assert.Single(bare.ListModels());
            using var c2 = bare.OpenConnection();
            using var count = c2.CreateCommand();
            count.CommandText = "SELECT count(*) FROM customers";
            Assert.Equal(1L, count.ExecuteScalar());
        }

        [Fact]
        public void The_benchmark_runs_and_reports_both_timings()
        {
            var result = SqliteScoringBenchmark.Run(TestModels.Churn(), 20_000, Path.Combine(_dir, "bench.db"));
            Assert.Equal(20_000, result.Rows);
            Assert.True(result.ScoringRowsPerSecond > 0 && result.FloorRowsPerSecond > 0);
            Assert.Contains("rows/s", result.ToString(), StringComparison.Ordinal);
        }
    
        [Fact]
        public void A_store_made_before_drift_upgrades_in_place_keeping_every_row()
        {
            string path = Path.Combine(_dir, "old.db");
            int driftMigration = SqliteSchema.Migrations.ToList().FindIndex(m => m.Sql.Contains("CREATE TABLE IF NOT EXISTS RunDrift", StringComparison.Ordinal)) + 1;
            using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                old.Open();
                using var cmd = old.CreateCommand();
                cmd.CommandText = "CREATE TABLE SchemaVersion (Version INTEGER PRIMARY KEY, Description TEXT NOT NULL, AppliedAt TEXT NOT NULL, AppliedBy TEXT NOT NULL);";
                cmd.ExecuteNonQuery();
                for (int v = 1; v < driftMigration; v++) // the schema as the last release before drift left it
                {
                    cmd.CommandText = SqliteSchema.Migrations[v - 1].Sql;
                    cmd.ExecuteNonQuery();
                    cmd.CommandText = $"INSERT INTO SchemaVersion VALUES ({v}, 'old', '2026-01-01T00:00:00.000Z', 'old')";
                    cmd.ExecuteNonQuery();
                }
                cmd.CommandText =
                    "INSERT INTO Model (ModelId, ModelName, CreatedBy, CreatedAt) VALUES (1, 'churn', 'old', '2026-01-01T00:00:00.000Z');" +
                    "INSERT INTO ScoringRun (ScoringRunId, ModelId, Command, StartedAt, Status, RunBy) VALUES (7, 1, 'old run', '2026-01-01T00:00:00.000Z', 'Running', 'old');" +
                    "UPDATE ScoringRun SET Status = 'Succeeded', RowsScored = 12 WHERE ScoringRunId = 7;";
                cmd.ExecuteNonQuery();
            }

            using var store = new SqliteModelStore(path);
            var status = store.EnsureSchema();
            Assert.Equal(driftMigration - 1, status.VersionBefore);
            Assert.Equal(SqliteSchema.CodeVersion, status.VersionAfter);
            var run = Assert.Single(store.ListRuns());
            Assert.Equal((7L, "Succeeded", 12L, (string?)null), (run.RunId, run.Status, run.RowsScored!.Value, run.DriftLevel));
            Assert.True(store.GetMonitoring("churn").IsDefault);
            store.SetMonitoring("churn", 0.2, 0.3);
            Assert.False(store.EnsureSchema().Changed);
        }
    
        /// <summary>
        /// The split rule is one function in both stores: the embedded store's arm of every key of a real split run is what SQL
        /// Server's CLR entry point scoring.Private_SplitArm (the net10 build of the same assembly, loaded here) gives for it.
        /// </summary>
        [Fact]
        public void A_split_in_the_embedded_store_puts_each_key_in_the_arm_that_SQL_Servers_CLR_function_gives()
        {
            var champion = Register();
            var challenger = Register(bias: 0.25f);
            Store.SetAlias("churn", "production", champion.Version);
            Store.SetAlias("churn", "challenger", challenger.Version);
            string source = CreateCustomers("customers", 3000);
            Store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn@production"), Source = source, KeyColumns = new[] { "Id" }, Target = "scores", BatchSize = 1000,
                LogInputs = false, RunBy = "tester", Split = ModelRef.ForAlias("churn", "challenger"), SplitPercent = 17.5,
            });
            var arms = new List<(string Key, string Arm)>();
            using (var c = Raw())
            using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = "SELECT RowKey, Arm FROM PredictionLog WHERE Role = 'Primary'";
                using var r = cmd.ExecuteReader();
                while (r.Read()) arms.Add((r.GetString(0), r.GetString(1)));
            }

            var assembly = System.Reflection.Assembly.LoadFrom(Path.Combine(DbScoring.Testing.Repo.Root, "src", "DbScoring.SqlClr", "bin",
                DbScoring.Testing.Repo.Configuration, "net10.0", "DbScoring.SqlClr.dll"));
            var splitArm = assembly.GetType("DbScoring.SqlClr.ScoringFunctions", throwOnError: true)!.GetMethod("SplitArm")!;
            string ClrArm(string key) => ((System.Data.SqlTypes.SqlString)splitArm.Invoke(null, new object[]
                { new System.Data.SqlTypes.SqlString("churn"), new System.Data.SqlTypes.SqlString(key), new System.Data.SqlTypes.SqlDouble(17.5) })!).Value;

            Assert.Equal(3000, arms.Count);
            Assert.All(arms, a => Assert.Equal(a.Arm, ClrArm(a.Key)));
            Assert.InRange(arms.Count(a => a.Arm == "B"), 400, 650); // about 17.5 % of 3,000
        }
}
}
