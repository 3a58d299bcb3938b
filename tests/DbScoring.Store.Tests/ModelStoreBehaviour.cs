using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>
    /// One behaviour suite for every IModelStore backend (the embedded store always, SQL Server where a server or Docker
    /// is reachable). A backend that cannot run here is reported as skipped, with the reason — never as passed.
    /// </summary>
    public abstract partial class ModelStoreBehaviour : IDisposable
    {
        private IModelStore? _store;

        /// <summary>Why this backend cannot run here; null when it can.</summary>
        protected abstract string? SkipReason { get; }

        /// <summary>A fresh, installed store (one per test).</summary>
        protected abstract IModelStore CreateStore();

        /// <summary>Runs a raw statement against the store's database, bypassing IModelStore (as an attacker or a careless DBA would).</summary>
        protected abstract void RawSql(string sql);

        /// <summary>Runs a raw scalar query.</summary>
        protected abstract long RawCount(string sql);

        /// <summary>Creates a source table (Id key, Age, Tenure, Plan) holding customers 1..count; returns the name to pass as Source.</summary>
        protected abstract string CreateCustomers(string table, int count);

        /// <summary>Makes customer <paramref name="id"/>'s Age unscorable ('abc'), or scorable again.</summary>
        protected abstract void PoisonAge(string table, long id, bool poison);

        /// <summary>The name to pass as Target for a new table.</summary>
        protected abstract string TargetName(string table);

        /// <summary>Reads a target table: key, label, score, probability, version id.</summary>
        protected abstract List<(long Id, string? Label, double? Score, double? Probability, long VersionId)> ReadTarget(string table);

        /// <summary>Alters the stored blob bytes of a version directly in the database (disabling what protects them).</summary>
        protected abstract void TamperBlob(string model, int version);

        /// <summary>UPDATE and DELETE statements against the append-only tables, each of which must be refused.</summary>
        protected abstract IEnumerable<string> ForbiddenStatements { get; }

        protected IModelStore Store => _store ??= CreateStore();

        protected void SkipUnlessAvailable() => Skip.If(SkipReason != null, SkipReason);

        public virtual void Dispose()
        {
            _store?.Dispose();
            GC.SuppressFinalize(this);
        }

        protected RegisterResult Register(string model = "churn", float bias = -1.5f) =>
            Store.RegisterVersion(new RegisterRequest { Model = model, Blob = TestModels.Churn(bias), SourceArtifactName = "churn.zip", SourceArtifactSha256 = new string('a', 64), Notes = "test", RegisteredBy = "tester" });

        protected ScoringRunInfo Score(string source, string target, string modelRef = "churn@production", int batch = 10) =>
            Store.ScoreTable(new ScoreTableRequest { Model = ModelRef.Parse(modelRef), Source = source, KeyColumns = new[] { "Id" }, Target = TargetName(target), BatchSize = batch, LogInputs = true, RunBy = "tester" });

        [SkippableFact]
        public void Install_is_idempotent_and_records_the_schema_version()
        {
            SkipUnlessAvailable();
            int before = Store.GetSchemaVersion();
            var again = Store.EnsureSchema();
            Assert.True(before >= 1);
            Assert.Equal(before, again.VersionAfter);
            Assert.False(again.Changed);
        }

        [SkippableFact]
        public void Registering_the_same_bytes_twice_returns_the_existing_version()
        {
            SkipUnlessAvailable();
            var first = Register();
            var second = Register();
            var other = Register(bias: 0.25f);
            Assert.True(first.IsNew);
            Assert.False(second.IsNew);
            Assert.Equal(first.Version, second.Version);
            Assert.Equal(first.ModelVersionId, second.ModelVersionId);
            Assert.Equal(2, other.Version);
            Assert.Equal(2, Store.ListVersions("churn").Count);
        }

        [SkippableFact]
        public void A_blob_that_cannot_be_scored_is_refused_at_registration()
        {
            SkipUnlessAvailable();
            byte[] blob = TestModels.Churn();
            blob[40] ^= 0xFF;
            var e = Assert.ThrowsAny<Exception>(() => Store.RegisterVersion(new RegisterRequest { Model = "churn", Blob = blob }));
            Assert.Contains("SHA-256", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Store.ListModels(), m => m.Model == "churn" && m.VersionCount > 0);
        }

        [SkippableFact]
        public void Versions_resolve_by_number_and_by_alias_and_unknown_names_are_refused()
        {
            SkipUnlessAvailable();
            Register();
            var v2 = Register(bias: 0.25f);
            Store.SetAlias("churn", "production", 2, "alice");
            Assert.Equal(v2.ModelVersionId, Store.GetVersion(ModelRef.Parse("churn@production")).ModelVersionId);
            Assert.Equal(1, Store.GetVersion(ModelRef.Parse("churn:1")).Version);
            Assert.Equal(2, Store.GetVersion(ModelRef.Parse("churn")).Version);
            var info = Store.GetVersion(ModelRef.Parse("churn:1"));
            Assert.Equal("BinaryClassification", info.PredictionKind);
            Assert.Equal("churn.zip", info.SourceArtifactName);
            Assert.Throws<ArgumentException>(() => Store.GetVersion(ModelRef.Parse("churn:9")));
            Assert.Throws<ArgumentException>(() => Store.GetVersion(ModelRef.Parse("churn@staging")));
            Assert.Throws<ArgumentException>(() => Store.GetVersion(ModelRef.Parse("nosuchmodel:1")));
            var model = Assert.Single(Store.ListModels());
            Assert.Equal("production=2", model.Aliases);
            Assert.Equal(2, model.LatestVersion);
        }

        [SkippableFact]
        public void Every_alias_move_is_kept_and_a_rollback_is_a_new_move()
        {
            SkipUnlessAvailable();
            Register();
            Register(bias: 0.25f);
            Store.SetAlias("churn", "production", 1, "alice");
            Store.SetAlias("churn", "production", 2, "bob", "better AUC");
            var back = Store.Rollback("churn", "production", "carol", "drift");
            Assert.Equal(1, back.ToVersion);
            Assert.Equal(2, back.FromVersion);
            Assert.StartsWith("Rollback", back.Reason, StringComparison.Ordinal);
            Assert.Equal(1, Store.GetVersion(ModelRef.Parse("churn@production")).Version);
            var history = Store.AliasHistory("churn", "production");
            Assert.Equal(new[] { 1, 2, 1 }, history.Select(h => h.ToVersion));
            var again = Store.Rollback("churn", "production");
            Assert.Equal(2, again.ToVersion);
            Assert.Equal(4, Store.AliasHistory("churn").Count);
            var same = Store.SetAlias("churn", "production", 2);
            Assert.False(same.Moved);
            Assert.Equal(4, Store.AliasHistory("churn").Count);
            Assert.Throws<ArgumentException>(() => Store.Rollback("churn", "staging"));
        }

        [SkippableFact]
        public void Aliases_as_of_a_time_show_where_they_pointed_then()
        {
            SkipUnlessAvailable();
            Register();
            Register(bias: 0.25f);
            Store.SetAlias("churn", "production", 1);
            System.Threading.Thread.Sleep(30);
            DateTime between = DateTime.UtcNow;
            System.Threading.Thread.Sleep(30);
            Store.SetAlias("churn", "production", 2);
            Assert.Equal(1, Assert.Single(Store.AliasesAsOf(between, "churn")).Version);
            Assert.Equal(2, Assert.Single(Store.AliasesAsOf(DateTime.UtcNow.AddSeconds(1), "churn")).Version);
            Assert.Empty(Store.AliasesAsOf(between.AddHours(-1), "churn"));
        }

        [SkippableFact]
        public void Registry_and_audit_rows_cannot_be_updated_or_deleted()
        {
            SkipUnlessAvailable();
            Register();
            Register(bias: 0.25f);
            Store.SetAlias("churn", "production", 1);
            Store.SetAlias("churn", "production", 2);
            string source = CreateCustomers("customers", 20);
            Score(source, "scores");
            foreach (string statement in ForbiddenStatements)
            {
                var e = Assert.ThrowsAny<Exception>(() => RawSql(statement));
                if (RefusalText != null) Assert.Contains(RefusalText, e.Message, StringComparison.Ordinal);
            }
        }

        [SkippableFact]
        public void Scored_rows_equal_the_runtime_scorers_own_output()
        {
            SkipUnlessAvailable();
            Register();
            Store.SetAlias("churn", "production", 1);
            string source = CreateCustomers("customers", 95);
            var run = Score(source, "scores", batch: 10);
            Assert.Equal("Succeeded", run.Status);
            Assert.Equal(95, run.RowsScored);
            Assert.Equal(10, run.Batches);
            Assert.Contains("ScoreTable", run.Command, StringComparison.Ordinal);
            var scorer = ScoringModel.Load(TestModels.Churn()).CreateScorer();
            var rows = ReadTarget("scores");
            Assert.Equal(95, rows.Count);
            foreach (var row in rows)
            {
                var expected = TestModels.Expected(scorer, TestModels.Customer((int)row.Id));
                Assert.Equal(expected.PredictedLabel, row.Label);
                TestModels.AssertSameFloat(expected.Score, row.Score);
                TestModels.AssertSameFloat(expected.Probability, row.Probability);
            }
        }

        [SkippableFact]
        public void A_run_that_fails_midway_and_is_rerun_neither_duplicates_nor_loses_rows()
        {
            SkipUnlessAvailable();
            // The embedded store refuses such a row instead of failing (see Rows_the_model_cannot_score_are_refused_...).
            Skip.If(ChampionsSkipReason == null, "This backend records an unscorable row as refused instead of failing the run.");
            var v = Register();
            Store.SetAlias("churn", "production", 1);
            string source = CreateCustomers("customers", 100);
            PoisonAge("customers", 45, poison: true);
            var failure = Assert.ThrowsAny<Exception>(() => Score(source, "scores", batch: 10));
            Assert.Contains("Age", failure.Message, StringComparison.Ordinal);
            var failed = Store.ListRuns("churn")[0];
            Assert.Equal("Failed", failed.Status);
            long partial = ReadTarget("scores").Count;
            Assert.True(partial < 100);
            Assert.Equal(0, partial % 10); // only whole batches were committed
            PoisonAge("customers", 45, poison: false);
            var rerun = Score(source, "scores", batch: 10);
            Assert.Equal("Succeeded", rerun.Status);
            Assert.Equal(100 - partial, rerun.RowsScored);
            var rows = ReadTarget("scores");
            Assert.Equal(100, rows.Count);
            Assert.Equal(100, rows.Select(r => r.Id).Distinct().Count());
            Assert.Equal(100, RawCount($"SELECT COUNT(*) FROM {LogTable} WHERE ModelVersionId = {v.ModelVersionId}"));
        }

        [SkippableFact]
        public void A_run_left_Running_by_a_process_that_died_is_marked_Abandoned_by_the_next_run_of_the_same_target()
        {
            SkipUnlessAvailable();
            Register();
            Store.SetAlias("churn", "production", 1);
            string source = CreateCustomers("customers", 20);
            Assert.Equal(20, Score(source, "scores").RowsScored);
            long stale = LeaveRunning("scores");

            Score(source, "others"); // another target: not its business
            Assert.Equal("Running", Store.ListRuns("churn").Single(r => r.RunId == stale).Status);

            var next = Score(source, "scores");
            Assert.Equal("Succeeded", next.Status);
            Assert.Null(next.AbandonedBy);
            var abandoned = Store.ListRuns("churn").Single(r => r.RunId == stale);
            Assert.Equal("Abandoned", abandoned.Status);
            Assert.Equal(next.RunBy, abandoned.AbandonedBy);
            Assert.NotNull(abandoned.EndedAt);
            Assert.Contains("run " + next.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture), abandoned.Error, StringComparison.Ordinal);
            Assert.Equal(0, abandoned.RowsScored);
            Assert.Equal(20, ReadTarget("scores").Count);

            // The append-only rule admits exactly Running -> Abandoned: an abandoned run never changes again.
            Assert.ThrowsAny<Exception>(() => RawSql(CompleteRunStatement(stale)));
            Assert.Equal("Abandoned", Store.ListRuns("churn").Single(r => r.RunId == stale).Status);
        }

        /// <summary>Inserts, with raw SQL, the run row a process that died while scoring <paramref name="table"/> leaves behind; returns its id.</summary>
        protected abstract long LeaveRunning(string table);

        /// <summary>Raw SQL that tries to complete run <paramref name="runId"/> as Succeeded.</summary>
        protected abstract string CompleteRunStatement(long runId);

        /// <summary>Text every refusal of a forbidden statement carries; null when the backend's wording is not pinned here.</summary>
        protected virtual string? RefusalText => null;

        /// <summary>The prediction log table's name in raw SQL.</summary>
        protected abstract string LogTable { get; }

        [SkippableFact]
        public void A_rerun_scores_no_new_rows_and_a_new_version_scores_all_of_them()
        {
            SkipUnlessAvailable();
            Register();
            Register(bias: 0.25f);
            Store.SetAlias("churn", "production", 1);
            string source = CreateCustomers("customers", 30);
            Assert.Equal(30, Score(source, "scores").RowsScored);
            var rerun = Score(source, "scores");
            Assert.Equal("Succeeded", rerun.Status);
            Assert.Equal(0, rerun.RowsScored);
            Store.SetAlias("churn", "production", 2);
            Assert.Equal(30, Score(source, "scores").RowsScored);
            Assert.Equal(60, ReadTarget("scores").Count);
            Assert.Equal(3 + 0, Store.ListRuns("churn").Count);
        }

        [SkippableFact]
        public void A_tampered_stored_blob_is_reported_and_never_scored()
        {
            SkipUnlessAvailable();
            Register();
            Store.SetAlias("churn", "production", 1);
            string source = CreateCustomers("customers", 10);
            TamperBlob("churn", 1);
            using var fresh = ReopenStore();
            var e = Assert.Throws<BlobIntegrityException>(() => fresh.GetBlob(ModelRef.Parse("churn:1")));
            Assert.Contains("altered", e.Message, StringComparison.Ordinal);
            var scoring = Assert.ThrowsAny<Exception>(() => fresh.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn@production"), Source = source, KeyColumns = new[] { "Id" }, Target = TargetName("scores"), BatchSize = 5,
            }));
            Assert.Contains("altered", scoring.Message, StringComparison.Ordinal);
            Assert.Equal(0, RawCount($"SELECT COUNT(*) FROM {LogTable}"));
        }

        /// <summary>A second store instance on the same database (no cached models).</summary>
        protected abstract IModelStore ReopenStore();

        [SkippableTheory]
        [InlineData("customers\"; DROP TABLE Model; --", "scores", "Id")]
        [InlineData("customers", "scores\"; DROP TABLE Model; --", "Id")]
        [InlineData("customers", "scores", "Id\" FROM Model; --")]
        [InlineData("customers", "scores]; DROP TABLE scoring.Model; --", "Id")]
        [InlineData("customers", "ModelVersion", "Id")]
        public void Hostile_or_unknown_identifiers_are_refused_cleanly(string source, string target, string key)
        {
            SkipUnlessAvailable();
            Register();
            Store.SetAlias("churn", "production", 1);
            CreateCustomers("customers", 5);
            var e = Assert.ThrowsAny<ArgumentException>(() => Store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn"), Source = source == "customers" ? CreateCustomersName("customers") : source,
                KeyColumns = new[] { key }, Target = target, BatchSize = 5,
            }));
            Assert.NotEmpty(e.Message);
            Assert.Single(Store.ListModels());
            Assert.Single(Store.ListVersions("churn"));
        }

        /// <summary>The Source name of a table made by <see cref="CreateCustomers"/>.</summary>
        protected abstract string CreateCustomersName(string table);

        [SkippableFact]
        public void Missing_input_columns_are_refused_by_name_and_extra_columns_are_ignored()
        {
            SkipUnlessAvailable();
            Register();
            Store.SetAlias("churn", "production", 1);
            CreateCustomers("customers", 5);
            RawSql(CreateTableWithoutTenure);
            var e = Assert.ThrowsAny<ArgumentException>(() => Store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn"), Source = CreateCustomersName("narrow"), KeyColumns = new[] { "Id" }, Target = TargetName("scores"), BatchSize = 5,
            }));
            Assert.Contains("Tenure", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Age", e.Message.Split(':').Last(), StringComparison.Ordinal);
        }

        /// <summary>CREATE TABLE narrow (Id, Age, Plan, Extra) — no Tenure, one extra column.</summary>
        protected abstract string CreateTableWithoutTenure { get; }

        [SkippableFact]
        public void The_audit_shows_what_was_predicted_for_a_key_from_which_inputs_with_which_version()
        {
            SkipUnlessAvailable();
            var v = Register();
            Store.SetAlias("churn", "production", 1);
            string source = CreateCustomers("customers", 12);
            var run = Score(source, "scores");
            var p = Assert.Single(Store.PredictionsForKey("7", "churn"));
            Assert.Equal(run.RunId, p.RunId);
            Assert.Equal(v.ModelVersionId, p.ModelVersionId);
            Assert.Equal(v.BlobSha256, p.BlobSha256);
            Assert.Equal(64, p.InputsSha256.Length);
            Assert.NotNull(p.InputsJson);
            Assert.Contains("Plan", p.InputsJson!, StringComparison.Ordinal);
            var scorer = ScoringModel.Load(TestModels.Churn()).CreateScorer();
            Assert.Equal(TestModels.Expected(scorer, TestModels.Customer(7)).PredictedLabel, p.PredictedLabel);
        }
    }
}
