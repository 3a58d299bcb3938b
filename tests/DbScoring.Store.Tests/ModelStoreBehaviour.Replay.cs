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
    }
}
