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
            }

            using var store = ModelStoreFactory.Open("sqlite:" + Path.Combine(folder, "demo.db"));
            var production = store.AliasHistory("churn", "production");
            Assert.Equal(new[] { 1, 2, 1 }, production.Select(m => m.ToVersion));
            Assert.StartsWith("Rollback", production[2].Reason);
            Assert.All(production, m => Assert.False(string.IsNullOrEmpty(m.MovedBy)));
            Assert.Equal(2, store.AliasHistory("churn", "challenger").Single().ToVersion);

            var runs = store.ListRuns("churn");
            Assert.Equal(2, runs.Count);
            Assert.All(runs, r => Assert.Equal("Succeeded", r.Status));
            Assert.All(runs, r => Assert.Equal(3000, r.RowsScored));

            var predictions = store.PredictionsForKey("42", "churn");
            Assert.Equal(new[] { 1, 2 }, predictions.Select(p => p.Version).OrderBy(v => v));
            Assert.All(predictions, p => Assert.NotNull(p.InputsJson));
            SqliteConnection.ClearAllPools();
        }
    }
}
