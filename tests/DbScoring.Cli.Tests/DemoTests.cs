using System.IO;
using System.Linq;
using DbScoring.Store;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DbScoring.Cli.Tests
{
    [Collection("trained models")]
    public sealed class DemoTests
    {
        private readonly TrainedModels _models;

        public DemoTests(TrainedModels models) => _models = models;

        [Fact]
        public void The_demo_runs_twice_and_leaves_a_complete_audit_trail()
        {
            string folder = _models.NewFolder();
            for (int run = 1; run <= 2; run++) // rerunnable: the second run starts from a fresh store
            {
                var result = Cli.Expect(0, "demo", "--rows", "3000", "--folder", folder);
                Assert.Contains("parity", result.Out);
                Assert.Contains("dbscoring_probability('churn@production'", result.Out);
                Assert.Contains("already registered as version 2", result.Out);
                Assert.Contains("Alias history", result.Out);
                Assert.Contains("drift against the training profile: Alert (Age, Plan)", result.Out);
                Assert.Contains("label agreement", result.Out);
                Assert.Matches(@"\n1\s+all\s+5,000\s+0\.\d{4}", result.Out); // realised AUC of version 1
                Assert.Matches(@"\n2\s+all\s+5,000\s+0\.\d{4}", result.Out); // and of the challenger, from its shadow predictions
                Assert.Contains("3 scored by the fallback", result.Out);
                Assert.Matches(@"Tenure [+-]\d\.\d{3}, ", result.Out); // customer 42's top reasons beside the score
                Assert.Contains("identical: the logged prediction is exactly what these model bytes give", result.Out);
                Assert.Contains("Audit trail OK", result.Out);
            }

            using var store = ModelStoreFactory.Open("sqlite:" + Path.Combine(folder, "demo.db"));
            var production = store.AliasHistory("churn", "production");
            Assert.Equal(new[] { 1, 2, 1 }, production.Select(m => m.ToVersion));
            Assert.StartsWith("Rollback", production[2].Reason);
            Assert.All(production, m => Assert.False(string.IsNullOrEmpty(m.MovedBy)));
            Assert.Equal(2, store.AliasHistory("churn", "challenger").Single().ToVersion);

            var runs = store.ListRuns("churn");
            Assert.Equal(5, runs.Count);
            Assert.All(runs, r => Assert.Equal("Succeeded", r.Status));
            Assert.All(runs.Where(r => r.Source == "customers"), r => Assert.Equal(3000, r.RowsScored));
            var month = runs.Single(r => r.Source == "customers_month2" && r.RowsScored == 5000);
            Assert.Equal(("Alert", "Age,Plan"), (month.DriftLevel, month.DriftInputs));
            Assert.True(new FileInfo(Path.Combine(folder, $"drift-run-{month.RunId}.png")).Length > 10_000);
            Assert.Equal((1400, 500), PngFile.Size(Path.Combine(folder, "performance.png"))); // realised AUC per version and calibration
            Assert.Equal(3, runs.Single(r => r.RowsByFallback > 0).RowsByFallback);

            var predictions = store.PredictionsForKey("42", "churn");
            Assert.Equal(new[] { 1, 1, 2 }, predictions.Select(p => p.Version).OrderBy(v => v));
            Assert.All(predictions, p => Assert.NotNull(p.InputsJson));

            // Every prediction the demo logged with its inputs replays bit for bit with today's runtime (a sample of keys,
            // under each version that scored the customers table).
            foreach (var run in runs.Where(r => r.Source == "customers"))
                foreach (int key in new[] { 1, 42, 777, 1500, 2999 })
                {
                    var replay = store.ReplayPrediction(run.RunId, key.ToString(System.Globalization.CultureInfo.InvariantCulture))!;
                    Assert.True(replay.Identical, $"run {run.RunId}, key {key}: {string.Join("; ", replay.Differences)}");
                }
            Assert.True(store.VerifyAuditTrail().Intact);
            SqliteConnection.ClearAllPools();
        }
    }
}
