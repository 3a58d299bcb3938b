using System;
using System.Globalization;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Monitoring;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>What a run's input statistics count, for every backend: the rows the run's own version scored (docs/monitoring.md).</summary>
    public abstract partial class ModelStoreBehaviour
    {
        /// <summary>The per-batch input statistics table as raw SQL names it.</summary>
        protected virtual string InputStatsTable => "ScoringRunInputStats";

        [SkippableFact]
        public void Input_statistics_describe_the_rows_the_runs_own_version_scored_not_the_other_arm_nor_refused_rows()
        {
            Skip.If(ChampionsSkipReason != null, ChampionsSkipReason);
            var champion = Register();
            var challenger = Register(bias: 0.25f);
            Store.SetAlias("churn", "production", champion.Version);
            Store.SetAlias("churn", "challenger", challenger.Version);
            string source = CreateCustomers("customers", 120);
            var poisoned = Enumerable.Range(1, 10).Concat(new[] { 57, 58 }).ToHashSet(); // batch 1 holds only refused rows
            foreach (int id in poisoned) PoisonAge("customers", id, poison: true);

            var run = ScoreWith(source, "scores", split: ModelRef.ForAlias("churn", "challenger"), percent: 30, batch: 10);
            string salt = SplitBucket.SaltOf("churn");
            var own = Enumerable.Range(1, 120)
                .Where(i => !poisoned.Contains(i) && SplitBucket.Of(salt, i.ToString(CultureInfo.InvariantCulture)) >= SplitBucket.Threshold(30)).ToList();
            Assert.InRange(own.Count, 50, 100);
            var stats = Store.InputStatistics(run.RunId).ToDictionary(s => s.InputName);
            Assert.Equal(new[] { "Age", "Plan", "Tenure" }, stats.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(stats.Values, s => Assert.Equal(own.Count, s.Rows));
            Assert.Equal(own.Count(i => TestModels.Customer(i).Age == null), stats["Age"].Missing);
            Assert.Equal(own.Count(i => TestModels.Customer(i).Plan == null), stats["Plan"].Missing);
            Assert.Equal(own.Count(i => TestModels.Customer(i).Plan == "gold"), stats["Plan"].UnseenCategories);
            Assert.Equal(0, RawCount($"SELECT count(*) FROM {InputStatsTable} WHERE ScoringRunId = {run.RunId} AND BatchNumber = 1"));
            Assert.Equal(12, run.Batches);
        }
    }
}
