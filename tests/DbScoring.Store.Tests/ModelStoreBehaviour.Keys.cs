using System;
using System.Linq;
using DbScoring.Runtime;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>
    /// What a run does with a key that occurs twice among its rows: one rule for every backend (SQL Server: error 50026
    /// before the first batch, nothing scored).
    /// </summary>
    public abstract partial class ModelStoreBehaviour
    {
        /// <summary>A view over the customers table that returns customer <paramref name="id"/> a second time, after the others.</summary>
        private string CustomersWithRepeat(string view, string customers, long id)
        {
            string name = CreateCustomersName(view);
            RawSql($"CREATE VIEW {name} AS SELECT Id, Age, Tenure, [Plan] FROM {customers} UNION ALL SELECT Id, Age, Tenure, [Plan] FROM {customers} WHERE Id = {id}");
            return name;
        }

        // Batches of 100: both rows of key 5 in one batch. Batches of 10: the repeat is three batches after the first.
        [SkippableTheory]
        [InlineData(100)]
        [InlineData(10)]
        public void A_key_twice_among_the_rows_to_score_stops_the_run_naming_it_and_nothing_is_scored(int batch)
        {
            SkipUnlessAvailable();
            var v = Register();
            Store.SetAlias("churn", "production", v.Version);
            string source = CustomersWithRepeat("repeats", CreateCustomers("customers", 30), 5);

            var e = Assert.Throws<ArgumentException>(() => Score(source, "scores", batch: batch)); // bad input on every backend (CLI exit code 2)
            Assert.Contains("not unique", e.Message, StringComparison.Ordinal);
            Assert.Contains("the key 5 occurs 2 times", e.Message, StringComparison.Ordinal);
            Assert.Contains("repeats", e.Message, StringComparison.Ordinal);
            Assert.Contains("Nothing was scored", e.Message, StringComparison.Ordinal);
            Assert.Empty(ReadTarget("scores"));
            Assert.Equal(0, RawCount($"SELECT count(*) FROM {LogTable}"));
            var run = Store.ListRuns("churn", 1)[0];
            Assert.Equal(("Failed", 0L), (run.Status, run.RowsScored!.Value));
        }

        [SkippableFact]
        public void A_repeated_key_whose_target_row_was_refused_stops_the_run_and_the_refused_row_stays_until_a_unique_source_scores_it()
        {
            Skip.If(ChampionsSkipReason != null, ChampionsSkipReason);
            var v = Register();
            Store.SetAlias("churn", "production", v.Version);
            string customers = CreateCustomers("customers", 30);
            PoisonAge("customers", 5, poison: true); // first: on SQL Server it changes Age's type, which a view made before would not see
            string repeats = CustomersWithRepeat("repeats", customers, 5);
            var first = Score(customers, "scores", batch: 10);
            Assert.Equal((29L, 1L), (first.RowsScored!.Value, first.RowsRefused!.Value));
            PoisonAge("customers", 5, poison: false);

            // Both rows of key 5 would replace the refused row: the run stops before either does.
            var e = Assert.Throws<ArgumentException>(() => Score(repeats, "scores", batch: 100));
            Assert.Contains("the key 5 occurs 2 times", e.Message, StringComparison.Ordinal);
            Assert.Equal(30, ReadTarget("scores").Count);
            Assert.Equal(1, RawCount($"SELECT count(*) FROM {TargetName("scores")} WHERE Id = 5 AND Status = 'Refused' AND Score IS NULL"));
            Assert.Equal(30, RawCount($"SELECT count(*) FROM {LogTable}"));

            // The table scores it; afterwards key 5 is no longer to be scored, so the view's repeat of it is not looked at.
            Assert.Equal((1L, 0L), (Score(customers, "scores").RowsScored!.Value, Store.ListRuns("churn", 1)[0].RowsRefused!.Value));
            var again = Score(repeats, "scores", batch: 100);
            Assert.Equal(("Succeeded", 0L), (again.Status, again.RowsScored!.Value));
            Assert.Equal(0, RawCount($"SELECT count(*) FROM {TargetName("scores")} WHERE Status <> 'Scored'"));
            Assert.Equal(30, ReadTarget("scores").Count);
        }
    }
}
