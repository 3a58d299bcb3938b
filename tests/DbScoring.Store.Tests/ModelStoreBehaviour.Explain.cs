using System.Linq;
using System.Text.Json;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>Reason codes through IModelStore: the same target columns and logged JSON in every store.</summary>
    public abstract partial class ModelStoreBehaviour
    {
        [SkippableFact]
        public void ScoreTable_with_Explain_writes_Reason_columns_and_logs_an_explanation_that_sums_to_the_score()
        {
            SkipUnlessAvailable();
            Register();
            Store.SetAlias("churn", "production", 1, "tester");
            string source = CreateCustomers("explain_customers", 30);
            var run = Store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn@production"), Source = source, KeyColumns = new[] { "Id" }, Target = TargetName("explain_scores"),
                BatchSize = 10, LogInputs = true, Explain = 2, RunBy = "tester",
            });
            Assert.Equal("Succeeded", run.Status);
            Assert.Equal(30, run.RowsScored);

            string target = TargetName("explain_scores");
            // Every row names two reasons; a contribution is NULL only where it is undefined (a missing Age the model does not replace).
            Assert.Equal(0, RawCount($"SELECT COUNT(*) FROM {target} WHERE Reason1 IS NULL OR Reason2 IS NULL"));
            Assert.True(RawCount($"SELECT COUNT(*) FROM {target} WHERE Reason1Contribution IS NOT NULL AND Reason2Contribution IS NOT NULL") > 20);
            Assert.Equal(0, RawCount($"SELECT COUNT(*) FROM {target} WHERE Reason1 NOT IN ('Age', 'Tenure', 'Plan') OR Reason1 = Reason2"));
            Assert.Equal(0, RawCount($"SELECT COUNT(*) FROM {target} WHERE ABS(Reason1Contribution) < ABS(Reason2Contribution)"));

            var logged = Store.PredictionsForKey("7", "churn").Single();
            Assert.NotNull(logged.ExplanationJson);
            using var json = JsonDocument.Parse(logged.ExplanationJson!);
            var contributions = json.RootElement.GetProperty("contributions").EnumerateArray().ToList();
            Assert.Equal(3, contributions.Count); // the log keeps every input; the target the top two
            double sum = json.RootElement.GetProperty("base").GetDouble() + contributions.Sum(c => c.GetProperty("contribution").GetDouble());
            Assert.Equal(json.RootElement.GetProperty("rawScore").GetDouble(), sum, 4);
            Assert.Equal("Linear", json.RootElement.GetProperty("method").GetString());
        }
    }
}
