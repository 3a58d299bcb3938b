using System;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Monitoring;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>Fallback and refusal, shadow, split and realised performance (docs/monitoring.md), for every backend that has them.</summary>
    public abstract partial class ModelStoreBehaviour
    {
        private ScoringRunInfo ScoreWith(string source, string target, ModelRef? shadow = null, ModelRef? split = null, double percent = 0, ModelRef? fallback = null, int batch = 10) =>
            Store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn@production"), Source = source, KeyColumns = new[] { "Id" }, Target = TargetName(target), BatchSize = batch,
                LogInputs = true, RunBy = "tester", Shadow = shadow, Split = split, SplitPercent = percent, Fallback = fallback,
            });

        [SkippableFact]
        public void Rows_the_model_cannot_score_are_refused_with_the_reason_and_tried_again_by_the_next_run()
        {
            Skip.If(ChampionsSkipReason != null, ChampionsSkipReason);
            var v = Register();
            Store.SetAlias("churn", "production", v.Version);
            string source = CreateCustomers("customers", 100);
            PoisonAge("customers", 45, poison: true);
            PoisonAge("customers", 46, poison: true);

            var run = Score(source, "scores", batch: 10);
            Assert.Equal(("Succeeded", 98L, 2L, 0L), (run.Status, run.RowsScored!.Value, run.RowsRefused!.Value, run.RowsByFallback!.Value));
            var rows = ReadTarget("scores");
            Assert.Equal(100, rows.Count);
            Assert.All(rows.Where(r => r.Id is 45 or 46), r => Assert.Null(r.Score));
            Assert.Equal(2, RawCount($"SELECT count(*) FROM {TargetName("scores")} WHERE Status = 'Refused' AND Reason LIKE '%Age%'"));
            Assert.Equal(2, RawCount($"SELECT count(*) FROM {LogTable} WHERE Status = 'Refused' AND Score IS NULL"));

            PoisonAge("customers", 45, poison: false);
            PoisonAge("customers", 46, poison: false);
            var rerun = Score(source, "scores", batch: 10);
            Assert.Equal((2L, 0L), (rerun.RowsScored!.Value, rerun.RowsRefused!.Value));
            rows = ReadTarget("scores");
            Assert.Equal(100, rows.Select(r => r.Id).Distinct().Count());
            Assert.Equal(100, rows.Count);
            Assert.Equal(0, RawCount($"SELECT count(*) FROM {TargetName("scores")} WHERE Status <> 'Scored'"));
            Assert.Equal(100, RawCount($"SELECT count(*) FROM {LogTable} WHERE Status = 'Scored'"));
            Assert.Equal(0, Score(source, "scores").RowsScored);
        }

        [SkippableFact]
        public void A_fallback_scores_the_rows_the_primary_cannot_and_each_row_says_who_scored_it()
        {
            Skip.If(ChampionsSkipReason != null, ChampionsSkipReason);
            var primary = Register();
            var fallback = Store.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.ChurnWithoutAge(), RegisteredBy = "tester" });
            Store.SetAlias("churn", "production", primary.Version);
            string source = CreateCustomers("customers", 60);
            PoisonAge("customers", 7, poison: true);

            var run = ScoreWith(source, "scores", fallback: ModelRef.ForVersion("churn", fallback.Version));
            Assert.Equal((59L, 1L, 0L), (run.RowsScored!.Value, run.RowsByFallback!.Value, run.RowsRefused!.Value));
            var row7 = ReadTarget("scores").Single(r => r.Id == 7);
            Assert.Equal(fallback.ModelVersionId, row7.VersionId);
            var expected = ScoringModel.Load(TestModels.ChurnWithoutAge()).CreateScorer();
            var c = TestModels.Customer(7);
            expected.SetText(0, "abc");
            expected.SetNumber(1, c.Tenure!.Value);
            expected.SetText(2, c.Plan);
            TestModels.AssertSameFloat(expected.Predict().Score, row7.Score);
            Assert.Equal(1, RawCount($"SELECT count(*) FROM {LogTable} WHERE Status = 'Fallback' AND ModelVersionId = {fallback.ModelVersionId} AND Reason LIKE '%Age%'"));
            Assert.Equal(0, ScoreWith(source, "scores", fallback: ModelRef.ForVersion("churn", fallback.Version)).RowsByFallback); // nothing left to do
        }

        [SkippableFact]
        public void A_shadow_version_scores_the_same_rows_into_the_log_only_and_the_comparison_matches_the_runtime()
        {
            Skip.If(ChampionsSkipReason != null, ChampionsSkipReason);
            var champion = Register();
            var challenger = Register(bias: 0.25f);
            Store.SetAlias("churn", "production", champion.Version);
            Store.SetAlias("churn", "challenger", challenger.Version);
            string source = CreateCustomers("customers", 80);

            var run = ScoreWith(source, "scores", shadow: ModelRef.ForAlias("churn", "challenger"));
            Assert.All(ReadTarget("scores"), r => Assert.Equal(champion.ModelVersionId, r.VersionId));
            Assert.Equal(80, RawCount($"SELECT count(*) FROM {LogTable} WHERE Role = 'Primary' AND ModelVersionId = {champion.ModelVersionId}"));
            Assert.Equal(80, RawCount($"SELECT count(*) FROM {LogTable} WHERE Role = 'Shadow' AND ModelVersionId = {challenger.ModelVersionId}"));

            var a = ScoringModel.Load(TestModels.Churn()).CreateScorer();
            var b = ScoringModel.Load(TestModels.Churn(0.25f)).CreateScorer();
            var pairs = Enumerable.Range(1, 80).Select(i =>
            {
                var pa = TestModels.Expected(a, TestModels.Customer(i));
                var (labelA, scoreA) = (pa.PredictedLabel, pa.Score);
                var pb = TestModels.Expected(b, TestModels.Customer(i));
                return (labelA, scoreA, pb.PredictedLabel, pb.Score);
            }).ToList();
            var comparison = Store.CompareShadow(run.RunId);
            Assert.Equal((champion.Version, challenger.Version, 80L), (comparison.PrimaryVersion, comparison.ShadowVersion, comparison.Rows));
            // A missing Age gives this model a NaN score (stored as NULL): such rows have no score difference.
            Assert.Equal(pairs.Where(p => !float.IsNaN(p.scoreA)).Average(p => Math.Abs((double)p.Item4 - p.scoreA)), comparison.MeanAbsScoreDifference!.Value, 5);
            Assert.Equal(pairs.Count(p => p.labelA == p.Item3) / 80.0, comparison.LabelAgreement!.Value, 12);
            Assert.Equal(80, comparison.Confusion.Sum(x => x.Rows));
            Assert.True(comparison.ScorePsi > 0);
            Assert.Throws<ArgumentException>(() => Store.CompareShadow(Score(source, "other").RunId));
        }

        [SkippableFact]
        public void A_split_sends_the_same_keys_to_the_challenger_every_time_and_records_the_arm()
        {
            Skip.If(ChampionsSkipReason != null, ChampionsSkipReason);
            var champion = Register();
            var challenger = Register(bias: 0.25f);
            Store.SetAlias("churn", "production", champion.Version);
            Store.SetAlias("churn", "challenger", challenger.Version);
            string source = CreateCustomers("customers", 200);

            ScoreWith(source, "scores_a", split: ModelRef.ForAlias("churn", "challenger"), percent: 30);
            ScoreWith(source, "scores_b", split: ModelRef.ForAlias("churn", "challenger"), percent: 30, batch: 7);
            var first = ReadTarget("scores_a");
            var second = ReadTarget("scores_b");
            Assert.Equal(first.Select(r => (r.Id, r.VersionId)), second.Select(r => (r.Id, r.VersionId)));
            var toChallenger = first.Where(r => r.VersionId == challenger.ModelVersionId).Select(r => r.Id).ToList();
            Assert.InRange(toChallenger.Count, 40, 80); // about 30 % of 200
            string salt = SplitBucket.SaltOf("churn");
            Assert.All(first, r => Assert.Equal(SplitBucket.Of(salt, r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) < 3000, r.VersionId == challenger.ModelVersionId));
            Assert.Equal(toChallenger.Count * 2, RawCount($"SELECT count(*) FROM {LogTable} WHERE Arm = 'B' AND ModelVersionId = {challenger.ModelVersionId}"));
            Assert.Equal(0, ScoreWith(source, "scores_a", split: ModelRef.ForAlias("churn", "challenger"), percent: 30).RowsScored);
        }

        [SkippableFact]
        public void Outcomes_are_append_only_the_latest_wins_and_realised_performance_is_per_version()
        {
            Skip.If(OutcomesSkipReason != null, OutcomesSkipReason);
            var v1 = Register();
            Store.SetAlias("churn", "production", v1.Version);
            string source = CreateCustomers("customers", 40);
            Score(source, "scores");
            var scorer = ScoringModel.Load(TestModels.Churn()).CreateScorer();
            // The actual outcome: churned when the customer is older than 50 — first recorded wrongly for 1..10, then corrected.
            var truth = Enumerable.Range(1, 40).ToDictionary(i => i, i => (TestModels.Customer(i).Age ?? 0) > 50);
            Assert.Equal(10, Store.RecordOutcomes("churn", Enumerable.Range(1, 10).Select(i => new OutcomeRecord(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (!truth[i]).ToString()))));
            Store.RecordOutcomes("churn", truth.Select(t => new OutcomeRecord(t.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Value ? "true" : "false")));

            var performance = Assert.Single(Store.Performance("churn"));
            Assert.Equal((v1.Version, 40L), (performance.Version, performance.Rows));
            var predictions = Enumerable.Range(1, 40).Select(i => (Prediction: Snapshot(TestModels.Expected(scorer, TestModels.Customer(i))), Actual: truth[i])).ToList();
            Assert.Equal(predictions.Count(p => (p.Prediction.Label == "True") == p.Actual) / 40.0, performance.Accuracy!.Value, 12);
            var withProbability = predictions.Where(p => !double.IsNaN(p.Prediction.Probability)).ToList(); // NaN probability: stored as NULL, not counted
            Assert.Equal(withProbability.Average(p => -Math.Log(p.Actual ? p.Prediction.Probability : 1 - p.Prediction.Probability, 2)), performance.LogLoss!.Value, 5);
            Assert.Equal(withProbability.Count, performance.Calibration.Sum(b => b.Rows));
            Assert.Equal(10, performance.Calibration.Count);
            Assert.Throws<ArgumentException>(() => Store.RecordOutcomes("churn", new[] { new OutcomeRecord("1", " ") }));
            Assert.ThrowsAny<Exception>(() => RawSql($"DELETE FROM {OutcomeTable}"));
            Assert.Single(Store.Performance("churn", "day"));
        }

        private static (string? Label, double Probability) Snapshot(Prediction p) => (p.PredictedLabel, p.Probability);
    }
}
