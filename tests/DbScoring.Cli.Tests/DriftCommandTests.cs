using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace DbScoring.Cli.Tests
{
    [Collection("trained models")]
    public sealed class DriftCommandTests
    {
        private readonly TrainedModels _models;
        private readonly string _folder;

        public DriftCommandTests(TrainedModels models)
        {
            _models = models;
            _folder = models.NewFolder();
        }

        private string ProfiledBlob()
        {
            string blob = Path.Combine(_folder, "churn.dbsm");
            Cli.Expect(0, "convert", _models.BinaryZip, "--output", blob, "--sample", _models.Customers);
            return blob;
        }

        /// <summary>The customers, 25 years older and with the basic plan renamed to one the model never saw.</summary>
        private string ShiftedCustomers()
        {
            var lines = File.ReadAllLines(_models.Customers);
            var header = lines[0].Split(',');
            int age = Array.IndexOf(header, "Age"), plan = Array.IndexOf(header, "Plan");
            string path = Path.Combine(_folder, "shifted.csv");
            File.WriteAllLines(path, lines.Take(1).Concat(lines.Skip(1).Select(l =>
            {
                var f = l.Split(',');
                if (f[age].Length > 0) f[age] = (double.Parse(f[age], CultureInfo.InvariantCulture) + 25).ToString(CultureInfo.InvariantCulture);
                if (f[plan] == "basic") f[plan] = "student";
                return string.Join(",", f);
            })));
            return path;
        }

        private static JsonElement Drift(params string[] args) =>
            JsonDocument.Parse(Cli.Expect(0, new[] { "drift" }.Concat(args).Concat(new[] { "--json" }).ToArray()).Out).RootElement.GetProperty("drift");

        [Fact]
        public void The_profile_rows_themselves_show_no_drift()
        {
            var drift = Drift("--model", ProfiledBlob(), "--input", _models.Customers);
            Assert.Equal("None", drift.GetProperty("level").GetString());
            foreach (var d in drift.GetProperty("distributions").EnumerateArray())
                Assert.Equal(0.0, d.GetProperty("psi").GetDouble(), 12);
        }

        [Fact]
        public void A_shifted_file_alerts_on_the_shifted_inputs_only_and_draws_a_chart()
        {
            string chart = Path.Combine(_folder, "charts", "drift.png");
            var result = Cli.Expect(0, "drift", "--model", ProfiledBlob(), "--input", ShiftedCustomers(), "--plot", chart);
            Assert.Contains("Alert (Age, Plan)", result.Out);

            var drift = Drift("--model", ProfiledBlob(), "--input", ShiftedCustomers());
            var byName = drift.GetProperty("distributions").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
            Assert.Equal("Alert", byName["Age"].GetProperty("level").GetString());
            Assert.Equal("Alert", byName["Plan"].GetProperty("level").GetString());
            Assert.True(byName["Plan"].GetProperty("unseenShare").GetDouble() > 0.15);
            Assert.True(byName["Age"].GetProperty("outOfRangeShare").GetDouble() > 0.15);
            foreach (string unchanged in new[] { "Tenure", "MonthlyCharges", "SupportCalls", "Region", "HasPartner" })
                Assert.Equal(0.0, byName[unchanged].GetProperty("psi").GetDouble(), 12);
            Assert.Equal(new[] { "Age", "Plan" }, drift.GetProperty("causes").EnumerateArray().Select(c => c.GetString()).OrderBy(c => c));

            Assert.Equal((1400, 900), PngFile.Size(chart)); // Score and three inputs, two rows
        }

        [Fact]
        public void Thresholds_given_on_the_command_line_are_applied()
        {
            var drift = Drift("--model", ProfiledBlob(), "--input", ShiftedCustomers(), "--warning", "5", "--alert", "50");
            Assert.Equal("None", drift.GetProperty("level").GetString());
            Assert.Equal(50, drift.GetProperty("alertThreshold").GetDouble());
            Assert.Contains("--alert", Cli.Expect(2, "drift", "--model", ProfiledBlob(), "--input", _models.Customers, "--warning", "0.3", "--alert", "0.2").Err);
        }

        [Fact]
        public void A_model_without_a_profile_is_refused_with_no_profile()
        {
            string bare = Path.Combine(_folder, "bare.dbsm");
            Cli.Expect(0, "convert", _models.BinaryZip, "--output", bare);
            Assert.Contains("no profile", Cli.Expect(3, "drift", "--model", bare, "--input", _models.Customers).Err);
        }
    }
}
