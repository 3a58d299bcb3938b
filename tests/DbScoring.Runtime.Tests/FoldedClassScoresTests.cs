using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// A folded multiclass linear model scores all its classes in one pass (<see cref="FoldedClassScores"/>): 8-wide SIMD
    /// lanes on .NET 10, the scalar loop on .NET Framework. Every class score must equal, bit for bit, the class scored
    /// on its own and the model run the long way (every transform, then the model's own predictor).
    /// </summary>
    public sealed class FoldedClassScoresTests
    {
        private static readonly string[] Colors = { "red", "green", "blue", "cyan" };
        private static readonly string[] Sizes = { "S", "M", "L" };

        // Inputs A (number), Color (text), B (number), Size (text); features Concatenate(A, one-hot color, B, one-hot size),
        // optionally normalized with zero offsets (ML.NET's NormalizeMinMax with fixZero).
        private const int CA = 0, CColor = 1, CB = 2, CSize = 3, CColorKey = 4, CColorVec = 5, CSizeKey = 6, CSizeVec = 7, CFeatures = 8, CNormalized = 9;
        private const int Features = 1 + 4 + 1 + 3;

        [Theory]
        [InlineData(2, false)]
        [InlineData(6, true)]
        [InlineData(8, true)]
        [InlineData(9, false)]
        [InlineData(17, true)]
        public void Every_class_scores_bit_for_bit_like_the_unfolded_model(int classes, bool normalized)
        {
            var random = new Random(classes * 31 + (normalized ? 1 : 0));
            var definition = Model(random, classes, normalized);
            var model = ScoringModel.Load(ModelSerializer.Write(definition));
            var predictor = Assert.IsType<MulticlassLinearPredictor>(model.Plan.Predictor);
            Assert.True(predictor.CombinesClasses, "the folded classes are scored one by one");
            var scorer = model.CreateScorer();

            foreach (var row in Rows(random, 3000))
            {
                Set(scorer, row);
                var planned = new TestModels.Snapshot(scorer.Predict());
                Assert.Equal(Unfolded(model.Definition, row), planned);
            }
        }

        [Theory]
        [InlineData(3, false)]
        [InlineData(6, true)]
        [InlineData(11, true)]
        public void The_scalar_and_the_vector_loops_give_the_classes_own_scores(int classes, bool normalized)
        {
            var random = new Random(classes * 7 + (normalized ? 1 : 0));
            var model = ScoringModel.Load(ModelSerializer.Write(Model(random, classes, normalized)));
            var folded = ((MulticlassLinearPredictor)model.Plan.Predictor).FoldedClasses!;
            var scalar = new FoldedClassScores(folded, vectorized: false);
            var vector = new FoldedClassScores(folded, vectorized: true);
            var frame = new Frame(model.Definition.Columns);
            var workspace = new Workspace(0, frame);
            float[] fromScalar = new float[classes], fromVector = new float[classes];

            foreach (var row in Rows(random, 3000))
            {
                Fill(frame, row);
                model.Plan.RunTransforms(frame);
                scalar.Score(frame, fromScalar);
                vector.Score(frame, fromVector);
                for (int k = 0; k < classes; k++)
                {
                    int own = Bits(folded[k].Score(frame.Floats, 0, workspace));
                    Assert.Equal(own, Bits(fromScalar[k]));
                    Assert.Equal(own, Bits(fromVector[k]));
                }
            }
        }

        [Fact]
        public void Segments_outside_the_weights_are_refused_before_any_row_is_scored()
        {
            // The .NET 10 lanes load weight rows without bounds checks, so the tables are checked once, here.
            var linear = new LinearScoreFunction(new float[3], 0f);
            var segments = new[] { new FoldedLinearScoreFunction.Segment { IsKey = true, Length = 1, KeyCount = 4, FirstFeature = 0 } };
            var classes = new[] { new FoldedLinearScoreFunction(linear, null, segments), new FoldedLinearScoreFunction(linear, null, segments) };
            var error = Assert.Throws<ArgumentException>(() => new FoldedClassScores(classes));
            Assert.Contains("features 0..4 of 3", error.Message);
        }

        private static int Bits(float value) => BitConverter.ToInt32(BitConverter.GetBytes(value), 0);

        private sealed class Row
        {
            public double A, B;
            public string? Color, Size;
        }

        /// <summary>Random rows with missing and infinite numbers, missing and unseen categories.</summary>
        private static IEnumerable<Row> Rows(Random random, int count)
        {
            double Number()
            {
                switch (random.Next(12))
                {
                    case 0: return double.NaN;
                    case 1: return random.Next(2) == 0 ? double.PositiveInfinity : double.NegativeInfinity;
                    case 2: return 0;
                    default: return (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-3, 6));
                }
            }
            string? Category(string[] values) => random.Next(8) == 0 ? null : random.Next(8) == 0 ? "unseen" : values[random.Next(values.Length)];
            for (int i = 0; i < count; i++) yield return new Row { A = Number(), Color = Category(Colors), B = Number(), Size = Category(Sizes) };
        }

        private static void Set(Scorer scorer, Row row)
        {
            scorer.SetNumber(0, row.A);
            scorer.SetText(1, row.Color);
            scorer.SetNumber(2, row.B);
            scorer.SetText(3, row.Size);
        }

        private static void Fill(Frame frame, Row row)
        {
            frame.Floats[frame.Offsets[CA]] = (float)row.A;
            frame.Texts[frame.Offsets[CColor]] = row.Color;
            frame.Floats[frame.Offsets[CB]] = (float)row.B;
            frame.Texts[frame.Offsets[CSize]] = row.Size;
        }

        /// <summary>The model run the long way: every transform, then the model's own (unfolded) predictor.</summary>
        private static TestModels.Snapshot Unfolded(ModelDefinition definition, Row row)
        {
            var frame = new Frame(definition.Columns);
            Fill(frame, row);
            foreach (var transform in definition.Transforms) transform.Apply(frame);
            var predictor = definition.Predictor;
            var prediction = new Prediction(predictor.ClassCount);
            predictor.Predict(frame.Floats, frame.Offsets[predictor.FeatureColumn], prediction, definition.ClassLabels, new Workspace(0, frame));
            return new TestModels.Snapshot(prediction);
        }

        private static ModelDefinition Model(Random random, int classes, bool normalized)
        {
            var inputs = new List<InputColumn>
            {
                new InputColumn("A", InputKind.Number, CA, 0),
                new InputColumn("Color", InputKind.Text, CColor, 0),
                new InputColumn("B", InputKind.Number, CB, 0),
                new InputColumn("Size", InputKind.Text, CSize, 0),
            };
            var columns = new List<ColumnDefinition>
            {
                new ColumnDefinition("A", ColumnKind.Float, 1),
                new ColumnDefinition("Color", ColumnKind.Text, 1),
                new ColumnDefinition("B", ColumnKind.Float, 1),
                new ColumnDefinition("Size", ColumnKind.Text, 1),
                new ColumnDefinition("ColorKey", ColumnKind.Key, 1, Colors.Length),
                new ColumnDefinition("ColorVec", ColumnKind.Float, Colors.Length),
                new ColumnDefinition("SizeKey", ColumnKind.Key, 1, Sizes.Length),
                new ColumnDefinition("SizeVec", ColumnKind.Float, Sizes.Length),
                new ColumnDefinition("Features", ColumnKind.Float, Features),
                new ColumnDefinition("Normalized", ColumnKind.Float, Features),
            };
            var transforms = new List<Transform>
            {
                new ValueToKeyTransform(CColor, CColorKey, Colors),
                new KeyToVectorTransform(CColorKey, CColorVec, bag: false),
                new ValueToKeyTransform(CSize, CSizeKey, Sizes),
                new KeyToVectorTransform(CSizeKey, CSizeVec, bag: false),
                new ConcatenateTransform(new[] { CA, CColorVec, CB, CSizeVec }, CFeatures),
            };
            if (normalized)
            {
                // Scales as NormalizeMinMax writes them, a zero scale (a slot constant in training) among them.
                var scale = Enumerable.Range(0, Features).Select(f => f == 3 ? 0f : (float)(random.NextDouble() * 2)).ToArray();
                transforms.Add(new AffineNormalizeTransform(CFeatures, CNormalized, scale, new float[Features]));
            }
            float Weight() => random.Next(6) == 0 ? 0f : (float)((random.NextDouble() - 0.5) * 4);
            var linear = Enumerable.Range(0, classes)
                .Select(_ => new LinearScoreFunction(Enumerable.Range(0, Features).Select(__ => Weight()).ToArray(), (float)(random.NextDouble() - 0.5)))
                .ToArray();
            var predictor = new MulticlassLinearPredictor(normalized ? CNormalized : CFeatures, linear, softmax: true);
            var labels = Enumerable.Range(0, classes).Select(k => "class" + k).ToArray();
            return new ModelDefinition(inputs, columns, transforms, predictor, labels, new Dictionary<string, string> { ["name"] = "multiclass-" + classes });
        }
    }
}
