using System;
using DbScoring.Runtime.Format;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    public class ScorerTests
    {
        private static ScoringModel Model() => Probe.Load(TestModels.BinaryLinear());

        [Fact]
        public void After_Predict_every_input_is_missing_again()
        {
            var scorer = Model().CreateScorer();
            var allMissing = new TestModels.Row { Age = double.NaN, Tenure = double.NaN, IsVip = double.NaN };
            TestModels.Set(scorer, allMissing);
            var expected = new TestModels.Snapshot(scorer.Predict());

            TestModels.Set(scorer, TestModels.Rows(1)[0]);
            var full = new TestModels.Snapshot(scorer.Predict());
            Assert.NotEqual(expected, full);
            Assert.Equal(expected, new TestModels.Snapshot(scorer.Predict())); // nothing set since the last Predict
        }

        [Fact]
        public void SetMissing_marks_numbers_NaN_and_text_null()
        {
            var scorer = Model().CreateScorer();
            TestModels.Set(scorer, new TestModels.Row { Age = double.NaN, Tenure = double.NaN, IsVip = double.NaN });
            var expected = new TestModels.Snapshot(scorer.Predict());
            TestModels.Set(scorer, TestModels.Rows(1)[0]);
            for (int i = 0; i < 6; i++) scorer.SetMissing(i);
            Assert.Equal(expected, new TestModels.Snapshot(scorer.Predict()));
        }

        private static Scorer Identity(InputKind kind) =>
            Probe.Scalar(kind, (s, d) => new Transforms.CopyColumnTransform(s, d));

        [Theory]
        [InlineData("12.5", 12.5f)]
        [InlineData(" -3 ", -3f)]
        [InlineData("1e-2", 0.01f)]
        [InlineData("", float.NaN)]
        [InlineData("?", float.NaN)]
        [InlineData("NA", float.NaN)]
        [InlineData("nan", float.NaN)]
        [InlineData(null, float.NaN)]
        public void SetText_parses_numbers_with_the_invariant_culture(string? text, float expected)
        {
            Assert.Equal(expected, Probe.Score(Identity(InputKind.Number), text));
        }

        [Theory]
        [InlineData("true", 1f)]
        [InlineData("FALSE", 0f)]
        [InlineData(" 1 ", 1f)]
        [InlineData("0", 0f)]
        [InlineData("", float.NaN)]
        [InlineData(null, float.NaN)]
        public void SetText_parses_booleans(string? text, float expected)
        {
            Assert.Equal(expected, Probe.Score(Identity(InputKind.Boolean), text));
        }

        [Fact]
        public void SetNumber_on_a_boolean_input_maps_non_zero_to_one()
        {
            var scorer = Identity(InputKind.Boolean);
            Assert.Equal(1f, Probe.Score(scorer, 5));
            Assert.Equal(1f, Probe.Score(scorer, -0.5));
            Assert.Equal(0f, Probe.Score(scorer, 0));
            Assert.True(float.IsNaN(Probe.Score(scorer, double.NaN)));
        }

        [Fact]
        public void Unparsable_text_throws_a_FormatException_naming_the_input()
        {
            var scorer = Model().CreateScorer();
            Assert.Contains("'Age'", Assert.Throws<FormatException>(() => scorer.SetText(TestModels.Age, "twelve")).Message);
            Assert.Contains("'Age'", Assert.Throws<FormatException>(() => scorer.SetText(TestModels.Age, "1,5")).Message);
            Assert.Contains("'IsVip'", Assert.Throws<FormatException>(() => scorer.SetText(TestModels.IsVip, "yes")).Message);
        }

        [Fact]
        public void A_bad_input_index_throws_ArgumentOutOfRange()
        {
            var scorer = Model().CreateScorer();
            Assert.Equal("input", Assert.Throws<ArgumentOutOfRangeException>(() => scorer.SetNumber(-1, 1)).ParamName);
            Assert.Equal("input", Assert.Throws<ArgumentOutOfRangeException>(() => scorer.SetText(6, "x")).ParamName);
            Assert.Equal("input", Assert.Throws<ArgumentOutOfRangeException>(() => scorer.SetMissing(99)).ParamName);
        }

        [Fact]
        public void A_number_for_a_text_input_is_a_caller_mistake()
        {
            var scorer = Model().CreateScorer();
            Assert.Equal("input", Assert.Throws<ArgumentException>(() => scorer.SetNumber(TestModels.Plan, 1)).ParamName);
        }

        [Fact]
        public void The_model_describes_itself_as_JSON()
        {
            var model = Model();
            string json = model.DescribeJson();
            Assert.StartsWith($"{{\"formatVersion\":\"{FormatConstants.MajorVersion}.{FormatConstants.MinorVersion}\"", json);
            Assert.Contains("\"profile\":null", json);
            Assert.Contains("\"contentSha256\":\"" + model.ContentHashHex + "\"", json);
            Assert.Contains("\"name\":\"Plan\"", json);
            Assert.Contains("\"note\":\"Zürich – ünïcödé\"", json);
        }
    }
}
