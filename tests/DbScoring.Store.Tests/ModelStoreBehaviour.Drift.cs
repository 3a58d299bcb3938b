using System;
using System.Linq;
using DbScoring.Runtime.Monitoring;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>Drift per scoring run against the version's training profile (docs/monitoring.md), for every backend that has it.</summary>
    public abstract partial class ModelStoreBehaviour
    {
        /// <summary>Why this backend cannot run the drift tests; null when it can.</summary>
        protected virtual string? MonitoringSkipReason => SkipReason;

        /// <summary>Why this backend cannot run the shadow, split, fallback and outcome tests; null when it can.</summary>
        protected virtual string? ChampionsSkipReason => MonitoringSkipReason;

        /// <summary>Why this backend cannot run the outcome and realised performance tests; null when it can.</summary>
        protected virtual string? OutcomesSkipReason => ChampionsSkipReason;

        /// <summary>The outcome table as raw SQL names it.</summary>
        protected virtual string OutcomeTable => "Outcome";

        /// <summary>The scoring run table as raw SQL names it.</summary>
        protected virtual string RunTable => "ScoringRun";

        private RegisterResult RegisterProfiled(int profileRows = 200)
        {
            var result = Store.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.ChurnProfiled(profileRows), RegisteredBy = "tester" });
            Store.SetAlias("churn", "production", result.Version);
            return result;
        }

        [SkippableFact]
        public void Scoring_the_profile_rows_themselves_records_no_drift()
        {
            Skip.If(MonitoringSkipReason != null, MonitoringSkipReason);
            RegisterProfiled(200);
            var run = Score(CreateCustomers("customers", 200), "scores", batch: 30);

            Assert.Equal("None", run.DriftLevel);
            Assert.Null(run.DriftInputs);
            var drift = Store.RunDrift(run.RunId);
            Assert.True(drift.HasProfile);
            Assert.Equal("file:customers.csv", drift.ProfileSource);
            var report = drift.Report!;
            Assert.Equal(200, report.Rows);
            Assert.Equal(new[] { "Age", "Tenure", "Plan" }, report.Inputs.Select(d => d.Name));
            Assert.Equal(new[] { "Score", "Probability", "PredictedLabel" }, report.Outputs.Select(d => d.Name));
            Assert.All(report.Inputs.Concat(report.Outputs), d => Assert.Equal(0.0, d.Psi, 12));
            Assert.Equal(3 + 3, RawCount($"SELECT count(*) FROM {RunDriftTable} WHERE ScoringRunId = {run.RunId}"));
        }

        [SkippableFact]
        public void A_shifted_batch_alerts_on_the_shifted_inputs_only_and_the_run_names_them()
        {
            Skip.If(MonitoringSkipReason != null, MonitoringSkipReason);
            RegisterProfiled(200);
            string source = CreateCustomers("customers", 200);
            RawSql($"UPDATE {source} SET Age = Age + 40");
            RawSql($"UPDATE {source} SET [Plan] = 'platinum' WHERE [Plan] = 'basic'");
            var run = Score(source, "scores", batch: 30);

            Assert.Equal("Alert", run.DriftLevel);
            var causes = run.DriftInputs!.Split(',');
            Assert.Contains("Age", causes);
            Assert.Contains("Plan", causes);
            Assert.DoesNotContain("Tenure", causes);
            var byName = Store.RunDrift(run.RunId).Report!.Inputs.ToDictionary(d => d.Name);
            Assert.True(byName["Age"].Psi >= 0.25, $"Age PSI {byName["Age"].Psi}");
            Assert.True(byName["Plan"].Psi >= 0.25, $"Plan PSI {byName["Plan"].Psi}");
            Assert.Equal(0.0, byName["Tenure"].Psi, 12);
            Assert.True(byName["Plan"].UnseenShare > 0.3, $"unseen {byName["Plan"].UnseenShare}");
            Assert.True(byName["Age"].OutOfRangeShare > 0.3, $"out of range {byName["Age"].OutOfRangeShare}");
            double stored = RawReal($"SELECT Psi FROM {RunDriftTable} WHERE ScoringRunId = {run.RunId} AND Name = 'Age'");
            Assert.Equal(byName["Age"].Psi, stored, 12);
        }

        [SkippableFact]
        public void The_run_PSI_over_many_batches_equals_the_PSI_of_the_whole_table_counted_at_once()
        {
            Skip.If(MonitoringSkipReason != null, MonitoringSkipReason);
            RegisterProfiled(300);
            string source = CreateCustomers("customers", 250);
            RawSql($"UPDATE {source} SET Age = Age * 1.3 WHERE Id % 3 = 0");
            var many = Store.RunDrift(Score(source, "scores_small", batch: 7).RunId).Report!;
            var one = Store.RunDrift(Score(source, "scores_big", batch: 1000).RunId).Report!;
            Assert.Equal(250, many.Rows);
            foreach (var (a, b) in many.Inputs.Concat(many.Outputs).Zip(one.Inputs.Concat(one.Outputs)))
                Assert.Equal(b.Psi, a.Psi, 12);
        }

        [SkippableFact]
        public void Thresholds_are_set_per_model_for_later_runs_and_every_change_is_kept()
        {
            Skip.If(MonitoringSkipReason != null, MonitoringSkipReason);
            RegisterProfiled(200);
            var defaults = Store.GetMonitoring("churn");
            Assert.True(defaults.IsDefault);
            Assert.Equal((0.1, 0.25), (defaults.WarningPsi, defaults.AlertPsi));

            Store.SetMonitoring("churn", 0.2, 0.4, "owner");
            var set = Store.SetMonitoring("churn", 50, 100, "owner");
            Assert.False(set.IsDefault);
            Assert.Equal((50.0, 100.0, "owner"), (set.WarningPsi, set.AlertPsi, set.SetBy));
            Assert.Equal(2, RawCount($"SELECT count(*) FROM {MonitoringTable}"));

            string source = CreateCustomers("customers", 200);
            RawSql($"UPDATE {source} SET Age = Age + 40");
            var run = Score(source, "scores", batch: 50);
            Assert.Equal("None", run.DriftLevel); // a PSI of a few units is below the raised thresholds
            Assert.Equal(100, Store.RunDrift(run.RunId).Report!.Thresholds.Alert);

            Assert.Throws<ArgumentException>(() => Store.SetMonitoring("churn", 0.3, 0.2));
            Assert.Throws<ArgumentException>(() => Store.SetMonitoring("churn", 0, 0.2));
            Assert.Throws<ArgumentException>(() => Store.GetMonitoring("nosuchmodel"));
        }

        [SkippableFact]
        public void A_version_without_a_profile_records_no_drift_and_says_so()
        {
            Skip.If(MonitoringSkipReason != null, MonitoringSkipReason);
            var v = Register();
            Store.SetAlias("churn", "production", v.Version);
            var run = Score(CreateCustomers("customers", 40), "scores");
            Assert.Null(run.DriftLevel);
            var drift = Store.RunDrift(run.RunId);
            Assert.False(drift.HasProfile);
            Assert.Null(drift.Report);
            Assert.Throws<ArgumentException>(() => Store.RunDrift(run.RunId + 1000));
        }

        [SkippableFact]
        public void Drift_rows_and_thresholds_cannot_be_edited()
        {
            Skip.If(MonitoringSkipReason != null, MonitoringSkipReason);
            RegisterProfiled(100);
            Store.SetMonitoring("churn", 0.1, 0.3);
            Score(CreateCustomers("customers", 50), "scores");
            foreach (string sql in new[]
            {
                $"UPDATE {RunDriftTable} SET Psi = 0", $"DELETE FROM {RunDriftTable}",
                $"UPDATE {MonitoringTable} SET AlertPsi = 9", $"DELETE FROM {MonitoringTable}",
                $"UPDATE {DriftCountsTable} SET Buckets = '[]'", $"DELETE FROM {DriftCountsTable}",
                $"UPDATE {RunTable} SET DriftLevel = 'None'",
            })
                Assert.ThrowsAny<Exception>(() => RawSql(sql));
            Assert.True(RawCount($"SELECT count(*) FROM {RunDriftTable}") > 0);
        }

        [SkippableFact]
        public void Input_statistics_count_missing_values_unseen_categories_and_numbers_outside_the_range()
        {
            SkipUnlessAvailable();
            var v = Register();
            Store.SetAlias("churn", "production", v.Version);
            string source = CreateCustomers("customers", 300);
            RawSql($"UPDATE {source} SET Age = 95 WHERE Id % 10 = 1");                    // above the range 18..90
            RawSql($"UPDATE {source} SET Age = 5 WHERE Id % 10 = 2");                     // below it
            RawSql($"UPDATE {source} SET [Plan] = '' WHERE Id % 13 = 0 AND [Plan] IS NOT NULL"); // empty text is missing
            var run = Score(source, "scores", batch: 40);

            var stats = Store.InputStatistics(run.RunId).ToDictionary(s => s.InputName);
            var ids = Enumerable.Range(1, 300).ToList();
            bool AgeNull(int i) => i % 17 == 0 && i % 10 != 1 && i % 10 != 2;
            Assert.Equal(300, stats["Age"].Rows);
            Assert.Equal(ids.Count(AgeNull), stats["Age"].Missing);
            Assert.Equal(ids.Count(i => i % 10 == 1), stats["Age"].AboveRange);
            Assert.Equal(ids.Count(i => i % 10 == 2), stats["Age"].BelowRange);
            Assert.Equal(ids.Count(i => i % 11 == 0 || i % 13 == 0), stats["Plan"].Missing);
            Assert.Equal(ids.Count(i => i % 11 != 0 && i % 13 != 0 && i % 5 == 0), stats["Plan"].UnseenCategories); // "gold"
            Assert.Equal(0, stats["Tenure"].Missing + stats["Tenure"].BelowRange + stats["Tenure"].AboveRange);
        }

        /// <summary>The per-run drift table as raw SQL names it.</summary>
        protected virtual string RunDriftTable => "RunDrift";

        /// <summary>The per-batch bucket counts table as raw SQL names it.</summary>
        protected virtual string DriftCountsTable => "ScoringRunDriftCounts";

        /// <summary>The thresholds table as raw SQL names it.</summary>
        protected virtual string MonitoringTable => "MonitoringSetting";

        /// <summary>A raw query returning one real number.</summary>
        protected abstract double RawReal(string sql);
    }
}
