using System.IO;
using System.Linq;
using Xunit;

namespace DbScoring.Cli.Tests
{
    [Collection("trained models")]
    public sealed class FileCommandTests
    {
        private readonly TrainedModels _models;
        private readonly string _folder;

        public FileCommandTests(TrainedModels models)
        {
            _models = models;
            _folder = models.NewFolder();
        }

        private string Convert(string zip, string name)
        {
            string blob = Path.Combine(_folder, name + ".dbsm");
            Cli.Expect(0, "convert", zip, "--output", blob, "--sample", _models.Customers);
            return blob;
        }

        private string[] Score(string blob, string input, params string[] extra) => File.ReadAllLines(ScoreToFile(blob, input, extra));

        private string ScoreToFile(string blob, string input, params string[] extra)
        {
            string output = Path.Combine(_folder, "scores-" + System.Guid.NewGuid().ToString("N") + ".csv");
            Cli.Expect(0, new[] { "score", "--model", blob, "--input", input, "--output", output }.Concat(extra).ToArray());
            return output;
        }

        [Fact]
        public void Score_writes_the_output_columns_of_each_task()
        {
            var binary = Score(Convert(_models.BinaryZip, "binary"), _models.Customers);
            Assert.Equal("Row,PredictedLabel,Score,Probability", binary[0]);
            Assert.Equal(601, binary.Length);
            Assert.Equal("1", binary[1].Split(',')[0]);

            var regression = Score(Convert(_models.RegressionZip, "regression"), _models.Customers, "--key", "CustomerId");
            Assert.Equal("CustomerId,Score", regression[0]);

            var multiclass = Score(Convert(_models.MulticlassZip, "multiclass"), _models.Customers, "--key", "CustomerId");
            var header = multiclass[0].Split(',');
            Assert.Equal(new[] { "CustomerId", "PredictedLabel" }, header.Take(2));
            Assert.Equal(5, header.Count(h => h.StartsWith("Score.")));
            Assert.Contains(multiclass[1].Split(',')[1], new[] { "north", "south", "east", "west", "central" });
        }

        [Fact]
        public void Score_refuses_a_missing_column_by_name_and_ignores_extra_ones()
        {
            string blob = Convert(_models.BinaryZip, "binary");
            string noTenure = Path.Combine(_folder, "no-tenure.csv");
            File.WriteAllLines(noTenure, File.ReadAllLines(_models.Customers).Take(20)
                .Select(l => { var f = l.Split(',').ToList(); f.RemoveAt(2); return string.Join(",", f); }));
            var refused = Cli.Expect(4, "score", "--model", blob, "--input", noTenure, "--output", Path.Combine(_folder, "x.csv"));
            Assert.Contains("Tenure", refused.Err);
            Assert.False(File.Exists(Path.Combine(_folder, "x.csv")));

            string extra = Path.Combine(_folder, "extra.csv");
            File.WriteAllLines(extra, File.ReadAllLines(_models.Customers).Take(20).Select((l, i) => l + (i == 0 ? ",Comment" : ",\"anything, really\"")));
            var withExtra = Score(blob, extra, "--key", "CustomerId");
            var plain = Score(blob, _models.Customers, "--key", "CustomerId").Take(20);
            Assert.Equal(plain, withExtra);
        }

        [Fact]
        public void Score_reads_the_missing_value_tokens_given_with_na()
        {
            string blob = Convert(_models.BinaryZip, "binary");
            string input = Path.Combine(_folder, "na.csv");
            var lines = File.ReadAllLines(_models.Customers).Take(3).ToList();
            lines[1] = "1,MISSING,10,50,1,basic,north,true,false";
            lines[2] = "2,,10,50,1,basic,north,true,false";
            File.WriteAllLines(input, lines);
            Cli.Expect(4, "score", "--model", blob, "--input", input, "--output", Path.Combine(_folder, "x.csv")); // MISSING is not a number by default
            var scored = Score(blob, input, "--key", "CustomerId", "--na", "MISSING,");
            Assert.Equal(scored[1].Split(',').Skip(1), scored[2].Split(',').Skip(1)); // MISSING and empty both read as missing
        }

        [Fact]
        public void Score_with_a_missing_model_or_input_file_is_bad_data()
        {
            Cli.Expect(4, "score", "--model", Path.Combine(_folder, "none.dbsm"), "--input", _models.Customers, "--output", Path.Combine(_folder, "x.csv"));
            Cli.Expect(2, "score", "--model", "m.dbsm", "--input", _models.Customers);
        }

