using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>Drift per run from the CLI: thresholds (monitor set/show), score-table's drift line, audit drift (text, JSON, chart).</summary>
    [Collection("trained models")]
    public sealed class MonitorCommandTests
    {
        private readonly TrainedModels _models;
        private readonly string _folder;
        private readonly string _db;
        private readonly string _store;

        public MonitorCommandTests(TrainedModels models)
        {
            _models = models;
            _folder = models.NewFolder();
            _db = Path.Combine(_folder, "store.db");
            _store = "sqlite:" + _db;
        }

        private CliResult Expect(int code, params string[] args) => Cli.Expect(code, args.Concat(new[] { "--store", _store }).ToArray());

        /// <summary>The model registered with its profile from the customers file, and the customers as a table (Age shifted when asked).</summary>
        private void Prepare(bool shifted)
        {
            Expect(0, "install");
            Expect(0, "register", _models.BinaryZip, "--name", "churn", "--sample", _models.Customers, "--alias", "production");
            RawSql.LoadCustomers(_db, _models.Customers);
            if (shifted) RawSql.Execute(_db, "UPDATE customers SET Age = Age + 30");
        }

        [Fact]
        public void Score_table_reports_the_drift_level_and_audit_drift_shows_the_inputs_most_drifted_first()
        {
            Prepare(shifted: true);
            var scored = Expect(0, "score-table", "churn@production", "--source", "customers", "--key", "CustomerId", "--target", "scores", "--batch-size", "100");
            Assert.Contains("drift against the training profile: Alert (Age)", scored.Out);
            Assert.Contains("dbscoring audit drift --run 1", scored.Out);

            string chart = Path.Combine(_folder, "run1.png");
            var text = Expect(0, "audit", "drift", "--run", "1", "--plot", chart);
            var firstRow = text.Out.Split('\n').Skip(2).First();
            Assert.StartsWith("  Age ", firstRow);
            Assert.Contains("Alert", firstRow);
            Assert.True(new FileInfo(chart).Length > 10_000);

            var json = JsonDocument.Parse(Expect(0, "audit", "drift", "--run", "1", "--json").Out).RootElement;
            Assert.Equal("Alert", json.GetProperty("driftLevel").GetString());
            Assert.Equal(600, json.GetProperty("drift").GetProperty("rows").GetInt64());
            var runs = JsonDocument.Parse(Expect(0, "audit", "runs", "--json").Out).RootElement;
            Assert.Equal("Age", runs[0].GetProperty("driftInputs").GetString());
        }

        [Fact]
        public void Monitor_set_changes_the_thresholds_of_later_runs_and_monitor_show_reads_them()
        {
            Prepare(shifted: true);
            Assert.Contains("(the defaults)", Expect(0, "monitor", "show", "--model", "churn").Out);
            Assert.Contains("alert at PSI ≥ 80", Expect(0, "monitor", "set", "--model", "churn", "--warning", "40", "--alert", "80").Out);
            var shown = JsonDocument.Parse(Expect(0, "monitor", "show", "--model", "churn", "--json").Out).RootElement;
            Assert.Equal(40, shown.GetProperty("warningPsi").GetDouble());
            Assert.False(shown.GetProperty("isDefault").GetBoolean());

            var scored = Expect(0, "score-table", "churn@production", "--source", "customers", "--key", "CustomerId", "--target", "scores");
            Assert.Contains("drift against the training profile: None", scored.Out);
            Assert.Contains("--alert", Expect(2, "monitor", "set", "--model", "churn", "--warning", "0.3", "--alert", "0.1").Err);
            Assert.Equal(5, Expect(5, "monitor", "show", "--model", "nosuch").Code);
        }

        [Fact]
        public void The_profile_rows_scored_in_the_store_show_no_drift()
        {
            Prepare(shifted: false);
            Expect(0, "score-table", "churn@production", "--source", "customers", "--key", "CustomerId", "--target", "scores");
            var drift = JsonDocument.Parse(Expect(0, "audit", "drift", "--run", "1", "--json").Out).RootElement.GetProperty("drift");
            Assert.Equal("None", drift.GetProperty("level").GetString());
            Assert.All(drift.GetProperty("distributions").EnumerateArray(), d => Assert.Equal(0.0, d.GetProperty("psi").GetDouble(), 12));
        }
    
        [Fact]
        public void Shadow_fallback_and_outcomes_from_the_command_line()
        {
            Prepare(shifted: false);
            Expect(0, "register", _models.BinaryZip2, "--name", "churn", "--alias", "challenger");
            RawSql.Execute(_db, "UPDATE customers SET Age = 'n/a' WHERE CustomerId IN (3, 4)");
            var scored = Expect(4, "score-table", "churn@production", "--source", "customers", "--key", "CustomerId", "--target", "scores", "--shadow", "challenger");
            Assert.Contains("2 refused", scored.Out);
            Assert.Contains("CustomerId=3: Input 'Age'", scored.Err);
            Assert.Contains("audit compare --run 1", scored.Out);
            var compare = JsonDocument.Parse(Expect(0, "audit", "compare", "--run", "1", "--json").Out).RootElement;
            Assert.Equal(598, compare.GetProperty("rows").GetInt64());
            Assert.Contains("label agreement", Expect(0, "audit", "compare", "--run", "1").Out);

            var fixedRows = Expect(0, "score-table", "churn@production", "--source", "customers", "--key", "CustomerId", "--target", "scores", "--fallback", "challenger");
            Assert.Equal(0, RawSql.Scalar(_db, "SELECT count(*) FROM scores WHERE Status = 'Refused'"));
            Assert.Equal(2, RawSql.Scalar(_db, "SELECT count(*) FROM scores WHERE Status = 'Fallback'"));
            Assert.Contains("2 scored by the fallback", fixedRows.Out);
            string runs = Expect(0, "audit", "runs").Out;
            Assert.Equal(new[] { "598", "", "2" }, new[] { "ROWS", "FALLBACK", "REFUSED" }.Select(c => PlainTable.Cell(runs, "1", c)));
            Assert.Equal(new[] { "0", "2", "" }, new[] { "ROWS", "FALLBACK", "REFUSED" }.Select(c => PlainTable.Cell(runs, "2", c)));

            string actuals = Path.Combine(_folder, "actuals.csv");
            File.WriteAllLines(actuals, File.ReadAllLines(_models.Customers).Select(l => l.Split(',')).Select(f => f[0] + "," + f[^1]));
            Assert.Contains("Recorded 600 outcomes", Expect(0, "outcomes", "record", "--model", "churn", "--input", actuals, "--key", "CustomerId", "--actual", "Churned").Out);
            var performance = JsonDocument.Parse(Expect(0, "audit", "performance", "--model", "churn", "--json").Out).RootElement;
            Assert.Equal(2, performance.GetArrayLength()); // version 1 (primary) and version 2 (shadow and fallback)
            Assert.All(performance.EnumerateArray(), p => Assert.InRange(p.GetProperty("auc").GetDouble(), 0.5, 1.0));

            string chart = Path.Combine(_folder, "charts", "performance.png");
            Assert.Contains("Chart: " + chart, Expect(0, "audit", "performance", "--model", "churn", "--by", "day", "--plot", chart).Out);
            Assert.Equal((1400, 500), PngFile.Size(chart)); // the AUC panel and the calibration panel
            string underAFile = Path.Combine(_db, "performance.png"); // the store file is no folder
            Assert.Contains("Give --plot a path in a folder you may write to", Expect(4, "audit", "performance", "--model", "churn", "--plot", underAFile).Err);
        }
    }
}
