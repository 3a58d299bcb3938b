using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary><c>dbscoring retention</c> on the embedded store: policies, a purge of an old run, the purge record.</summary>
    [Collection("trained models")]
    public sealed class RetentionCommandTests
    {
        private readonly TrainedModels _models;
        private readonly string _db;
        private readonly string _store;

        public RetentionCommandTests(TrainedModels models)
        {
            _models = models;
            _db = Path.Combine(models.NewFolder(), "store.db");
            _store = "sqlite:" + _db;
        }

        private CliResult Expect(int code, params string[] args) => Cli.Expect(code, args.Concat(new[] { "--store", _store }).ToArray());

        [Fact]
        public void A_policy_is_set_shown_and_applied_by_a_purge_that_records_what_it_removed()
        {
            Expect(0, "install");
            Expect(0, "register", _models.BinaryZip, "--name", "churn", "--sample", _models.Customers);
            Expect(0, "promote", "churn", "1", "--alias", "production");
            RawSql.LoadCustomers(_db, _models.Customers, 40);
            Expect(0, "score-table", "churn@production", "--source", "customers", "--key", "CustomerId", "--target", "scores");
            // An old run as a store kept since last year would hold it (raw INSERTs: the append-only rules allow them).
            RawSql.Execute(_db, @"
                INSERT INTO ScoringRun (ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command, StartedAt, EndedAt, Status, RowsScored, RunBy, HostName)
                SELECT ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command,
                       strftime('%Y-%m-%dT%H:%M:%fZ', StartedAt, '-400 days'), strftime('%Y-%m-%dT%H:%M:%fZ', EndedAt, '-400 days'), Status, RowsScored, RunBy, HostName
                FROM ScoringRun WHERE ScoringRunId = 1;
                INSERT INTO PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, InputsJson, PredictedClass, PredictedLabel, Score, Probability, ClassScores, PredictedAt)
                SELECT 2, RowKey, ModelVersionId, BlobSha256, InputsSha256, InputsJson, PredictedClass, PredictedLabel, Score, Probability, ClassScores, PredictedAt
                FROM PredictionLog WHERE ScoringRunId = 1;");

            Assert.Contains("everything", Expect(0, "retention", "show").Out);
            Assert.Contains("Nothing", Expect(0, "retention", "purge").Out);
            Assert.Contains("--keep-days", Expect(2, "retention", "set", "churn").Err);
            Expect(2, "retention", "set", "churn", "--keep-days", "400", "--keep-all");
            Expect(2, "retention", "set", "churn", "--keep-days", "0");
            Expect(5, "retention", "set", "nosuch", "--keep-days", "30");

            Assert.Contains("keep 365 days", Expect(0, "retention", "set", "churn", "--keep-days", "365", "--reason", "policy R-12").Out);
            Assert.Contains("shorter than six months", Expect(0, "retention", "set", "churn", "--keep-days", "90").Out);
            Expect(0, "retention", "set", "churn", "--keep-days", "365", "--reason", "policy R-12");
            using (var shown = JsonDocument.Parse(Expect(0, "retention", "show", "--model", "churn", "--json").Out))
            {
                var policy = shown.RootElement[0];
                Assert.Equal(365, policy.GetProperty("keepDays").GetInt32());
                Assert.Equal("policy R-12", policy.GetProperty("reason").GetString());
            }

            using (var dry = JsonDocument.Parse(Expect(0, "retention", "purge", "--dry-run", "--json").Out))
            {
                Assert.False(dry.RootElement.GetProperty("executed").GetBoolean());
                Assert.Equal(2, dry.RootElement.GetProperty("candidates")[0].GetProperty("runId").GetInt64());
                Assert.Equal(40, dry.RootElement.GetProperty("rowsRemoved").GetInt64());
            }
            Assert.Equal(40, RawSql.Scalar(_db, "SELECT count(*) FROM PredictionLog WHERE ScoringRunId = 2"));

            Assert.Contains("removed 40 prediction rows of 1 runs in 3 batches", Expect(0, "retention", "purge", "--batch-size", "15").Out);
            Assert.Equal(0, RawSql.Scalar(_db, "SELECT count(*) FROM PredictionLog WHERE ScoringRunId = 2"));
            Assert.Equal(40, RawSql.Scalar(_db, "SELECT count(*) FROM PredictionLog WHERE ScoringRunId = 1"));
            using (var log = JsonDocument.Parse(Expect(0, "retention", "log", "--purge", "1", "--json").Out))
            {
                Assert.Equal(3, log.RootElement.GetArrayLength());
                Assert.Equal(new long[] { 10, 15, 15 }, log.RootElement.EnumerateArray().Select(e => e.GetProperty("rowsRemoved").GetInt64()).ToArray());
                Assert.All(log.RootElement.EnumerateArray(), e => Assert.Equal(64, e.GetProperty("digest").GetString()!.Length));
            }
        }
    }
}
