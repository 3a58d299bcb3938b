using System.Linq;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>The execution plan may fold the feature pipeline into the predictor; it must never change a bit.</summary>
    public sealed class ExecutionPlanTests
    {
        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void The_folded_plan_scores_bit_for_bit_like_running_every_transform(string name)
        {
            var model = ScoringModel.Load(ModelSerializer.Write(TestModels.ByName(name)));
            var rows = TestModels.Rows(500);
            var planned = TestModels.ScoreAll(model, rows);

            for (int r = 0; r < rows.Count; r++)
                Assert.Equal(Unfolded(model, rows[r]), planned[r]);
        }

        [Theory]
        [InlineData(false, 41)]
        [InlineData(true, 41)]
        [InlineData(false, TreeInMask.MaxLeaves)] // narrow: each clear mask, numbers' and keys', carries its tree
        [InlineData(true, TreeInMask.MaxLeaves)]
        public void A_QuickScorer_ensemble_over_numbers_and_one_hot_keys_is_folded_and_scores_bit_for_bit(bool floatSum, int widest)
        {
            var random = new System.Random(99);
            var trees = Enumerable.Range(0, 25).Select(_ => TreeEvaluatorTests.RandomTree(random, TestModels.FeatureCount, 2 + random.Next(widest - 1))).ToArray();
            var definition = TestModels.Build(new BinaryPredictor(17, new TreeEnsembleScoreFunction(trees, false, TestModels.FeatureCount, floatSum),
                new PlattCalibrator(-0.4, 0), 0f, false), new[] { "False", "True" }, "binary-quickscorer");
            var model = ScoringModel.Load(ModelSerializer.Write(definition));
            var rows = TestModels.Rows(2000, seed: 5);
            var planned = TestModels.ScoreAll(model, rows);

            var folded = Assert.IsType<FoldedTreeScoreFunction>(((BinaryPredictor)model.Plan.Predictor).Function).Forest;
            Assert.NotEmpty(folded.Keys.Tests);
            Assert.Equal(widest <= TreeInMask.MaxLeaves, folded.Numbers.TreeInClearMask);
            Assert.Equal(widest <= TreeInMask.MaxLeaves, folded.Keys.TreeInClearMask);
            for (int r = 0; r < rows.Count; r++)
                Assert.Equal(Unfolded(model, rows[r]), planned[r]);
        }

        [Theory]
        [InlineData(OneVersusAllMode.Softmax)]
        [InlineData(OneVersusAllMode.Raw)]
        public void One_versus_all_QuickScorer_ensembles_are_folded_and_score_bit_for_bit(OneVersusAllMode mode)
        {
            var random = new System.Random(17 + (int)mode);
            ScoreFunction Forest() => new TreeEnsembleScoreFunction(
                Enumerable.Range(0, 12).Select(_ => TreeEvaluatorTests.RandomTree(random, TestModels.FeatureCount, 2 + random.Next(30))).ToArray(), false, TestModels.FeatureCount);
            var definition = TestModels.Build(new OneVersusAllPredictor(17, new[] { Forest(), Forest(), Forest() }, new Calibrator?[3], mode),
                new[] { "a", "b", "c" }, "ova-quickscorer");
            var model = ScoringModel.Load(ModelSerializer.Write(definition));
            var rows = TestModels.Rows(2000, seed: 8);
            var planned = TestModels.ScoreAll(model, rows);

            Assert.DoesNotContain(model.Plan.Transforms, t => t is ConcatenateTransform || t is KeyToVectorTransform);
            for (int r = 0; r < rows.Count; r++)
                Assert.Equal(Unfolded(model, rows[r]), planned[r]);
        }

        [Theory]
        [InlineData("binary-linear")]
        [InlineData("poisson-linear")]
        [InlineData("multiclass-linear")]
        public void Linear_models_over_numbers_and_one_hot_keys_are_folded(string name)
        {
            var model = ScoringModel.Load(ModelSerializer.Write(TestModels.ByName(name)));

            Assert.DoesNotContain(model.Plan.Transforms, t => t is ConcatenateTransform || t is KeyToVectorTransform);
        }

        [Fact]
        public void Value_to_key_steps_over_input_texts_run_first_and_together()
        {
            var model = ScoringModel.Load(ModelSerializer.Write(TestModels.ByName("binary-tree")));

            // Plan reads an input text; the copy of its key goes back to text, which no step turns into a key again.
            Assert.Equal(1, model.Plan.KeyLookups!.Count);
            Assert.DoesNotContain(model.Plan.Transforms, t => t is ValueToKeyTransform);
        }

        /// <summary>The model run the long way: every transform, then the model's own predictor.</summary>
        private static TestModels.Snapshot Unfolded(ScoringModel model, TestModels.Row row)
        {
            var definition = model.Definition;
            var frame = new Frame(definition.Columns);
            void Number(int input, double value)
            {
                var field = definition.Inputs[input];
                float stored = field.Kind == InputKind.Boolean ? (double.IsNaN(value) ? float.NaN : value != 0 ? 1f : 0f) : (float)value;
                frame.Floats[frame.Offsets[field.Column] + field.Slot] = stored;
            }
            void Text(int input, string? value)
            {
                var field = definition.Inputs[input];
                frame.Texts[frame.Offsets[field.Column] + field.Slot] = value;
            }
            Number(TestModels.Age, row.Age);
            Text(TestModels.Plan, row.Plan);
            Number(TestModels.Tenure, row.Tenure);
            Text(TestModels.City, row.City);
            Number(TestModels.IsVip, row.IsVip);
            Text(TestModels.Income, row.Income);
            foreach (var transform in definition.Transforms) transform.Apply(frame);
            var predictor = definition.Predictor;
            var prediction = new Prediction(predictor.ClassCount);
            predictor.Predict(frame.Floats, frame.Offsets[predictor.FeatureColumn], prediction, definition.ClassLabels,
                new Workspace(predictor.WorkspaceTreeMasks, frame));
            return new TestModels.Snapshot(prediction);
        }
    }
}