        [Fact]
        public void Score_reads_and_writes_rfc4180_quotes_and_names_the_line_of_a_bad_value()
        {
            string blob = Convert(_models.BinaryZip, "binary");
            string header = File.ReadAllLines(_models.Customers)[0];
            string input = Path.Combine(_folder, "quoted.csv");
            File.WriteAllText(input, header + "\n" +
                "\"1, the first\",30,10,50,1,basic,north,true,false\n" +
                "\"say \"\"hi\"\"\", 40 ,12,50,1,\"plus\",north,true,false\n" +
                "\n" +                                                    // a blank line is skipped
                "\"two\nlines\",50,14,50,1,basic,south,false,false\n");   // a quoted field spanning lines
            var scored = File.ReadAllText(ScoreToFile(blob, input, "--key", "CustomerId"));
            Assert.StartsWith("CustomerId,PredictedLabel,Score,Probability\n\"1, the first\",", scored);
            Assert.Contains("\n\"say \"\"hi\"\"\",", scored);
            Assert.Contains("\n\"two\nlines\",", scored);
            Assert.Equal(5, scored.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Length); // header + 3 rows, one spanning two lines

            // The same rows tab-separated score the same.
            string tabs = Path.Combine(_folder, "tabs.tsv");
            File.WriteAllLines(tabs, File.ReadAllLines(_models.Customers).Take(30).Select(l => l.Replace(',', '\t')));
            Assert.Equal(File.ReadAllText(ScoreToFile(blob, tabs, "--key", "CustomerId")),
                         File.ReadAllText(ScoreToFile(blob, WriteLines("comma.csv", File.ReadAllLines(_models.Customers).Take(30)), "--key", "CustomerId")));

            // A bad value is named with its line (counting the lines of a multi-line field) and column; nothing is written.
            File.AppendAllText(input, "4,forty,10,50,1,basic,north,true,false\n");
            string output = Path.Combine(_folder, "bad.csv");
            var bad = Cli.Expect(4, "score", "--model", blob, "--input", input, "--output", output);
            Assert.Contains("quoted.csv line 7", bad.Err);
            Assert.Contains("Age", bad.Err);
            Assert.Contains("forty", bad.Err);
            Assert.False(File.Exists(output));

            var unclosed = Cli.Expect(4, "score", "--model", blob, "--input", WriteLines("unclosed.csv", new[] { header, "1,30,10,50,1,\"basic,north,true,false", "2,30,10,50,1,basic,north,true,false" }), "--output", output);
            Assert.Contains("unclosed.csv line 2: a quoted field is not closed", unclosed.Err);
        }

        private string WriteLines(string name, System.Collections.Generic.IEnumerable<string> lines)
        {
            string path = Path.Combine(_folder, name);
            File.WriteAllLines(path, lines);
            return path;
        }

        [Fact]
        public void Score_reports_per_input_what_the_model_did_not_see_in_training_on_stderr()
        {
            string blob = Convert(_models.BinaryZip, "binary");
            var lines = File.ReadAllLines(_models.Customers).Take(4).ToList();
            lines[1] = "1,30,10,50,1,platinum,north,true,false";   // a plan the model never saw
            lines[2] = "2,30,5000,50,1,basic,north,true,false";    // a tenure far above the training range
            lines[3] = "3,,10,50,1,basic,north,true,false";        // a missing age
            string input = WriteLines("unusual.csv", lines);
            string output = Path.Combine(_folder, "unusual-scores.csv");
            var result = Cli.Expect(0, "score", "--model", blob, "--input", input, "--output", output);
            Assert.Contains("Scored 3 rows", result.Out);
            Assert.DoesNotContain("UNSEEN", result.Out); // stdout stays the result
            var table = result.Err.Split('\n');
            Assert.Matches(@"^\s*Plan\s+3\s+0 \(0\.0%\)\s+1 \(33\.3%\)", table.Single(l => l.TrimStart().StartsWith("Plan ", System.StringComparison.Ordinal)));
            Assert.Matches(@"^\s*Tenure\s+3\s+0 \(0\.0%\)\s+0 \(0\.0%\)\s+0 \(0\.0%\)\s+1 \(33\.3%\)", table.Single(l => l.TrimStart().StartsWith("Tenure ", System.StringComparison.Ordinal)));
            Assert.Matches(@"^\s*Age\s+3\s+1 \(33\.3%\)", table.Single(l => l.TrimStart().StartsWith("Age ", System.StringComparison.Ordinal)));
            using var json = System.Text.Json.JsonDocument.Parse(Cli.Expect(0, "score", "--model", blob, "--input", input, "--output", output, "--json").Out);
            Assert.Equal(1, json.RootElement.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("inputName").GetString() == "Plan").GetProperty("unseenCategories").GetInt64());
        }

