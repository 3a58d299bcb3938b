using System;
using System.Linq;
using DbScoring.Runtime;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>Retention of the prediction log, the same on every backend.</summary>
    public abstract partial class ModelStoreBehaviour
    {
        /// <summary>
        /// Copies run <paramref name="runId"/> and its predictions as a run that ended <paramref name="days"/> days ago (raw
        /// INSERTs, which the append-only rules allow: history as an older store would hold it). Returns the new run id.
        /// </summary>
        protected abstract long CopyRunEndedDaysAgo(long runId, int days);

        private long LoggedRows(long runId) => RawCount($"SELECT COUNT(*) FROM {LogTable} WHERE ScoringRunId = {runId}");

        [SkippableFact]
        public void Every_model_keeps_everything_until_a_policy_is_set_and_each_policy_change_is_kept()
        {
            SkipUnlessAvailable();
            Register();
            Store.SetAlias("churn", "production", 1, "tester");
            var recent = Score(CreateCustomers("customers", 30), "scores");
            long old = CopyRunEndedDaysAgo(recent.RunId, 400);

            var policy = Store.RetentionPolicies("churn").Single();
            Assert.True(policy.KeepsEverything);
            Assert.Null(policy.SetBy);
            var nothing = Store.PurgePredictionLog(new PurgeRequest());
            Assert.Equal(0, nothing.RowsRemoved);
            Assert.Null(nothing.PurgeId);
            Assert.Equal(30, LoggedRows(old));

            Store.SetRetention("churn", 365, "tester", "test policy");
            var set = Store.SetRetention("churn", 500, "tester", "longer after review");
            Assert.Equal(500, set.KeepDays);
            Assert.Equal("longer after review", set.Reason);
            Assert.True(set.Cutoff < DateTime.UtcNow.AddDays(-499) && set.Cutoff > DateTime.UtcNow.AddDays(-501));
            Assert.Empty(Store.PurgePredictionLog(new PurgeRequest { Execute = false }).Candidates);

            var back = Store.SetRetention("churn", null, "tester", "legal hold");
            Assert.True(back.KeepsEverything);
            Assert.Equal(30, LoggedRows(old));
            Assert.Throws<ArgumentException>(() => Store.SetRetention("churn", 0));
            Assert.Throws<ArgumentException>(() => Store.SetRetention("nope", 30));
        }

        [SkippableFact]
        public void A_purge_removes_whole_runs_past_the_policy_in_recorded_batches_and_keeps_the_run_rows()
        {
            SkipUnlessAvailable();
            Register();
            Store.SetAlias("churn", "production", 1, "tester");
            var recent = Score(CreateCustomers("customers", 25), "scores");
            long old = CopyRunEndedDaysAgo(recent.RunId, 400);
            long older = CopyRunEndedDaysAgo(recent.RunId, 800);
            Store.SetRetention("churn", 365, "tester", "test policy");

            var dry = Store.PurgePredictionLog(new PurgeRequest { Model = "churn", BatchSize = 10, Execute = false });
            Assert.False(dry.Executed);
            Assert.Equal(new[] { old, older }, dry.Candidates.Select(c => c.RunId).ToArray());
            Assert.Equal(50, dry.RowsRemoved);
            Assert.Equal(25, LoggedRows(old));

            var purge = Store.PurgePredictionLog(new PurgeRequest { Model = "churn", BatchSize = 10, PurgedBy = "tester" });
            Assert.True(purge.Executed);
            Assert.Equal(2, purge.Runs);
            Assert.Equal(50, purge.RowsRemoved);
            Assert.Equal(6, purge.Batches);
            Assert.Equal(0, LoggedRows(old));
            Assert.Equal(0, LoggedRows(older));
            Assert.Equal(25, LoggedRows(recent.RunId));
            Assert.Contains(Store.ListRuns("churn"), r => r.RunId == old);

            var log = Store.RetentionLog(purge.PurgeId);
            Assert.Equal(6, log.Count);
            Assert.All(log, e => Assert.Equal(64, e.Digest.Length));
            Assert.Equal(new long[] { 10, 10, 5 }, log.Where(e => e.RunId == old).OrderBy(e => e.BatchNumber).Select(e => e.RowsRemoved).ToArray());
            Assert.Equal(log.Count, log.Select(e => e.Digest).Distinct().Count());
            Assert.All(log, e => Assert.Equal(365, e.KeepDays));

            var again = Store.PurgePredictionLog(new PurgeRequest { Model = "churn" });
            Assert.Equal(0, again.RowsRemoved);
            Assert.Null(again.PurgeId);
        }

        [SkippableFact]
        public void Prediction_rows_cannot_be_deleted_outside_a_recorded_purge_nor_the_retention_records_changed()
        {
            SkipUnlessAvailable();
            Register();
            Store.SetAlias("churn", "production", 1, "tester");
            var recent = Score(CreateCustomers("customers", 12), "scores");
            long old = CopyRunEndedDaysAgo(recent.RunId, 400);
            Store.SetRetention("churn", 365, "tester", "test policy");
            Store.PurgePredictionLog(new PurgeRequest { BatchSize = 5 });

            Assert.ThrowsAny<Exception>(() => RawSql($"DELETE FROM {LogTable} WHERE ScoringRunId = {recent.RunId}"));
            Assert.ThrowsAny<Exception>(() => RawSql($"UPDATE {RetentionTable("RetentionLog")} SET RowsRemoved = 1"));
            Assert.ThrowsAny<Exception>(() => RawSql($"DELETE FROM {RetentionTable("RetentionLog")}"));
            Assert.ThrowsAny<Exception>(() => RawSql($"DELETE FROM {RetentionTable("RetentionPolicy")}"));
            Assert.Equal(12, LoggedRows(recent.RunId));
            Assert.Equal(3, Store.RetentionLog().Count);
            Assert.Equal(0, LoggedRows(old));
        }

        /// <summary>A retention table as raw SQL names it.</summary>
        protected abstract string RetentionTable(string name);
    }
}
