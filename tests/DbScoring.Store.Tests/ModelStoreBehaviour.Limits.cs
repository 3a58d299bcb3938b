using System;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>The limits of a score-table request, the same in every backend (SQL Server: ScoreTable's validation, error 50001).</summary>
    public abstract partial class ModelStoreBehaviour
    {
        [SkippableFact]
        public void A_batch_larger_than_the_largest_batch_size_is_refused_naming_the_limit_and_nothing_runs()
        {
            SkipUnlessAvailable();
            Store.SetAlias("churn", "production", Register().Version);
            string source = CreateCustomers("customers", 5);
            var request = new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn@production"), Source = source, KeyColumns = new[] { "Id" }, Target = TargetName("scores"),
                BatchSize = ScoreTableRequest.MaxBatchSize + 1, LogInputs = true, RunBy = "tester",
            };
            var ex = Assert.ThrowsAny<ArgumentException>(() => Store.ScoreTable(request));
            Assert.Contains(ScoreTableRequest.MaxBatchSize.ToString("N0", System.Globalization.CultureInfo.InvariantCulture).Replace(",", "", StringComparison.Ordinal),
                ex.Message.Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Empty(Store.ListRuns("churn", 10));

            Assert.Equal(5L, Score(source, "scores", batch: ScoreTableRequest.MaxBatchSize).RowsScored); // the largest is allowed
        }
    }
}