        [Fact]
        public void Convert_states_the_parity_sample_cap_and_takes_the_training_ranges_from_every_sample_row()
        {
            string big = Path.Combine(_folder, "big.csv");
            DbScoring.Cli.Demo.DemoData.Write(big, 10_050, seed: 5);
            var all = File.ReadAllLines(big).ToList();
            all.Add("99999,30,777,50,1,basic,north,true,false"); // the largest Tenure, after the rows the gate checks
            File.WriteAllLines(big, all);
            string blob = Path.Combine(_folder, "big.dbsm");
            var result = Cli.Expect(0, "convert", _models.BinaryZip, "--output", blob, "--sample", big);
            Assert.Contains("on the first 10,000 of 10,051 sample rows + ", result.Out);
            using var json = System.Text.Json.JsonDocument.Parse(Cli.Expect(0, "inspect", blob, "--json").Out);
            var tenure = json.RootElement.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "Tenure");
            Assert.Equal(777, tenure.GetProperty("sampleMax").GetDouble());
            Assert.Contains("the first 10,000 are checked", Cli.Expect(0, "convert", "--help").Out);
            Assert.Contains("on all 600 sample rows + ", Cli.Expect(0, "convert", _models.BinaryZip, "--output", blob, "--sample", _models.Customers).Out);
        }

        [Theory]
        [InlineData("text")]
        [InlineData("kmeans")]
        public void Convert_refuses_an_unsupported_model_naming_the_component(string which)
        {
            string zip = which == "text" ? _models.TextZip : _models.KMeansZip;
            string output = Path.Combine(_folder, which + ".dbsm");
            var result = Cli.Expect(3, "convert", zip, "--output", output);
            Assert.Contains("is not supported", result.Err);
            // The refused component is named: the text featurizer, or the clustering (KMeans) predictor.
            Assert.Matches(which == "text" ? "component \\S*Text\\S*" : "component \\S*Clustering\\S*", result.Err);
            if (which == "text") Assert.Contains("TextFeaturizingEstimator", result.Err);
            Assert.False(File.Exists(output));
        }

        [Fact]
        public void Inspect_describes_a_blob()
        {
            var result = Cli.Expect(0, "inspect", Convert(_models.MulticlassZip, "multiclass"));
            Assert.Contains("MulticlassClassification", result.Out);
        }

        [Fact]
        public void Inspect_says_how_the_trees_are_evaluated()
        {
            string trees = Convert(_models.BinaryZip2, "fasttree"); // FastTree, 5 trees of 4 leaves
            var text = Cli.Expect(0, "inspect", trees).Out;
            Assert.Matches(@"trees:\s+QuickScorer: 5 trees, \d+ threshold tests, test order read from the blob \(section 8\)", text);
            var json = System.Text.Json.JsonDocument.Parse(Cli.Expect(0, "inspect", trees, "--json").Out).RootElement;
            Assert.StartsWith("QuickScorer: 5 trees", json.GetProperty("trees").GetString());

            string linear = Convert(_models.BinaryZip, "linear-inspected");
            Assert.DoesNotContain("trees:", Cli.Expect(0, "inspect", linear).Out);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, System.Text.Json.JsonDocument.Parse(Cli.Expect(0, "inspect", linear, "--json").Out).RootElement.GetProperty("trees").ValueKind);
        }

        [Fact]
        public void Inspect_shows_the_training_profile_stored_from_the_sample_rows_or_says_there_is_none()
        {
            string blob = Convert(_models.BinaryZip, "binary-profiled");
            var text = Cli.Expect(0, "inspect", blob);
            Assert.Contains("profile:    600 rows (sample:customers.csv)", text.Out);
            Assert.Matches(@"\n\s+Plan\s+missing\s+\d+\.\d%\s+\w+ \d+\.\d%", text.Out);
            Assert.Matches(@"\n\s+Score\s+missing\s+0\.0%\s+\[", text.Out);

            var json = System.Text.Json.JsonDocument.Parse(Cli.Expect(0, "inspect", blob, "--json").Out).RootElement.GetProperty("profile");
            Assert.Equal(600, json.GetProperty("rows").GetInt64());
            var score = json.GetProperty("outputs").EnumerateArray().First(o => o.GetProperty("name").GetString() == "Score");
            double shares = score.GetProperty("bins").EnumerateArray().Sum(b => b.GetProperty("share").GetDouble());
            Assert.Equal(1.0, shares, 9);

            string bare = Path.Combine(_folder, "bare.dbsm");
            Cli.Expect(0, "convert", _models.BinaryZip, "--output", bare);
            Assert.Contains("no profile", Cli.Expect(0, "inspect", bare).Out);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, System.Text.Json.JsonDocument.Parse(Cli.Expect(0, "inspect", bare, "--json").Out).RootElement.GetProperty("profile").ValueKind);
        }

        [Fact]
        public void Convert_takes_the_profile_from_its_own_file_and_register_refuses_it_for_a_blob()
        {
            string profileRows = Path.Combine(_folder, "reference.csv");
            File.WriteAllLines(profileRows, File.ReadAllLines(_models.Customers).Take(201));
            string blob = Path.Combine(_folder, "p.dbsm");
            var converted = Cli.Expect(0, "convert", _models.BinaryZip, "--output", blob, "--sample", _models.Customers, "--profile", profileRows);
            Assert.Contains("profile:   200 rows (file:reference.csv)", converted.Out);
            var refused = Cli.Expect(2, "register", blob, "--name", "churn", "--profile", profileRows, "--store-file", Path.Combine(_folder, "s.db"));
            Assert.Contains("--profile applies to models that are converted", refused.Err);
        }
    }
}
