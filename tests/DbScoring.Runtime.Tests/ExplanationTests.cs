using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    public class ExplanationTests
    {
        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void Base_plus_contributions_equals_the_raw_score_on_every_edge_row(string name)
        {
            var model = ExplanationTestModels.WithCovers(TestModels.ByName(name));
            var scorer = model.CreateScorer();
            var explanation = new Explanation(model);
            int finite = 0;
            foreach (var row in ExplanationTestModels.EdgeRows())
            {
                TestModels.Set(scorer, row);
                scorer.Explain(explanation);
                AssertSumsToRawScore(explanation, name);
                if (!double.IsNaN(explanation.RawScore) && !double.IsInfinity(explanation.RawScore)) finite++;
            }
            Assert.True(finite > 200, $"only {finite} rows had a finite raw score");
        }

        /// <summary>Base + Σ contributions = raw score, within float rounding of the terms (the model sums in float).</summary>
        internal static void AssertSumsToRawScore(Explanation explanation, string what)
        {
            double sum = explanation.Base + explanation.Contributions.Sum();
            if (double.IsNaN(explanation.RawScore) || double.IsInfinity(explanation.RawScore))
            {
                // A raw score that is not finite is explained by a contribution that is not finite either.
                Assert.True(float.IsNaN((float)sum) || float.IsInfinity((float)sum), $"{what}: (in float) raw {explanation.RawScore}, base + contributions {sum}");
                return;
            }
            double tolerance = 1e-6 * Math.Max(1, explanation.Contributions.Sum(Math.Abs) + Math.Abs(explanation.Base));
            Assert.True(Math.Abs(sum - explanation.RawScore) <= tolerance,
                $"{what}: base {explanation.Base} + Σ {explanation.Contributions.Sum()} = {sum}, raw score {explanation.RawScore}");
        }

        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void Explain_returns_the_prediction_Predict_returns_bit_for_bit(string name)
        {
            var model = ExplanationTestModels.WithCovers(TestModels.ByName(name));
            var rows = ExplanationTestModels.EdgeRows();
            var expected = TestModels.ScoreAll(model, rows);
            var scorer = model.CreateScorer();
            var explanation = new Explanation(model);
            var actual = rows.Select(row => { TestModels.Set(scorer, row); return new TestModels.Snapshot(scorer.Explain(explanation)); }).ToList();
            Assert.Equal(expected, actual);
        }

        [Fact]
        public void The_raw_score_is_the_binary_margin_and_the_log_of_a_Poisson_prediction()
        {
            var binary = ExplanationTestModels.WithCovers(TestModels.BinaryTree());
            var poisson = Probe.Load(TestModels.PoissonLinear());
            var row = TestModels.Rows(1)[0];
            var scorer = binary.CreateScorer();
            var explanation = new Explanation(binary);
            TestModels.Set(scorer, row);
            var prediction = scorer.Explain(explanation);
            Assert.Equal(prediction.Score, (float)explanation.RawScore);
            Assert.Contains("before calibration", explanation.Scale);

            scorer = poisson.CreateScorer();
            explanation = new Explanation(poisson);
            TestModels.Set(scorer, row);
            prediction = scorer.Explain(explanation);
            Assert.Equal(prediction.Score, (float)Math.Exp((float)explanation.RawScore));
            Assert.Contains("log", explanation.Scale);
        }

        /// <summary>
        /// A linear model computed by hand: x → ReplaceMissing(2.5) → (x − 1) · 0.5; color → ValueToKey[red, green] →
        /// one-hot; features [xNorm, red, green], weights [2, −1, 3], bias 0.5.
        /// </summary>
        [Theory]
        [InlineData(5.0, "green", 2 * ((5.0 - 1) * 0.5), 3.0)]
        [InlineData(double.NaN, "red", 2 * ((2.5 - 1) * 0.5), -1.0)]
        [InlineData(-3.0, "blue", 2 * ((-3.0 - 1) * 0.5), 0.0)]
        [InlineData(1.0, null, 0.0, 0.0)]
        public void Linear_contributions_are_weight_times_transformed_value_summed_per_input(double x, string? color, double expectedX, double expectedColor)
        {
            var columns = new List<ColumnDefinition>
            {
                new ColumnDefinition("x", ColumnKind.Float, 1), new ColumnDefinition("color", ColumnKind.Text, 1),
                new ColumnDefinition("xFilled", ColumnKind.Float, 1), new ColumnDefinition("xNorm", ColumnKind.Float, 1),
                new ColumnDefinition("colorKey", ColumnKind.Key, 1, 2), new ColumnDefinition("colorVec", ColumnKind.Float, 2),
                new ColumnDefinition("Features", ColumnKind.Float, 3),
            };
            var transforms = new List<Transform>
            {
                new ReplaceMissingTransform(0, 2, new[] { 2.5f }),
                new AffineNormalizeTransform(2, 3, new[] { 0.5f }, new[] { 1f }),
                new ValueToKeyTransform(1, 4, new[] { "red", "green" }),
                new KeyToVectorTransform(4, 5, bag: false),
                new ConcatenateTransform(new[] { 3, 5 }, 6),
            };
            var inputs = new List<InputColumn> { new InputColumn("x", InputKind.Number, 0, 0), new InputColumn("color", InputKind.Text, 1, 0) };
            var predictor = new BinaryPredictor(6, new LinearScoreFunction(new[] { 2f, -1f, 3f }, 0.5f), new PlattCalibrator(-1, 0), 0.5f, true);
            var model = Probe.Load(new ModelDefinition(inputs, columns, transforms, predictor, new[] { "False", "True" }));
            var scorer = model.CreateScorer();
            var explanation = new Explanation(model);
            scorer.SetNumber(0, x);
            scorer.SetText(1, color);
            var prediction = scorer.Explain(explanation);
            Assert.Equal(expectedX, explanation.Contributions[0], 6);
            Assert.Equal(expectedColor, explanation.Contributions[1], 6);
            Assert.Equal(0.5, explanation.Base);
            Assert.Equal(0.5 + expectedX + expectedColor, prediction.Score, 5);
            Assert.Equal(ExplanationMethod.Linear, explanation.Method);
        }

        [Fact]
        public void Reasons_are_ranked_strongest_first_by_absolute_value_with_ties_in_input_order()
        {
            var model = Probe.Load(new ModelDefinition(
                Enumerable.Range(0, 5).Select(i => new InputColumn("f" + i, InputKind.Number, 0, i)).ToList(),
                new List<ColumnDefinition> { new ColumnDefinition("Features", ColumnKind.Float, 5) }, new List<Transform>(),
                new RegressionPredictor(0, new LinearScoreFunction(new[] { 1f, 1f, 1f, 1f, 1f }, 0f), RegressionLink.Identity), new string[0]));
            var scorer = model.CreateScorer();
            var explanation = new Explanation(model);
            double[] values = { 0.5, -2, 0.5, 3, 0 };
            for (int i = 0; i < values.Length; i++) scorer.SetNumber(i, values[i]);
            scorer.Explain(explanation);
            Assert.Equal(new[] { 3, 1, 0, 2, 4 }, explanation.Ranked);
        }

        [Fact]
        public void Multiclass_explains_the_predicted_class_by_default_and_any_class_on_request()
        {
            var model = ExplanationTestModels.WithCovers(TestModels.OneVersusAll());
            var scorer = model.CreateScorer();
            var explanation = new Explanation(model);
            foreach (var row in TestModels.Rows(50, seed: 3))
            {
                TestModels.Set(scorer, row);
                var prediction = scorer.Explain(explanation);
                Assert.Equal(prediction.PredictedClass, explanation.ClassIndex);
                Assert.Equal(prediction.PredictedLabel, explanation.ClassLabel);
                for (int k = 0; k < 3; k++)
                {
                    TestModels.Set(scorer, row);
                    scorer.Explain(explanation, k);
                    Assert.Equal(k, explanation.ClassIndex);
                    Assert.Equal(k == 1 ? ExplanationMethod.TreeShap : ExplanationMethod.Linear, explanation.Method);
                    AssertSumsToRawScore(explanation, "class " + k);
                }
            }
            Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Explain(explanation, 3));
        }

        [Fact]
        public void A_tree_model_without_covers_refuses_to_explain_and_says_how_to_fix_it()
        {
            var model = Probe.Load(TestModels.BinaryTree());
            Assert.Null(model.Definition.Explanations);
            var scorer = model.CreateScorer();
            TestModels.Set(scorer, TestModels.Rows(1)[0]);
            var ex = Assert.Throws<ExplanationUnavailableException>(() => scorer.Explain(new Explanation(model)));
            Assert.Contains("no node covers", ex.Message);
            Assert.Contains("--sample", ex.Message);
            Assert.Equal(ex.Message, model.ExplanationRefusal);
            // Scoring is unaffected, and a linear model needs no covers.
            Assert.False(float.IsNaN(scorer.Predict().Score));
            Assert.Null(Probe.Load(TestModels.BinaryLinear()).ExplanationRefusal);
        }

        [Fact]
        public void A_format_1_0_blob_without_an_Explanations_section_still_loads_and_scores()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryTree());
            BlobSurgery.PutUInt16(blob, 10, 0); // the minor version a 1.0 writer wrote; the sections are the same
            var old = ScoringModel.Load(BlobSurgery.Rehash(blob));
            var current = Probe.Load(TestModels.BinaryTree());
            var rows = TestModels.Rows(100);
            Assert.Equal(TestModels.ScoreAll(current, rows), TestModels.ScoreAll(old, rows));
            Assert.Contains("no node covers", old.ExplanationRefusal);
        }

        [Fact]
        public void Covers_round_trip_through_the_blob_and_a_blob_with_covers_is_format_1_1()
        {
            var model = ExplanationTestModels.WithCovers(TestModels.OneVersusAll());
            var covers = model.Definition.Explanations!;
            Assert.Equal(1, covers.EnsembleCount); // classes 0 and 2 are linear
            Assert.Equal(400, covers.ReferenceRows);
            Assert.Equal("400 test rows", covers.CoverSource);
            double total = covers.LeafCovers(0, 0).Sum();
            Assert.Equal(400, total); // every row reaches exactly one leaf of each tree
            byte[] again = ModelSerializer.Write(model.Definition);
            Assert.Equal(again, ModelSerializer.Write(ScoringModel.Load(again).Definition));
            Assert.InRange(BitConverter.ToUInt16(again, 10), (ushort)1, FormatConstants.MinorVersion); // 1.1 or later
            Assert.Equal((ushort)SectionId.Explanations, BlobSurgery.Sections(again).Last().Id);
            Assert.Equal(0, BlobSurgery.Sections(again).Last().Flags); // optional: a 1.0 reader skips it
        }

        [Fact]
        public void Covers_that_do_not_fit_the_trees_are_refused_as_a_format_error()
        {
            var definition = TestModels.BinaryTree();
            var wrong = new ExplanationData("bad", 1, new[] { (IReadOnlyList<double[]>)new[] { new double[] { 1, 2 }, new double[] { 1, 1, 1 }, new double[] { 1 } } });
            var ex = Assert.Throws<ModelFormatException>(() => ScoringModel.Load(ModelSerializer.Write(definition.WithExplanations(wrong))));
            Assert.Contains("2 leaf covers for tree 0", ex.Message);
            var negative = new ExplanationData("bad", 1, new[] { (IReadOnlyList<double[]>)new[] { new double[] { 1, -2, 3 }, new double[] { 1, 1, 1 }, new double[] { 1 } } });
            ex = Assert.Throws<ModelFormatException>(() => ScoringModel.Load(ModelSerializer.Write(definition.WithExplanations(negative))));
            Assert.Contains("not a finite weight", ex.Message);
        }

        [Fact]
        public void A_truncated_Explanations_section_is_refused_naming_the_section()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryTree());
            byte[] garbage = BlobSurgery.WithExtraSection(blob, (ushort)SectionId.Explanations, required: false, new byte[] { 3, 0, 0, 0, 65, 66 }, minor: 1);
            var ex = Assert.Throws<ModelFormatException>(() => ScoringModel.Load(garbage));
            Assert.Contains("Explanations", ex.Message);
        }

        [Fact]
        public void Four_threads_explain_like_one()
        {
            var model = ExplanationTestModels.WithCovers(TestModels.OneVersusAll());
            var rows = TestModels.Rows(500, seed: 5);
            double[][] ExplainAll()
            {
                var scorer = model.CreateScorer();
                var explanation = new Explanation(model);
                return rows.Select(row => { TestModels.Set(scorer, row); scorer.Explain(explanation); return explanation.Contributions.Append(explanation.Base).ToArray(); }).ToArray();
            }
            var expected = ExplainAll();
            var results = new double[4][][];
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() => results[t] = ExplainAll())).ToArray();
            foreach (var thread in threads) thread.Start();
            foreach (var thread in threads) thread.Join();
            foreach (var result in results) Assert.Equal(expected, result);
        }

#if NET
        [Theory]
        [InlineData("binary-linear")]
        [InlineData("binary-tree")]
        [InlineData("regression-forest")]
        [InlineData("multiclass-linear")]
        [InlineData("ova")]
        public void Explaining_allocates_nothing_once_warmed_up(string name)
        {
            var model = ExplanationTestModels.WithCovers(TestModels.ByName(name));
            var scorer = model.CreateScorer();
            var explanation = new Explanation(model);
            var rows = TestModels.Rows(100);
            void Run(int count)
            {
                for (int i = 0; i < count; i++)
                {
                    TestModels.Set(scorer, rows[i % rows.Count]);
                    scorer.Explain(explanation);
                }
            }
            // Steady state: a window of rows that allocates nothing. A once-only allocation (the runtime installing tier-1
            // code, a table made on first use) can fall in any one window; an allocation per row falls in every window.
            Run(500);
            var allocated = new List<long>();
            for (int window = 0; window < 5 && (allocated.Count == 0 || allocated[^1] != 0); window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                Run(2000);
                allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.True(allocated[^1] == 0, "bytes allocated per window of 2,000 rows: " + string.Join(", ", allocated));
        }
#endif
    }
}
