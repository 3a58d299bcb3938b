using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>Reason codes from the CLI: score --explain n|all on files, score-table --explain n in the embedded store.</summary>
    [Collection("trained models")]
    public sealed class ExplainCommandTests
    {
        private readonly TrainedModels _models;
        private readonly string _folder;

        public ExplainCommandTests(TrainedModels models)
        {
            _models = models;
            _folder = models.NewFolder();
        }

        private string Convert(string zip, string name, bool sample = true)
        {
            string blob = Path.Combine(_folder, name + ".dbsm");
            Cli.Expect(0, new[] { "convert", zip, "--output", blob }.Concat(sample ? new[] { "--sample", _models.Customers } : new string[0]).ToArray());
            return blob;
        }

        private string[][] Score(string blob, params string[] extra)
        {
            string output = Path.Combine(_folder, "scores-" + System.Guid.NewGuid().ToString("N") + ".csv");
            Cli.Expect(0, new[] { "score", "--model", blob, "--input", _models.Customers, "--output", output, "--key", "CustomerId" }.Concat(extra).ToArray());
            return File.ReadAllLines(output).Select(l => l.Split(',')).ToArray();
        }

        private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);

        [Theory]
        [InlineData("linear")]
        [InlineData("trees")]
        public void Explain_all_adds_a_contribution_per_input_and_the_base_which_add_up_to_the_score(string kind)
        {
            string blob = Convert(kind == "linear" ? _models.BinaryZip : _models.BinaryZip2, kind);
            var rows = Score(blob, "--explain", "all");
            var header = rows[0];
            Assert.Equal("Contribution.Base", header.Last());
            Assert.Contains("Contribution.Tenure", header);
            int score = System.Array.IndexOf(header, "Score"), first = System.Array.FindIndex(header, h => h.StartsWith("Contribution."));
            int checkedRows = 0;
            foreach (var row in rows.Skip(1))
            {
                if (row[score].Length == 0 || row.Skip(first).Any(f => f.Length == 0)) continue; // NaN score: nothing to add up
                double sum = row.Skip(first).Sum(D);
                Assert.Equal(D(row[score]), sum, 4);
                checkedRows++;
            }
            Assert.True(checkedRows > 500, $"only {checkedRows} rows checked");
        }

        [Fact]
        public void Explain_n_adds_the_n_strongest_reasons_by_absolute_contribution()
        {
            string blob = Convert(_models.BinaryZip2, "trees");
            var top = Score(blob, "--explain", "2");
            var all = Score(blob, "--explain", "all");
            Assert.Equal(new[] { "Reason1", "Reason1Contribution", "Reason2", "Reason2Contribution" }, top[0].Skip(4));
            var inputs = all[0].Where(h => h.StartsWith("Contribution.") && h != "Contribution.Base").Select(h => h.Substring(13)).ToArray();
            for (int r = 1; r < top.Length; r++)
            {
                var contributions = inputs.Select((name, i) => (name, value: D(all[r][4 + i]))).ToList();
                var strongest = contributions.OrderByDescending(c => System.Math.Abs(c.value)).First();
                Assert.Equal(System.Math.Abs(strongest.value), System.Math.Abs(D(top[r][5])), 12);
                Assert.True(System.Math.Abs(D(top[r][5])) >= System.Math.Abs(D(top[r][7])));
                Assert.Equal(contributions.Single(c => c.name == top[r][4]).value, D(top[r][5]));
            }
        }

        [Fact]
        public void A_tree_model_converted_without_a_sample_cannot_explain_and_says_how_to_fix_it()
        {
            string blob = Convert(_models.BinaryZip2, "trees-nosample", sample: false);
            string output = Path.Combine(_folder, "x.csv");
            var refused = Cli.Expect(3, "score", "--model", blob, "--input", _models.Customers, "--output", output, "--explain", "3");
            Assert.Contains("--sample", refused.Err);
            Assert.False(File.Exists(output));
            Cli.Expect(2, "score", "--model", blob, "--input", _models.Customers, "--output", output, "--explain", "many");
        }

        [Fact]
        public void Score_table_with_explain_writes_reason_columns_and_logs_the_explanation()
        {
            string db = Path.Combine(_folder, "store.db"), store = "sqlite:" + db;
            Cli.Expect(0, "install", "--store", store);
            Cli.Expect(0, "register", _models.BinaryZip2, "--name", "churn", "--sample", _models.Customers, "--alias", "production", "--store", store);
            RawSql.Execute(db, "CREATE TABLE customers (CustomerId INTEGER PRIMARY KEY, Age REAL, Tenure REAL, MonthlyCharges REAL, SupportCalls REAL, Plan TEXT, Region TEXT, HasPartner TEXT, Churned TEXT)");
            var lines = File.ReadAllLines(_models.Customers).Skip(1).Take(50).Select(l => l.Split(','));
            string Value(string v, bool text) => v.Length == 0 ? "NULL" : text ? "'" + v + "'" : v;
            RawSql.Execute(db, "INSERT INTO customers VALUES " + string.Join(",\n", lines.Select(f => "(" + string.Join(", ", f.Select((v, i) => Value(v, i >= 5))) + ")")));
            Cli.Expect(0, "score-table", "churn", "--source", "customers", "--key", "CustomerId", "--target", "reasons", "--explain", "3", "--store", store);
            Assert.Equal(50, RawSql.Scalar(db, "SELECT count(*) FROM reasons WHERE Reason1 IS NOT NULL AND Reason3 IS NOT NULL"));
            Assert.Equal(50, RawSql.Scalar(db, "SELECT count(*) FROM PredictionLog WHERE json_extract(Explanation, '$.method') = 'TreeShap'"));
            using var json = JsonDocument.Parse(Cli.Expect(0, "audit", "predictions", "--key", "7", "--json", "--store", store).Out);
            Assert.Contains("contributions", json.RootElement[0].GetProperty("explanation").GetString());
        }
    }
}
