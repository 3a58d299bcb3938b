using System;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>
    /// The tamper-evident audit trail on every backend (docs/audit.md): an untouched history verifies; a prediction edited,
    /// deleted or inserted behind the append-only triggers is found, with its run and batch.
    /// </summary>
    public abstract partial class ModelStoreBehaviour
    {
        /// <summary>
        /// Runs <paramref name="sql"/> with the triggers of <paramref name="table"/> (unqualified: PredictionLog, ScoringRun)
        /// out of the way and puts them back afterwards, as someone with full rights would: SQLite drops and restores them,
        /// SQL Server disables and enables them.
        /// </summary>
        protected abstract void BehindTheTriggers(string table, string sql);

        /// <summary>Three versions, an alias move and a run of 25 rows in batches of 10 (10, 10, 5): the history every audit test tampers with.</summary>
        private long ScoreAuditedHistory()
        {
            Register();
            Register(bias: 0.25f);
            Store.SetAlias("churn", "production", 2, "alice");
            string customers = CreateCustomers("audited", 25);
            return Score(customers, "audited_scores").RunId;
        }

        private string FirstLogged => $"(SELECT MIN(PredictionLogId) FROM {LogTable})";

        private string LastLogged => $"(SELECT MAX(PredictionLogId) FROM {LogTable})";

        [SkippableFact]
        public void An_untouched_audit_trail_verifies_and_names_the_models_head_digest()
        {
            SkipUnlessAvailable();
            long run = ScoreAuditedHistory();
            var result = Store.VerifyAuditTrail();
            Assert.True(result.Intact, result.Break?.ToString());
            Assert.Equal(25, result.PredictionRowsChecked);
            var head = Assert.Single(result.Heads);
            Assert.Equal("churn", head.Model);
            Assert.Matches("^[0-9a-f]{64}$", head.Digest);
            Assert.True(head.Links >= 2 + 1 + 1 + 3 + 1, $"{head.Links} links: expected at least 2 versions, 1 alias move, run start, 3 batches, completion");
            var oneRun = Store.VerifyAuditTrail("churn", run);
            Assert.True(oneRun.Intact, oneRun.Break?.ToString());
            Assert.Equal(25, oneRun.PredictionRowsChecked);
        }

        [SkippableFact]
        public void A_prediction_edited_behind_the_triggers_is_found_with_its_run_and_batch()
        {
            SkipUnlessAvailable();
            long run = ScoreAuditedHistory();
            BehindTheTriggers("PredictionLog", $"UPDATE {LogTable} SET Score = Score + 0.25 WHERE PredictionLogId = {LastLogged}");
            var broken = Store.VerifyAuditTrail().Break;
            Assert.NotNull(broken);
            Assert.Equal(("PredictionLog", run, 3), (broken!.Table, broken.RunId, broken.Batch));
            Assert.Contains("edited", broken.Problem, StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f]{64}$", broken.Found!);
            Assert.NotEqual(broken.Expected, broken.Found);
        }

        [SkippableFact]
        public void A_prediction_deleted_behind_the_triggers_is_found_with_its_run_and_batch()
        {
            SkipUnlessAvailable();
            long run = ScoreAuditedHistory();
            BehindTheTriggers("PredictionLog", $"DELETE FROM {LogTable} WHERE PredictionLogId = {FirstLogged}");
            var broken = Store.VerifyAuditTrail().Break;
            Assert.NotNull(broken);
            Assert.Equal(("PredictionLog", run, 1), (broken!.Table, broken.RunId, broken.Batch));
            Assert.Contains("had 10 rows and now has 9", broken.Problem, StringComparison.Ordinal);
        }

        [SkippableFact]
        public void A_prediction_inserted_behind_the_triggers_is_found_as_in_no_committed_batch()
        {
            SkipUnlessAvailable();
            long run = ScoreAuditedHistory();
            long before = RawCount($"SELECT MAX(PredictionLogId) FROM {LogTable}");
            BehindTheTriggers("PredictionLog",
                $"INSERT INTO {LogTable} (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, Score, PredictedAt) " +
                $"SELECT ScoringRunId, '999', ModelVersionId, BlobSha256, InputsSha256, 0.5, PredictedAt FROM {LogTable} WHERE PredictionLogId = {FirstLogged}");
            var broken = Store.VerifyAuditTrail().Break;
            Assert.NotNull(broken);
            Assert.Equal(("PredictionLog", run), (broken!.Table, broken.RunId));
            Assert.Equal(before + 1, broken.RowId);
            Assert.Contains("in no committed batch", broken.Problem, StringComparison.Ordinal);
        }

        [SkippableFact]
        public void A_completed_run_edited_behind_the_triggers_is_found()
        {
            SkipUnlessAvailable();
            long run = ScoreAuditedHistory();
            BehindTheTriggers("ScoringRun", $"UPDATE {RunTable} SET RowsScored = 7 WHERE ScoringRunId = {run}");
            var broken = Store.VerifyAuditTrail().Break;
            Assert.NotNull(broken);
            Assert.Equal(("ScoringRun", run), (broken!.Table, broken.RunId));
            Assert.Contains("edited", broken.Problem, StringComparison.Ordinal);
        }
    }
}
