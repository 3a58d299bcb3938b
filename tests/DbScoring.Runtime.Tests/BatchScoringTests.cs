using System;
using System.Linq;
using DbScoring.Runtime.Format;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    public sealed class BatchScoringTests
    {
        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void Batch_scoring_gives_exactly_the_row_by_row_results(string name)
        {
            var model = ScoringModel.Load(ModelSerializer.Write(TestModels.ByName(name)));
            var rows = TestModels.Rows(300);
            var expected = TestModels.ScoreAll(model, rows);
            int n = rows.Count, classes = model.ClassLabels.Count;
            var numbers = new double[]?[model.Inputs.Count];
            var texts = new string?[]?[model.Inputs.Count];
            numbers[TestModels.Age] = rows.Select(r => r.Age).ToArray();
            numbers[TestModels.Tenure] = rows.Select(r => r.Tenure).ToArray();
            numbers[TestModels.IsVip] = rows.Select(r => r.IsVip).ToArray();
            texts[TestModels.Plan] = rows.Select(r => r.Plan).ToArray();
            texts[TestModels.City] = rows.Select(r => r.City).ToArray();
            texts[TestModels.Income] = rows.Select(r => r.Income).ToArray();
            var scores = new float[n];
            var probabilities = new float[n];
            var predicted = new int[n];
            var classScores = new float[n * Math.Max(classes, 1)];

            model.CreateScorer().PredictBatch(n, numbers, texts, scores, probabilities, predicted, model.Kind == PredictionKind.MulticlassClassification ? classScores : null);

            for (int r = 0; r < n; r++)
            {
                Assert.Equal(expected[r].Score, scores[r]);
                Assert.Equal(expected[r].Probability, probabilities[r]);
                Assert.Equal(expected[r].PredictedClass, predicted[r]);
                if (model.Kind == PredictionKind.MulticlassClassification)
                    Assert.Equal(expected[r].ClassScores, classScores.Skip(r * classes).Take(classes).ToArray());
            }
        }

        [Fact]
        public void A_batch_with_a_missing_input_column_is_refused_naming_the_input()
        {
            var model = ScoringModel.Load(ModelSerializer.Write(TestModels.BinaryLinear()));
            var error = Assert.Throws<ArgumentException>(() =>
                model.CreateScorer().PredictBatch(1, new double[]?[model.Inputs.Count], new string?[]?[model.Inputs.Count], new float[1]));
            Assert.Contains(model.Inputs[0].Name, error.Message);
        }
    }
}
