using System;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>Replay through IModelStore: a logged prediction scored again from its logged inputs and bytes, in every store.</summary>
    public abstract partial class ModelStoreBehaviour
    {
        [SkippableFact]
        public void A_logged_prediction_replays_bit_for_bit_and_a_run_without_inputs_says_it_cannot()
        {
            SkipUnlessAvailable();
            Register();
            Store.SetAlias("churn", "production", 1, "tester");
            string source = CreateCustomers("replay_customers", 12);
            var withInputs = Score(source, "replay_scores");
            var replay = Store.ReplayPrediction(withInputs.RunId, "7");
            Assert.NotNull(replay);
            Assert.True(replay!.InputsLogged);
            Assert.True(replay.Identical, string.Join("; ", replay.Differences));
            Assert.Equal("churn", replay.Model);
            Assert.Equal(1, replay.Version);
            Assert.Equal(replay.Logged.Score, replay.Replayed!.Score);
            Assert.Equal(replay.Logged.PredictedLabel, replay.Replayed.PredictedLabel);
            Assert.NotNull(replay.InputsJson);

            Assert.Null(Store.ReplayPrediction(withInputs.RunId, "no such key"));

            var withoutInputs = Store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn@production"), Source = source, KeyColumns = new[] { "Id" }, Target = TargetName("replay_scores_hashed"),
                BatchSize = 10, LogInputs = false, RunBy = "tester",
            });
            var hashed = Store.ReplayPrediction(withoutInputs.RunId, "7");
            Assert.NotNull(hashed);
            Assert.False(hashed!.InputsLogged);
            Assert.False(hashed.Identical);
            Assert.Null(hashed.Replayed);
        }


        [SkippableFact]
        public void A_refused_row_replays_as_refused_for_the_same_reason_and_a_fallback_row_as_scored_by_the_fallback()
        {
            Skip.If(ChampionsSkipReason != null, ChampionsSkipReason);
            var primary = Register();
            var fallback = Store.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.ChurnWithoutAge(), RegisteredBy = "tester" });
            Store.SetAlias("churn", "production", primary.Version);
            string source = CreateCustomers("customers", 20);
            PoisonAge("customers", 5, poison: true);

            var refusedRun = ScoreWith(source, "scores");
            Assert.Equal(1L, refusedRun.RowsRefused);
            var refused = Store.ReplayPrediction(refusedRun.RunId, "5");
            Assert.NotNull(refused);
            Assert.True(refused!.Identical, string.Join("; ", refused.Differences));
            Assert.Equal(("Refused", "Refused"), (refused.Logged.Status, refused.Replayed!.Status));
            Assert.Contains("Age", refused.Replayed.Reason, StringComparison.Ordinal);
            Assert.Equal(refused.Logged.Reason, refused.Replayed.Reason);
            Assert.Null(refused.Replayed.Score);
            Assert.Equal(("Scored", null), (Store.ReplayPrediction(refusedRun.RunId, "6")!.Replayed!.Status, Store.ReplayPrediction(refusedRun.RunId, "6")!.Replayed!.Reason));

            var fallbackRun = ScoreWith(source, "scores_with_fallback", fallback: ModelRef.ForVersion("churn", fallback.Version));
            Assert.Equal(1L, fallbackRun.RowsByFallback);
            var byFallback = Store.ReplayPrediction(fallbackRun.RunId, "5");
            Assert.NotNull(byFallback);
            Assert.True(byFallback!.Identical, string.Join("; ", byFallback.Differences));
            Assert.Equal(("Fallback", "Scored", fallback.Version), (byFallback.Logged.Status, byFallback.Replayed!.Status, byFallback.Version));
            Assert.NotNull(byFallback.Replayed.Score);
        }


        /// <summary><paramref name="expression"/> compared case-sensitively (a source key column that holds 'a' and 'A').</summary>
        protected abstract string CaseSensitive(string expression);

        [SkippableFact]
        public void Keys_that_differ_only_in_case_stay_two_keys_in_replay_and_in_the_predictions_of_a_key()
        {
            SkipUnlessAvailable();
            Store.SetAlias("churn", "production", Register().Version);
            string customers = CreateCustomers("customers", 2);
            string view = CreateCustomersName("cased");
            RawSql($"CREATE VIEW {view} AS SELECT {CaseSensitive("CASE Id WHEN 1 THEN 'a' ELSE 'A' END")} AS Code, Age, Tenure, [Plan] FROM {customers}");
            var run = Store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn@production"), Source = view, KeyColumns = new[] { "Code" }, Target = TargetName("cased_scores"),
                BatchSize = 10, LogInputs = true, RunBy = "tester",
            });
            Assert.Equal(2L, run.RowsScored);

            var logIds = new System.Collections.Generic.List<long>();
            foreach (var (key, id) in new[] { ("a", 1), ("A", 2) })
            {
                var replay = Store.ReplayPrediction(run.RunId, key);
                Assert.NotNull(replay);
                Assert.True(replay!.Identical, string.Join("; ", replay.Differences));
                Assert.Equal(key, replay.RowKey);
                Assert.Contains(TestModels.Customer(id).Plan ?? "null", replay.InputsJson, StringComparison.Ordinal);
                var logged = Assert.Single(Store.PredictionsForKey(key, "churn"));
                Assert.Equal(key, logged.RowKey);
                Assert.Equal(replay.PredictionLogId, logged.PredictionLogId);
                logIds.Add(logged.PredictionLogId);
            }
            Assert.NotEqual(logIds[0], logIds[1]); // each key found its own prediction, not the other spelling's
        }
    }
}
