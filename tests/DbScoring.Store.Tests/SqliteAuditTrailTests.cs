using System;
using System.IO;
using DbScoring.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>
    /// The tamper-evident trail of the embedded store beyond the shared behaviour suite (ModelStoreBehaviour.Audit, where an
    /// edited, deleted or inserted prediction is found on every backend): edits of the registry, the runs and the chain
    /// itself made behind the append-only triggers (drop the trigger, change, restore it — what someone editing the file can
    /// do), recorded retention gaps, and the first broken link named.
    /// </summary>
    public sealed class SqliteAuditTrailTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "dbscoring-audit-" + Guid.NewGuid().ToString("N"));
        private readonly string _db;
        private readonly SqliteModelStore _store;

        public SqliteAuditTrailTests()
        {
            Directory.CreateDirectory(_dir);
            _db = Path.Combine(_dir, "store.db");
            _store = new SqliteModelStore(_db);
            _store.EnsureSchema();
            Register(-1.5f);
            Register(0.5f);
            _store.SetAlias("churn", "production", 1);
            _store.SetAlias("churn", "production", 2);
            _store.Rollback("churn", "production");
            Raw("CREATE TABLE customers (Id INTEGER PRIMARY KEY, Age REAL, Tenure REAL, Plan TEXT)");
            for (int i = 1; i <= 120; i++)
            {
                var x = TestModels.Customer(i);
                Raw($"INSERT INTO customers VALUES ({x.Id}, {(x.Age.HasValue ? x.Age.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "NULL")}, {x.Tenure}, {(x.Plan == null ? "NULL" : "'" + x.Plan + "'")})");
            }
            Score("churn:1");
            Score("churn:2");
        }

        public void Dispose()
        {
            _store.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }

        private void Register(float bias) => _store.RegisterVersion(new RegisterRequest
            { Model = "churn", Blob = TestModels.Churn(bias), SourceArtifactName = "churn.zip", SourceArtifactSha256 = new string('a', 64), RegisteredBy = "tester" });

        private void Score(string reference) => _store.ScoreTable(new ScoreTableRequest
            { Model = ModelRef.Parse(reference), Source = "customers", KeyColumns = new[] { "Id" }, Target = "scores", BatchSize = 50, LogInputs = true, Explain = 1 });

        private void Raw(string sql)
        {
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _db, Pooling = false }.ToString());
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        /// <summary>Drops the trigger, runs <paramref name="sql"/>, and restores the trigger exactly as the schema has it.</summary>
        private void BehindTheTrigger(string trigger, string sql)
        {
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _db, Pooling = false }.ToString());
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = $n";
            cmd.Parameters.AddWithValue("$n", trigger);
            string create = (string)cmd.ExecuteScalar()!;
            cmd.Parameters.Clear();
            cmd.CommandText = $"PRAGMA foreign_keys = OFF; DROP TRIGGER {trigger}; {sql}; {create};"; // someone editing the file ignores the references too
            cmd.ExecuteNonQuery();
        }

        [Fact]
        public void An_untouched_trail_verifies_and_names_each_models_head_digest()
        {
            var result = _store.VerifyAuditTrail();
            Assert.True(result.Intact, result.Break?.ToString());
            Assert.Equal(240, result.PredictionRowsChecked);
            // 2 versions, 3 alias moves, per run: start + 3 batches (50, 50, 20 rows) + completion.
            Assert.Equal(2 + 3 + 2 * 5, result.LinksChecked);
            var head = Assert.Single(result.Heads);
            Assert.Equal(64, head.Digest.Length);
            Assert.True(_store.VerifyAuditTrail("churn", runId: 2).Intact);
        }

        [Theory]
        [InlineData("Private_AliasHistory_RefuseUpdate", "UPDATE AliasHistory SET MovedBy = 'someone else' WHERE AliasHistoryId = 2", "AliasHistory")]
        [InlineData("Private_ModelVersion_RefuseUpdate", "UPDATE ModelVersion SET Notes = 'edited' WHERE ModelVersionId = 1", "ModelVersion")]
        [InlineData("Private_ScoringRun_CompleteOnce", "UPDATE ScoringRun SET RowsScored = 7 WHERE ScoringRunId = 1", "ScoringRun")]
        [InlineData("Private_ScoringRun_RefuseDelete", "DELETE FROM ScoringRun WHERE ScoringRunId = 2", "ScoringRun")]
        [InlineData("Private_AuditLink_RefuseDelete", "DELETE FROM AuditLink WHERE AuditLinkId = 4", "AuditLink")]
        [InlineData("Private_AuditLink_RefuseUpdate", "UPDATE AuditLink SET LinkedAt = '2020-01-01T00:00:00.000Z' WHERE AuditLinkId = 6", "AuditLink")]
        public void Edits_of_the_registry_the_runs_and_the_chain_itself_are_found(string trigger, string sql, string table)
        {
            BehindTheTrigger(trigger, sql);
            var broken = _store.VerifyAuditTrail().Break;
            Assert.NotNull(broken);
            Assert.Equal(table, broken!.Table);
        }

        [Fact]
        public void Rows_removed_by_a_recorded_retention_purge_are_a_gap_in_the_notes_not_a_break()
        {
            // What a purge does (the store's PurgePredictionLog): record the batch in RetentionLog, then delete exactly those
            // rows, which the delete trigger admits. No trigger is bypassed.
            Raw("INSERT INTO RetentionLog (PurgeId, ModelId, ScoringRunId, BatchNumber, KeepDays, Cutoff, RowsRemoved, FirstPredictionLogId, LastPredictionLogId, Digest, PurgedBy, PurgedAt) " +
                "VALUES (1, 1, 1, 1, 30, '2026-01-01T00:00:00.000Z', 120, 1, 120, '" + new string('0', 64) + "', 'tester', '2026-01-02T00:00:00.000Z')");
            Raw("DELETE FROM PredictionLog WHERE ScoringRunId = 1");
            var result = _store.VerifyAuditTrail();
            Assert.True(result.Intact, result.Break?.ToString());
            Assert.Contains(result.Notes, n => n.Contains("Run 1, batch 1", StringComparison.Ordinal) && n.Contains("retention purge", StringComparison.Ordinal));
            Assert.Equal(120, result.PredictionRowsChecked); // run 2's rows are still recomputed
        }

        [Fact]
        public void Appending_more_history_keeps_the_trail_intact()
        {
            Register(2.5f);
            _store.SetAlias("churn", "production", 3);
            Score("churn:3");
            Assert.True(_store.VerifyAuditTrail().Intact);
        }
    }
}
