using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary><c>dbscoring sql</c>: any query against the embedded store with the scoring functions registered.</summary>
    [Collection("trained models")]
    public sealed class SqlCommandTests
    {
        private readonly TrainedModels _models;
        private readonly string _folder;
        private readonly string _store;

        public SqlCommandTests(TrainedModels models)
        {
            _models = models;
            _folder = models.NewFolder();
            _store = "sqlite:" + Path.Combine(_folder, "store.db");
        }

        private CliResult Expect(int code, params string[] args) => Cli.Expect(code, args.Concat(new[] { "--store", _store }).ToArray());

        private void RegisterAndLoad()
        {
            Expect(0, "register", _models.BinaryZip, "--name", "churn", "--alias", "production");
            Expect(0, "sql", "CREATE TABLE customers (CustomerId INTEGER PRIMARY KEY, Age REAL, Tenure REAL, MonthlyCharges REAL, SupportCalls REAL, Plan TEXT, Region TEXT, HasPartner TEXT);" +
                             "INSERT INTO customers VALUES (1, 30, 10, 50, 1, 'basic', 'north', 'true'), (2, 60, 50, 90, 0, 'premium', 'south', 'false');");
        }

        private const string Probability =
            "dbscoring_probability('churn@production', 'Age', Age, 'Tenure', Tenure, 'MonthlyCharges', MonthlyCharges, 'SupportCalls', SupportCalls, " +
            "'Plan', Plan, 'Region', Region, 'HasPartner', HasPartner)";

        [Fact]
        public void A_query_scores_rows_with_the_registered_functions_like_the_score_command()
        {
            RegisterAndLoad();
            using var json = JsonDocument.Parse(Expect(0, "sql", $"SELECT CustomerId, {Probability} AS p FROM customers ORDER BY CustomerId", "--json").Out);
            var rows = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);

            // The same rows through 'dbscoring score' (the runtime on a file) give the same probabilities.
            string blob = Path.Combine(_folder, "churn.dbsm"), input = Path.Combine(_folder, "two.csv"), output = Path.Combine(_folder, "two-scores.csv");
            Expect(0, "export", "churn:1", "--output", blob);
            File.WriteAllLines(input, new[] { "CustomerId,Age,Tenure,MonthlyCharges,SupportCalls,Plan,Region,HasPartner", "1,30,10,50,1,basic,north,true", "2,60,50,90,0,premium,south,false" });
            Cli.Expect(0, "score", "--model", blob, "--input", input, "--output", output, "--key", "CustomerId");
            var expected = File.ReadAllLines(output).Skip(1).Select(l => float.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(expected, rows.Select(r => (float)r.GetProperty("p").GetDouble()));

            var table = Expect(0, "sql", "SELECT CustomerId, Plan FROM customers ORDER BY CustomerId");
            Assert.Contains("CustomerId  Plan", table.Out);
            Assert.Contains("2           premium", table.Out);
            Assert.Contains("(2 rows)", table.Err);
            var csv = Expect(0, "sql", "SELECT CustomerId, 'a, \"quoted\" value' AS note FROM customers ORDER BY CustomerId", "--csv").Out;
            Assert.Equal("CustomerId,note\n1,\"a, \"\"quoted\"\" value\"\n2,\"a, \"\"quoted\"\" value\"\n", csv);
        }

        [Fact]
        public void A_query_from_a_file_runs_every_statement_and_prints_every_result()
        {
            RegisterAndLoad();
            string file = Path.Combine(_folder, "report.sql");
            File.WriteAllText(file, "SELECT count(*) AS customers FROM customers;\nSELECT ModelName FROM Model;\n");
            var result = Expect(0, "sql", "--file", file);
            Assert.Contains("customers", result.Out);
            Assert.Contains("churn", result.Out);
            using var json = JsonDocument.Parse(Expect(0, "sql", "--file", file, "--json").Out);
            Assert.Equal(2, json.RootElement.GetArrayLength()); // one array per result
        }

        [Fact]
        public void Refusals_name_what_is_wrong()
        {
            RegisterAndLoad();
            Assert.Contains("no such table: nowhere", Expect(2, "sql", "SELECT * FROM nowhere").Err);
            Assert.DoesNotContain("SQLite Error", Expect(2, "sql", "SELEC 1").Err);
            Assert.Contains("never deleted", Expect(2, "sql", "DELETE FROM ModelVersion").Err);
            Assert.Contains("nosuch", Expect(2, "sql", "SELECT dbscoring_score('nosuch', 'Age', 1)").Err);
            Expect(2, "sql");
            Expect(2, "sql", "SELECT 1", "--file", "x.sql");
            Expect(4, "sql", "--file", Path.Combine(_folder, "none.sql"));
            Assert.Contains("does not exist", Cli.Expect(6, "sql", "SELECT 1", "--store", "sqlite:" + Path.Combine(_folder, "missing.db")).Err);
        }

        [Fact]
        public void Json_output_keeps_apostrophes_and_non_ascii_text_as_they_are()
        {
            Expect(0, "register", _models.BinaryZip, "--name", "churn", "--notes", "O'Brien's model — Zürich");
            Assert.Contains("\"notes\": \"O'Brien's model — Zürich\"", Expect(0, "show", "churn:1", "--json").Out);
            Assert.Contains("\"v\": \"it's\"", Expect(0, "sql", "SELECT 'it''s' AS v", "--json").Out);
        }
    }
}
