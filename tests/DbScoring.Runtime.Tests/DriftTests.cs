using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Monitoring;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    public class DriftTests
    {
        [Fact]
        public void PSI_of_a_half_half_profile_against_a_quarter_three_quarter_run_is_a_quarter_of_ln_3()
        {
            // (0.25 − 0.5)·ln(0.25/0.5) + (0.75 − 0.5)·ln(0.75/0.5) = 0.25·ln 2 + 0.25·ln 1.5 = 0.25·ln 3
            Assert.Equal(0.27465307216702745, Psi.Compute(new long[] { 50, 50 }, new long[] { 25, 75 }), 12);
        }

        [Fact]
        public void An_empty_bucket_counts_as_a_share_of_one_in_ten_thousand()
        {
            // e = (1, 0.0001), a = (0.9, 0.1): (0.9 − 1)·ln 0.9 + (0.1 − 0.0001)·ln 1000 = 0.0105360516 + 0.6900847524
            Assert.Equal(0.0001, Psi.Epsilon);
            Assert.Equal(0.70062080, Psi.Compute(new long[] { 100, 0 }, new long[] { 90, 10 }), 8);
        }

        [Fact]
        public void Equal_shares_give_zero_and_no_rows_give_NaN()
        {
            Assert.Equal(0.0, Psi.Compute(new long[] { 3, 0, 7 }, new long[] { 30, 0, 70 }));
            Assert.True(double.IsNaN(Psi.Compute(new long[] { 3, 7 }, new long[] { 0, 0 })));
            Assert.Throws<ArgumentException>(() => Psi.Compute(new long[] { 1 }, new long[] { 1, 2 }));
        }

        [Fact]
        public void Thresholds_default_to_a_tenth_and_a_quarter()
        {
            var t = new DriftThresholds();
            Assert.Equal(DriftLevel.None, t.LevelOf(0.0999));
            Assert.Equal(DriftLevel.Warning, t.LevelOf(0.1));
            Assert.Equal(DriftLevel.Alert, t.LevelOf(0.25));
            Assert.Equal(DriftLevel.None, t.LevelOf(double.NaN));
            Assert.Throws<ArgumentOutOfRangeException>(() => new DriftThresholds(0.3, 0.2));
        }

        private static (ScoringModel Model, DriftCounter Counter) Counted(IEnumerable<TestModels.Row> profileRows, IEnumerable<TestModels.Row> runRows)
        {
            var model = ScoringModel.Load(ProfileTests.ProfiledBlob(TestModels.BinaryLinear(), profileRows));
            var counter = new DriftCounter(model);
            var scorer = model.CreateScorer();
            foreach (var row in runRows)
            {
                TestModels.Set(scorer, row);
                counter.SetNumber(TestModels.Age, row.Age);
                counter.SetText(TestModels.Plan, row.Plan);
                counter.SetNumber(TestModels.Tenure, row.Tenure);
                counter.SetText(TestModels.City, row.City);
                counter.SetNumber(TestModels.IsVip, row.IsVip);
                counter.SetText(TestModels.Income, row.Income);
                counter.CountPrediction(scorer.Predict());
            }
            return (model, counter);
        }

        [Fact]
        public void The_profile_rows_themselves_show_no_drift()
        {
            var rows = TestModels.Rows(3000);
            var report = Counted(rows, rows).Counter.Report(new DriftThresholds());
            Assert.All(report.Inputs.Concat(report.Outputs), d => Assert.Equal(0.0, d.Psi, 12));
            Assert.Equal(DriftLevel.None, report.Level);
            Assert.Empty(report.Causes);
            Assert.Equal(3000, report.Rows);
        }

        [Fact]
        public void A_shifted_batch_alerts_on_the_shifted_inputs_only()
        {
            var profileRows = TestModels.Rows(4000, seed: 1);
            var shifted = TestModels.Rows(4000, seed: 2);
            foreach (var row in shifted)
            {
                row.Age += 30;                          // older customers
                if (row.Plan == "basic") row.Plan = "family"; // a plan the model never saw
            }
            var report = Counted(profileRows, shifted).Counter.Report(new DriftThresholds());
            var byName = report.Inputs.ToDictionary(d => d.Name);
            Assert.Equal(DriftLevel.Alert, byName["Age"].Level);
            Assert.Equal(DriftLevel.Alert, byName["Plan"].Level);
            foreach (string unchanged in new[] { "Tenure", "City", "IsVip", "Income" })
                Assert.True(byName[unchanged].Psi < 0.1, $"{unchanged}: PSI {byName[unchanged].Psi}");
            Assert.Equal(DriftLevel.Alert, report.Level);
            Assert.Contains("Age", report.Causes);
            Assert.Contains("Plan", report.Causes);
            Assert.DoesNotContain("Tenure", report.Causes);
            Assert.True(byName["Plan"].UnseenShare > 0.2, $"unseen share {byName["Plan"].UnseenShare}");
            Assert.True(byName["Age"].OutOfRangeShare > 0.2, $"out of range share {byName["Age"].OutOfRangeShare}");
            Assert.Equal(0, byName["Tenure"].OutOfRangeShare);
        }

        [Fact]
        public void A_run_PSI_is_the_PSI_of_its_bucket_counts_against_the_profile_counts()
        {
            var profileRows = TestModels.Rows(1000, seed: 3);
            var runRows = TestModels.Rows(500, seed: 4);
            var (model, counter) = Counted(profileRows, runRows);
            var age = model.Profile!.Inputs[TestModels.Age];
            var expected = age.BucketCounts();
            var actual = new long[age.BucketCount];
            foreach (var row in runRows) actual[age.BucketOfNumber(row.Age)]++;
            double byHand = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                double e = expected[i] == 0 ? 1e-4 : expected[i] / 1000.0, a = actual[i] == 0 ? 1e-4 : actual[i] / 500.0;
                byHand += (a - e) * Math.Log(a / e);
            }
            var report = counter.Report(new DriftThresholds());
            Assert.Equal(byHand, report.Inputs[TestModels.Age].Psi, 12);
            Assert.Equal(actual, counter.Inputs[TestModels.Age].Buckets);
        }

        [Fact]
        public void Counts_of_batches_add_up_to_the_counts_of_the_whole()
        {
            var model = ScoringModel.Load(ProfileTests.ProfiledBlob(TestModels.BinaryLinear(), TestModels.Rows(300)));
            var age = model.Profile!.Inputs[TestModels.Age];
            var whole = new DistributionCounts(age);
            var first = new DistributionCounts(age);
            var second = new DistributionCounts(age);
            var values = TestModels.Rows(100, seed: 9).Select(r => r.Age + 40).ToList();
            for (int i = 0; i < values.Count; i++) { whole.AddNumber(values[i]); (i < 50 ? first : second).AddNumber(values[i]); }
            first.Add(second);
            Assert.Equal(whole.Buckets, first.Buckets);
            Assert.Equal(whole.Above, first.Above);
            Assert.True(whole.Above > 0);
        }

        [Fact]
        public void A_model_without_a_profile_cannot_be_counted_and_says_so()
        {
            var model = ScoringModel.Load(Format.ModelSerializer.Write(TestModels.BinaryLinear()));
            var e = Assert.Throws<ArgumentException>(() => new DriftCounter(model));
            Assert.Contains("no profile", e.Message);
        }
    }
}
