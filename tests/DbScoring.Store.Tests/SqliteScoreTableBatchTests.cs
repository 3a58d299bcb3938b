using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>
    /// score-table's batches on the embedded store when a batch is larger than one chunk of the pipeline
    /// (SqliteModelStore.ScoreTableBatch.cs), and with a view as the source (read once into a snapshot, not from its start
    /// in every batch).
    /// </summary>
    public sealed class SqliteScoreTableBatchTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "dbscoring-batches-" + Guid.NewGuid().ToString("N"));
        private readonly SqliteModelStore _store;

        public SqliteScoreTableBatchTests()
        {
            Directory.CreateDirectory(_dir);
            _store = new SqliteModelStore(Path.Combine(_dir, "store.db"));
            _store.EnsureSchema();
            _store.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.Churn(-1.5f), RegisteredBy = "tester" });
            _store.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.Churn(0.25f), RegisteredBy = "tester" });
        }

        public void Dispose()
        {
            _store.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private static readonly int Rows = 3 * 1024 + 7; // more than two chunks of the pipeline, and one partial chunk

        private void Sql(string sql)
        {
            using var c = _store.OpenConnection();
            SqliteModelStore.Execute(c, sql);
        }

        private List<object?[]> Read(string sql)
        {
            using var c = _store.OpenConnection();
            return SqliteModelStore.Query(c, sql, r => Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? null : r.GetValue(i)).ToArray());
        }

        /// <summary>Customers with every kind of row: missing values, a plan the model never saw, a text where a number belongs (refused).</summary>
        private void CreateCustomers(string table)
        {
            Sql($"CREATE TABLE {table} (Id INTEGER PRIMARY KEY, Age REAL, Tenure REAL, Plan TEXT)");
            Sql($"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {Rows.ToString(CultureInfo.InvariantCulture)}) " +
                $"INSERT INTO {table} SELECT x, CASE WHEN x % 97 = 0 THEN NULL WHEN x % 211 = 0 THEN 'old' ELSE 18 + x % 60 END, (x * 7) % 30, " +
                "CASE x % 4 WHEN 0 THEN 'basic' WHEN 1 THEN 'premium' WHEN 2 THEN NULL ELSE 'unknown' END FROM n");
        }

        private ScoringRunInfo Score(string source, string target, int batch, ModelRef? shadow = null, ModelRef? fallback = null) =>
            _store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn:1"), Source = source, KeyColumns = new[] { "Id" }, Target = target, BatchSize = batch, LogInputs = true,
                Shadow = shadow, Fallback = fallback, RunBy = "tester",
            });

        [Fact]
        public void A_view_scores_exactly_like_its_table_with_batches_larger_than_a_chunk()
        {
            CreateCustomers("customers");
            Sql("CREATE VIEW customers_view AS SELECT Id, Age, Tenure, Plan FROM customers");
            var fromTable = Score("customers", "scores_table", batch: 2000, shadow: ModelRef.Parse("churn:2"));
            var fromView = Score("customers_view", "scores_view", batch: 2000, shadow: ModelRef.Parse("churn:2"));

            Assert.Equal(Rows, fromTable.RowsScored + fromTable.RowsRefused);
            Assert.True(fromTable.RowsRefused > 0); // the 'old' ages
            Assert.Equal(fromTable.RowsScored, fromView.RowsScored);
            Assert.Equal(fromTable.RowsRefused, fromView.RowsRefused);
            Assert.Equal(2, fromView.Batches);
            string target = "SELECT Id, ModelVersionId, PredictedLabel, PredictedClass, Score, Probability, Status, Reason FROM {0} ORDER BY Id";
            var tableRows = Read(string.Format(CultureInfo.InvariantCulture, target, "scores_table"));
            Assert.Equal(Rows, tableRows.Count);
            Assert.Equal(tableRows, Read(string.Format(CultureInfo.InvariantCulture, target, "scores_view")));
            string log = "SELECT RowKey, Role, ModelVersionId, InputsSha256, InputsJson, PredictedLabel, Score, Probability, Status, Reason FROM PredictionLog " +
                         "WHERE ScoringRunId = {0} ORDER BY PredictionLogId";
            var tableLog = Read(string.Format(CultureInfo.InvariantCulture, log, fromTable.RunId));
            Assert.Equal(2 * Rows, tableLog.Count); // primary and shadow
            Assert.Equal(tableLog, Read(string.Format(CultureInfo.InvariantCulture, log, fromView.RunId)));
            // Within a batch the primary rows come first, then the shadow rows, in source order.
            var firstBatch = tableLog.Take(4000).ToList();
            Assert.Equal(Enumerable.Repeat("Primary", 2000).Concat(Enumerable.Repeat("Shadow", 2000)), firstBatch.Select(r => (string)r[1]!));
            Assert.Equal(Enumerable.Range(1, 2000).Select(i => i.ToString(CultureInfo.InvariantCulture)), firstBatch.Take(2000).Select(r => (string)r[0]!));

            var audit = _store.VerifyAuditTrail();
            Assert.Null(audit.Break);
            Assert.Equal(4L * Rows, audit.PredictionRowsChecked);
            // Input statistics count every row the version scored once per input (not the refused ones).
            Assert.All(_store.InputStatistics(fromView.RunId), s => Assert.Equal(fromView.RowsScored, s.Rows));
        }

        // A table without a unique index on the key, read by rowid in chunks of 1,024: the repeat of key 5 is 2,996 rows later,
        // chunks apart in one batch of 5,000, or two batches later with batches of 1,000. Either way the run stops before its first batch.
        [Theory]
        [InlineData(5000)]
        [InlineData(1000)]
        public void A_key_twice_in_a_table_stops_the_run_before_its_first_batch_wherever_the_two_rows_are(int batch)
        {
            Sql("CREATE TABLE coded (Code INTEGER, Age REAL, Tenure REAL, Plan TEXT)");
            Sql("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3000) INSERT INTO coded SELECT x, 30, 2, 'basic' FROM n");
            Sql("INSERT INTO coded VALUES (5, 40, 3, 'premium')"); // rowid 3001: the same key as rowid 5, 2,996 rows later
            var e = Assert.Throws<ArgumentException>(() => _store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn:1"), Source = "coded", KeyColumns = new[] { "Code" }, Target = "coded_scores", BatchSize = batch,
            }));
            Assert.Equal("The key columns (Code) of coded are not unique among the rows to score: the key 5 occurs 2 times. " +
                         "Give a unique key (or score a view that has one). Nothing was scored. (Parameter 'KeyColumns')", e.Message);
            Assert.Empty(Read("SELECT 1 FROM coded_scores"));
            Assert.Empty(Read("SELECT 1 FROM PredictionLog"));
            var run = _store.ListRuns("churn", 1)[0];
            Assert.Equal(("Failed", 0L, 0), (run.Status, run.RowsScored!.Value, run.Batches!.Value));
            Assert.Contains("the key 5 occurs 2 times", run.Error, StringComparison.Ordinal);
        }

        // The first row of key 5 is refused, the second could be scored: before, the second replaced the first's refused
        // target row in a later batch, leaving two log rows for one key in one run. Now the run stops before either.
        [Fact]
        public void A_key_twice_whose_first_row_is_refused_stops_the_run_too()
        {
            Sql("CREATE TABLE coded (Code INTEGER, Age, Tenure REAL, Plan TEXT)");
            Sql("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3000) INSERT INTO coded SELECT x, CASE x WHEN 5 THEN 'old' ELSE 30 END, 2, 'basic' FROM n");
            Sql("INSERT INTO coded VALUES (5, 40, 3, 'premium')");
            var e = Assert.Throws<ArgumentException>(() => _store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn:1"), Source = "coded", KeyColumns = new[] { "Code" }, Target = "coded_scores", BatchSize = 1000, RunBy = "tester",
            }));
            Assert.Contains("the key 5 occurs 2 times", e.Message, StringComparison.Ordinal);
            Assert.Empty(Read("SELECT 1 FROM coded_scores"));
            Assert.Empty(Read("SELECT 1 FROM PredictionLog"));
        }

        // A unique index on the key (here a plain UNIQUE constraint, not the rowid) spares the check; the rows score as usual.
        [Fact]
        public void A_source_with_a_unique_index_on_the_key_scores_every_row()
        {
            Sql("CREATE TABLE coded (Code TEXT NOT NULL UNIQUE, Age REAL, Tenure REAL, Plan TEXT)");
            Sql("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2500) INSERT INTO coded SELECT 'c' || x, 30, 2, 'basic' FROM n");
            var run = _store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn:1"), Source = "coded", KeyColumns = new[] { "Code" }, Target = "coded_scores", BatchSize = 1000, RunBy = "tester",
            });
            Assert.Equal((2500L, 3), (run.RowsScored!.Value, run.Batches!.Value));
            Assert.Equal(new object?[] { 2500L, 2500L }, Read("SELECT count(*), count(DISTINCT Code) FROM coded_scores")[0]);
        }

        [Fact]
        public void A_refused_row_is_replaced_when_a_later_run_scores_it_with_the_fallback()
        {
            CreateCustomers("customers");
            var first = Score("customers", "scores", batch: 1500);
            Assert.True(first.RowsRefused > 0);
            var second = Score("customers", "scores", batch: 1500, fallback: ModelRef.Parse("churn:2"));
            Assert.Equal(0, second.RowsScored);
            Assert.Equal(first.RowsRefused, second.RowsRefused); // the fallback refuses a text age too
            var rows = Read("SELECT count(*), count(DISTINCT Id), sum(Status = 'Refused') FROM scores")[0];
            Assert.Equal(new object?[] { (long)Rows, (long)Rows, first.RowsRefused }, rows);
            Assert.Null(_store.VerifyAuditTrail().Break);
        }

        // The read thread reads and scores the next batches while the connection thread writes this one; a BLOB input (JSON
        // cannot hold it) stops the read thread in the third batch. The two batches before it stay committed, the third
        // leaves nothing behind, and the run fails with the read thread's error, as when one thread did both.
        [Fact]
        public void An_error_on_the_read_thread_fails_the_run_after_the_batches_before_it_and_leaves_nothing_half_written()
        {
            CreateCustomers("customers");
            Sql("UPDATE customers SET Plan = x'0102' WHERE Id = 2500");
            var e = Assert.Throws<ScoringRunFailedException>(() => Score("customers", "scores", batch: 1000));
            Assert.Contains("Input 'Plan' of the source row with key 2500 holds a BLOB", e.Message, StringComparison.Ordinal);
            var run = _store.ListRuns("churn", 1)[0];
            Assert.Equal(("Failed", 2), (run.Status, run.Batches!.Value));
            Assert.Equal(new object?[] { 2000L, 1L, 2000L }, Read("SELECT count(*), min(Id), max(Id) FROM scores")[0]);
            Assert.Equal(new object?[] { 2000L, 2000L }, Read($"SELECT count(*), count(DISTINCT RowKey) FROM PredictionLog WHERE ScoringRunId = {run.RunId}")[0]);
            Assert.Null(_store.VerifyAuditTrail().Break);

            long refused = (long)Read("SELECT count(*) FROM scores WHERE Status = 'Refused'")[0][0]!; // every run tries these again
            Sql("UPDATE customers SET Plan = 'basic' WHERE Id = 2500");
            var rerun = Score("customers", "scores", batch: 1000);
            Assert.Equal(Rows - 2000 + refused, rerun.RowsScored + rerun.RowsRefused);
            Assert.Equal(new object?[] { (long)Rows, (long)Rows }, Read("SELECT count(*), count(DISTINCT Id) FROM scores")[0]);
            Assert.Null(_store.VerifyAuditTrail().Break);
        }

        // The read thread numbers the PredictionLog rows of the batches ahead (their audit digests include the id), counting on
        // no other writer. Here another process's run (another store on the same file) logs its rows between batches 1 and 2:
        // the later batches are numbered after them, and every row's digest and every batch link still verify.
        [Fact]
        public void Rows_another_writer_logs_between_two_batches_are_skipped_by_the_ids_and_the_audit_chain_still_verifies()
        {
            CreateCustomers("customers");
            Sql("CREATE TABLE others (Id INTEGER PRIMARY KEY, Age REAL, Tenure REAL, Plan TEXT)");
            Sql("INSERT INTO others VALUES (1, 30, 2, 'basic'), (2, 40, 3, 'premium'), (3, 50, 4, NULL)");
            ScoringRunInfo? other = null;
            var run = _store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn:1"), Source = "customers", KeyColumns = new[] { "Id" }, Target = "scores", BatchSize = 1000, LogInputs = true,
                Shadow = ModelRef.Parse("churn:2"), RunBy = "tester",
                Progress = p =>
                {
                    if (p.Batches != 1) return;
                    using var elsewhere = new SqliteModelStore(_store.FilePath);
                    other = elsewhere.ScoreTable(new ScoreTableRequest
                    {
                        Model = ModelRef.Parse("churn:2"), Source = "others", KeyColumns = new[] { "Id" }, Target = "other_scores", LogInputs = true, RunBy = "elsewhere",
                    });
                },
            });
            Assert.NotNull(other);
            Assert.Equal(Rows, run.RowsScored + run.RowsRefused);
            // Batch 1 (1,000 primary + 1,000 shadow rows), then the other run's 3 rows, then batch 2 of this run.
            var ids = Read($"SELECT ScoringRunId, min(PredictionLogId), max(PredictionLogId), count(*) FROM PredictionLog GROUP BY ScoringRunId ORDER BY 2");
            Assert.Equal(new object?[] { run.RunId, 1L, 2L * Rows + 3, 2L * Rows }, ids[0]);
            Assert.Equal(new object?[] { other!.RunId, 2001L, 2003L, 3L }, ids[1]);
            Assert.Equal(new object?[] { 2004L, "1001", "Primary" }, Read($"SELECT PredictionLogId, RowKey, Role FROM PredictionLog WHERE ScoringRunId = {run.RunId} AND PredictionLogId > 2000 ORDER BY PredictionLogId LIMIT 1")[0]);
            var audit = _store.VerifyAuditTrail();
            Assert.Null(audit.Break);
            Assert.Equal(2L * Rows + 3, audit.PredictionRowsChecked);
        }

        [Fact]
        public void Logged_inputs_keep_every_text_as_sqlite_gave_it_and_their_hashes_and_the_audit_chain_agree()
        {
            // Texts the log holds as UTF-8 straight from SQLite's json_object: accents, a character outside the BMP, quotes,
            // a backslash, a control character — and one text that is not valid UTF-8 at all (a source column holds any bytes).
            Sql("CREATE TABLE texts (Id INTEGER PRIMARY KEY, Age REAL, Tenure REAL, Plan TEXT)");
            Sql("INSERT INTO texts VALUES (1, 30, 2, 'prémium ✓'), (2, 31, 3, 'emoji 😀 \"quoted\" back\\slash'), (3, 32, 4, 'tab' || char(9) || 'end'), " +
                "(4, 33, 5, CAST(x'ff41c328' AS TEXT)), (5, -0.0, 6, ''), (6, 1e300, 7, NULL), (7, 'forty', 8, 'basic')");
            var run = _store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn:1"), Source = "texts", KeyColumns = new[] { "Id" }, Target = "text_scores", LogInputs = true, RunBy = "tester",
            });
            Assert.Equal(7, run.RowsScored + run.RowsRefused);
            Assert.Equal(1, run.RowsRefused); // 'forty' is not a number

            using var c = _store.OpenConnection();
            var logged = SqliteModelStore.Query(c,
                "SELECT p.RowKey, p.InputsJson, p.InputsSha256, dbscoring_sha256(p.InputsJson), json_object('Age', t.Age, 'Tenure', t.Tenure, 'Plan', t.Plan) " +
                "FROM PredictionLog AS p JOIN texts AS t ON CAST(t.Id AS TEXT) = p.RowKey WHERE p.ScoringRunId = $run ORDER BY p.PredictionLogId",
                r => (Key: r.GetString(0), Json: r.GetString(1), Sha: r.GetString(2), Recomputed: r.GetString(3), FromSqlite: r.GetString(4)), ("$run", run.RunId));
            Assert.Equal(7, logged.Count);
            foreach (var row in logged)
            {
                Assert.Equal(row.Recomputed, row.Sha); // InputsSha256 is the SHA-256 of the stored JSON's UTF-8
                Assert.Equal(row.FromSqlite, row.Json); // the JSON SQLite builds for the row, as text
            }
            Assert.Contains("prémium ✓", logged[0].Json, StringComparison.Ordinal);
            Assert.Contains("😀", logged[1].Json, StringComparison.Ordinal);
            // Not valid UTF-8: logged as the text it reads as (U+FFFD for each bad sequence), so that verify reads back what was hashed.
            Assert.Contains("\uFFFDA\uFFFD(", logged[3].Json, StringComparison.Ordinal);
            Assert.Contains("EFBFBD41EFBFBD28", (string)SqliteModelStore.Scalar(c, "SELECT hex(InputsJson) FROM PredictionLog WHERE ScoringRunId = $run AND RowKey = '4'", ("$run", run.RunId))!, StringComparison.Ordinal);
            Assert.Null(_store.VerifyAuditTrail().Break);
        }
    }
}
