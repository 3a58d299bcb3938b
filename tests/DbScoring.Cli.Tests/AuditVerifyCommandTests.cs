using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary><c>audit verify</c>: 0 and the head digest on an untouched store; 7 and the first broken link after an edit behind the triggers.</summary>
    [Collection("trained models")]
    public sealed class AuditVerifyCommandTests
    {
        private readonly TrainedModels _models;
        private readonly string _db;
        private readonly string _store;

        public AuditVerifyCommandTests(TrainedModels models)
        {
            _models = models;
            _db = Path.Combine(models.NewFolder(), "store.db");
            _store = "sqlite:" + _db;
        }

        private CliResult Expect(int code, params string[] args) => Cli.Expect(code, args.Concat(new[] { "--store", _store }).ToArray());

        [Fact]
        public void Verify_passes_on_an_untouched_store_and_exits_7_naming_the_broken_batch_after_an_edit()
        {
            Expect(0, "install");
            Expect(0, "register", _models.BinaryZip, "--name", "churn", "--sample", _models.Customers, "--alias", "production");
            RawSql.Execute(_db, "CREATE TABLE customers (CustomerId INTEGER PRIMARY KEY, Age REAL, Tenure REAL, MonthlyCharges REAL, SupportCalls REAL, Plan TEXT, Region TEXT, HasPartner TEXT, Churned TEXT)");
            var lines = File.ReadAllLines(_models.Customers).Skip(1).Take(40).Select(l => l.Split(','));
            string Value(string v, bool text) => v.Length == 0 ? "NULL" : text ? "'" + v + "'" : v;
            RawSql.Execute(_db, "INSERT INTO customers VALUES " + string.Join(",\n", lines.Select(f => "(" + string.Join(", ", f.Select((v, i) => Value(v, i >= 5))) + ")")));
            Expect(0, "score-table", "churn", "--source", "customers", "--key", "CustomerId", "--target", "scores", "--batch-size", "15");

            var ok = Expect(0, "audit", "verify");
            Assert.Contains("Audit trail OK", ok.Out);
            Assert.Contains("head digest", ok.Out);

            RawSql.Execute(_db, "DROP TRIGGER Private_PredictionLog_RefuseUpdate; UPDATE PredictionLog SET Probability = 0.01 WHERE RowKey = '20';" +
                                "CREATE TRIGGER Private_PredictionLog_RefuseUpdate BEFORE UPDATE ON PredictionLog BEGIN SELECT RAISE(ABORT, 'x'); END;");
            var broken = Expect(7, "audit", "verify");
            Assert.Contains("BROKEN", broken.Err);
            Assert.Contains("PredictionLog", broken.Err);
            Assert.Contains("batch 2", broken.Err);
            using var json = JsonDocument.Parse(Expect(7, "audit", "verify", "--model", "churn", "--json").Out);
            Assert.False(json.RootElement.GetProperty("intact").GetBoolean());
            Assert.Equal(1, json.RootElement.GetProperty("broken").GetProperty("runId").GetInt64());
            Expect(2, "audit", "verify", "--run", "zero");

            // Run 1 kept only the inputs' SHA-256: replay says it cannot; a run with --log-inputs replays identically, and an
            // edited score is shown as a difference (exit 7).
            Assert.Contains("cannot be replayed", Expect(5, "audit", "replay", "--run", "1", "--key", "7").Out);
            Expect(0, "score-table", "churn", "--source", "customers", "--key", "CustomerId", "--target", "logged", "--log-inputs");
            Assert.Contains("identical", Expect(0, "audit", "replay", "--run", "2", "--key", "7").Out);
            RawSql.Execute(_db, "DROP TRIGGER Private_PredictionLog_RefuseUpdate; UPDATE PredictionLog SET Score = Score + 1 WHERE RowKey = '7' AND ScoringRunId = 2;" +
                                "CREATE TRIGGER Private_PredictionLog_RefuseUpdate BEFORE UPDATE ON PredictionLog BEGIN SELECT RAISE(ABORT, 'x'); END;");
            Assert.Contains("DIFFERENT Score", Expect(7, "audit", "replay", "--run", "2", "--key", "7").Err);
            Expect(5, "audit", "replay", "--run", "2", "--key", "no-such-key");
        }
    }
}
