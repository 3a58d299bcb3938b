using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>The batch path, as selected and through the block kernel (.NET 10): every bit must match the one-row path.</summary>
    public sealed class BlockKernelTests
    {
#if NET
        [Fact]
        public void The_block_kernel_gives_each_row_the_one_row_kernels_sum_on_random_forests()
        {
            Assert.True(QuickScorerForest.BlockKernelAvailable, "this machine has no 256-bit SIMD, so the block kernel is not exercised");
            var random = new Random(4242);
            const int features = 10, stride = 13, offset = 2;
            for (int ensemble = 0; ensemble < 40; ensemble++)
            {
                var trees = Enumerable.Range(0, 1 + random.Next(40)).Select(_ => TreeEvaluatorTests.RandomTree(random, features, 1 + random.Next(64))).ToList();
                var forest = QuickScorerForest.TryCreate(trees)!;
                var values = new float[RowBlock.Rows * stride];
                var blockMasks = new ulong[trees.Count * RowBlock.Rows];
                var rowMasks = new ulong[trees.Count];
                var sums = new double[RowBlock.Rows];
                for (int block = 0; block < 100; block++)
                {
                    for (int i = 0; i < values.Length; i++) values[i] = RandomValue(random);
                    forest.SumBlock(values, stride, offset, null, 0, false, blockMasks, sums);
                    for (int r = 0; r < RowBlock.Rows; r++)
                        Assert.Equal(BitConverter.DoubleToInt64Bits(forest.Sum(values, r * stride + offset, null, rowMasks)), BitConverter.DoubleToInt64Bits(sums[r]));
                    forest.SumBlock(values, stride, offset, null, 0, true, blockMasks, sums);
                    for (int r = 0; r < RowBlock.Rows; r++)
                        Assert.Equal(BitsOf(forest.SumFloat(values, r * stride + offset, null, rowMasks)), BitsOf((float)sums[r]));
                }
            }
        }
#endif

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        [InlineData(8)]
        [InlineData(9)]
        [InlineData(16)]
        [InlineData(401)]
        public void Batches_of_folded_forests_score_bit_for_bit_like_one_row_at_a_time(int rowCount)
        {
            var random = new Random(rowCount);
            var binary = TestModels.Build(new BinaryPredictor(17, RandomForest(random, 30), new PlattCalibrator(-0.7, 0.1), 0f, false),
                new[] { "False", "True" }, "binary-forest");
            var regression = TestModels.Build(new RegressionPredictor(17, RandomForest(random, 9, average: true), RegressionLink.Identity),
                new string[0], "regression-forest");
            var ova = TestModels.Build(new OneVersusAllPredictor(17, new[] { RandomForest(random, 7), RandomForest(random, 11), RandomForest(random, 5) },
                new Calibrator?[3], OneVersusAllMode.Softmax), new[] { "a", "b", "c" }, "ova-forest");
            var xgboost = TestModels.Build(new RegressionPredictor(17, RandomForest(random, 13, floatSum: true), RegressionLink.Identity),
                new string[0], "float-sum-forest");
            foreach (var definition in new[] { binary, regression, ova, xgboost })
                foreach (bool blocks in new[] { false, true })
                    AssertBatchMatchesRows(ScoringModel.Load(ModelSerializer.Write(definition)), TestModels.Rows(rowCount, seed: 3 + rowCount), blocks);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(8)]
        [InlineData(9)]
        [InlineData(300)]
        public void Batches_staged_straight_from_the_columns_score_bit_for_bit_like_one_row_at_a_time(int rowCount)
        {
            // Inputs, one-hot categories and their concatenation only: the folded plan runs no transform but the key look-ups,
            // so PredictBatch stages the rows column by column (BlockStaging) instead of through the frame.
            var random = new Random(100 + rowCount);
            int features = TestModels.OneHotOnlyFeatureCount;
            var binary = TestModels.OneHotOnly(new BinaryPredictor(10, RandomForest(random, 25, features), new PlattCalibrator(-0.7, 0.1), 0f, false),
                new[] { "False", "True" }, "binary-forest");
            var regression = TestModels.OneHotOnly(new RegressionPredictor(10, RandomForest(random, 9, features, average: true), RegressionLink.Identity),
                new string[0], "regression-forest");
            var ova = TestModels.OneHotOnly(new OneVersusAllPredictor(10, new[] { RandomForest(random, 7, features), RandomForest(random, 11, features), RandomForest(random, 5, features) },
                new Calibrator?[3], OneVersusAllMode.Softmax), new[] { "a", "b", "c" }, "ova-forest");
            var xgboost = TestModels.OneHotOnly(new RegressionPredictor(10, RandomForest(random, 13, features, floatSum: true), RegressionLink.Identity),
                new string[0], "float-sum-forest");
            foreach (var definition in new[] { binary, regression, ova, xgboost })
            {
                var model = ScoringModel.Load(ModelSerializer.Write(definition));
                Assert.Empty(model.Plan.Transforms); // the forests fold: nothing but the look-ups runs, so blocks are staged from the columns
                var rows = TestModels.Rows(rowCount, seed: 5 + rowCount);
                for (int r = 0; r < rows.Count; r += 4) rows[r].IsVip = r % 8 == 0 ? 2.5 : -1; // Boolean inputs: any non-zero is true
                foreach (bool blocks in new[] { false, true })
                    AssertBatchMatchesRows(model, rows, blocks);
            }
        }

        [Fact]
        public void A_scorer_that_scored_blocks_goes_on_scoring_single_rows_and_batches_exactly()
        {
            var random = new Random(77);
            var model = ScoringModel.Load(ModelSerializer.Write(TestModels.Build(
                new BinaryPredictor(17, RandomForest(random, 20), null, 0f, false), new[] { "False", "True" }, "binary-forest")));
            var rows = TestModels.Rows(50, seed: 9);
            var scorer = model.CreateScorer();
            scorer.ScoreBatchesInBlocks();
            var expected = TestModels.ScoreAll(model, rows);
            for (int pass = 0; pass < 3; pass++)
            {
                var scores = Batch(scorer, rows, out _, out _, out _);
                for (int r = 0; r < rows.Count; r++) Assert.Equal(expected[r].Score, scores[r]);
                TestModels.Set(scorer, rows[pass]);
                Assert.Equal(expected[pass], new TestModels.Snapshot(scorer.Predict()));
            }
        }

        /// <summary>The batch path as selected, or (<paramref name="blocks"/>) through the block kernel where it runs (.NET 10).</summary>
        private static void AssertBatchMatchesRows(ScoringModel model, List<TestModels.Row> rows, bool blocks)
        {
            var expected = TestModels.ScoreAll(model, rows);
            var scorer = model.CreateScorer();
            if (blocks) scorer.ScoreBatchesInBlocks();
            var scores = Batch(scorer, rows, out var probabilities, out var predicted, out var classScores);
            int classes = model.ClassLabels.Count;
            for (int r = 0; r < rows.Count; r++)
            {
                Assert.Equal(BitsOf(expected[r].Score), BitsOf(scores[r]));
                Assert.Equal(BitsOf(expected[r].Probability), BitsOf(probabilities[r]));
                Assert.Equal(expected[r].PredictedClass, predicted[r]);
                if (model.Kind == PredictionKind.MulticlassClassification)
                    Assert.Equal(expected[r].ClassScores, classScores.Skip(r * classes).Take(classes).ToArray());
            }
        }

        private static float[] Batch(Scorer scorer, List<TestModels.Row> rows, out float[] probabilities, out int[] predicted, out float[] classScores)
        {
            var model = scorer.Model;
            int n = rows.Count, classes = Math.Max(1, model.ClassLabels.Count);
            var numbers = new double[]?[model.Inputs.Count];
            var texts = new string?[]?[model.Inputs.Count];
            numbers[TestModels.Age] = rows.Select(r => r.Age).ToArray();
            numbers[TestModels.Tenure] = rows.Select(r => r.Tenure).ToArray();
            numbers[TestModels.IsVip] = rows.Select(r => r.IsVip).ToArray();
            texts[TestModels.Plan] = rows.Select(r => r.Plan).ToArray();
            texts[TestModels.City] = rows.Select(r => r.City).ToArray();
            texts[TestModels.Income] = rows.Select(r => r.Income).ToArray();
            var scores = new float[n];
            probabilities = new float[n];
            predicted = new int[n];
            classScores = new float[n * classes];
            scorer.PredictBatch(n, numbers, texts, scores, probabilities, predicted,
                model.Kind == PredictionKind.MulticlassClassification ? classScores : null);
            return scores;
        }

        private static TreeEnsembleScoreFunction RandomForest(Random random, int trees, bool average = false, bool floatSum = false) =>
            RandomForest(random, trees, TestModels.FeatureCount, average, floatSum);

        private static TreeEnsembleScoreFunction RandomForest(Random random, int trees, int features, bool average = false, bool floatSum = false) =>
            new TreeEnsembleScoreFunction(Enumerable.Range(0, trees).Select(_ => TreeEvaluatorTests.RandomTree(random, features, 2 + random.Next(40))).ToArray(),
                average, features, floatSum);

        private static int BitsOf(float value) => BitConverter.ToInt32(BitConverter.GetBytes(value), 0);

        private static float RandomValue(Random random)
        {
            double roll = random.NextDouble();
            return roll < 0.1 ? float.NaN : roll < 0.15 ? 0f : roll < 0.2 ? (random.Next(2) == 0 ? float.PositiveInfinity : float.NegativeInfinity)
                : (float)(random.NextDouble() * 20 - 10);
        }
    }
}
