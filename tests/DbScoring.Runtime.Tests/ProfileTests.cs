using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Monitoring;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    public class ProfileTests
    {
        /// <summary>The training profile of <paramref name="rows"/> for a test model, built as the converter builds it.</summary>
        internal static TrainingProfile Profile(ScoringModel model, IEnumerable<TestModels.Row> rows, string source = "file:rows.csv")
        {
            var builder = new TrainingProfileBuilder(model);
            foreach (var row in rows)
            {
                builder.SetNumber(TestModels.Age, row.Age);
                builder.SetText(TestModels.Plan, row.Plan);
                builder.SetNumber(TestModels.Tenure, row.Tenure);
                builder.SetText(TestModels.City, row.City);
                builder.SetNumber(TestModels.IsVip, row.IsVip);
                builder.SetText(TestModels.Income, row.Income);
                builder.AddRow();
            }
            return builder.Build(source);
        }

        internal static byte[] ProfiledBlob(ModelDefinition definition, IEnumerable<TestModels.Row> rows)
        {
            var model = ScoringModel.Load(ModelSerializer.Write(definition));
            return ModelSerializer.Write(definition.WithProfile(Profile(model, rows)));
        }

        [Fact]
        public void Numbers_one_to_a_hundred_fall_into_ten_bins_of_ten_with_edges_at_the_deciles()
        {
            var values = Enumerable.Range(1, 100).Select(i => (double)i).Concat(new[] { double.NaN, double.NaN }).ToArray();
            var d = DistributionBuilder.Numeric("x", values, values.Length);
            Assert.Equal(new double[] { 10, 20, 30, 40, 50, 60, 70, 80, 90 }, d.Edges);
            Assert.Equal(Enumerable.Repeat(10L, 10), d.Counts);
            Assert.Equal(2, d.Missing);
            Assert.Equal(102, d.Rows);
            Assert.Equal(1, d.Min);
            Assert.Equal(100, d.Max);
        }

        [Fact]
        public void Repeated_values_merge_equal_edges_and_ties_go_to_the_lower_bin()
        {
            // 0 ×5, 1 ×3, 2 ×2: deciles by nearest rank (⌈k·10/10⌉−1) are 0 0 0 0 0 1 1 1 2 → edges 0, 1, 2.
            var values = new double[] { 2, 1, 0, 0, 1, 0, 2, 0, 1, 0 };
            var d = DistributionBuilder.Numeric("x", values, values.Length);
            Assert.Equal(new double[] { 0, 1, 2 }, d.Edges);
            Assert.Equal(new long[] { 5, 3, 2, 0 }, d.Counts); // the last bin (> 2) is empty: values above the profile land there
            Assert.Equal(0, d.BucketOfNumber(-7));
            Assert.Equal(3, d.BucketOfNumber(2.5));
            Assert.Equal(4, d.BucketOfNumber(double.NaN)); // missing bucket
            Assert.Equal("(0, 1]", d.BucketLabel(1));
        }

        [Fact]
        public void Negative_zero_and_row_order_do_not_change_the_distribution()
        {
            var a = DistributionBuilder.Numeric("x", new[] { -0.0, 3, 1, 2 }, 4);
            var b = DistributionBuilder.Numeric("x", new[] { 2, 1, 3, 0.0 }, 4);
            Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(a.Min));
            Assert.Equal(a.Edges, b.Edges);
            Assert.Equal(a.Counts, b.Counts);
        }

        [Fact]
        public void Categories_are_listed_most_frequent_first_with_ties_by_text_and_empty_text_is_missing()
        {
            var values = new[] { "b", "a", "c", "a", "b", "", null, "c", "a" };
            var d = DistributionBuilder.Categorical("plan", values, values.Length);
            Assert.Equal(new[] { "a", "b", "c" }, d.Categories);
            Assert.Equal(new long[] { 3, 2, 2 }, d.Counts);
            Assert.Equal(2, d.Missing);
            Assert.Equal(0, d.Other);
            Assert.Equal(1, d.BucketOfText("b", knownOutsideList: false));
            Assert.Equal(4, d.BucketOfText("z", knownOutsideList: true));  // unseen: the profile listed every value it saw
            Assert.Equal(4, d.BucketOfText("z", knownOutsideList: false));
            Assert.Equal(5, d.BucketOfText("", knownOutsideList: false));  // missing
        }

        [Fact]
        public void Only_the_hundred_most_frequent_categories_are_listed_the_rest_is_other()
        {
            var values = new List<string?>();
            for (int c = 0; c < 150; c++)
                for (int r = 0; r <= c % 7; r++) values.Add("c" + c.ToString("000"));
            var d = DistributionBuilder.Categorical("x", values, values.Count);
            Assert.Equal(DistributionBuilder.MaxCategories, d.Categories.Count);
            Assert.Equal(values.Count, d.Counts.Sum() + d.Other);
            Assert.True(d.Other > 0);
            Assert.Equal("c006", d.Categories[0]); // 7 occurrences, the smallest name among them
            Assert.True(d.Counts.Zip(d.Counts.Skip(1), (x, y) => x >= y).All(ok => ok));
            string tail = Enumerable.Range(0, 150).Select(c => "c" + c.ToString("000")).First(c => !d.Categories.Contains(c));
            Assert.Equal(d.Categories.Count, d.BucketOfText(tail, knownOutsideList: true));       // other: one of the unlisted values
            Assert.Equal(d.Categories.Count + 1, d.BucketOfText("new", knownOutsideList: false)); // unseen
        }

        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void A_profile_survives_the_round_trip_and_writing_what_was_read_gives_the_same_bytes(string name)
        {
            byte[] blob = ProfiledBlob(TestModels.ByName(name), TestModels.Rows(700));
            var model = ScoringModel.Load(blob);
            var profile = Assert.IsType<TrainingProfile>(model.Profile);
            Assert.Equal(700, profile.Rows);
            Assert.Equal("file:rows.csv", profile.Source);
            Assert.Equal(model.Inputs.Select(i => i.Name), profile.Inputs.Select(d => d.Name));
            Assert.All(profile.Inputs.Concat(profile.Outputs), d => Assert.Equal(700, d.Rows));
            Assert.NotNull(profile.Output(TrainingProfile.ScoreOutput));
            Assert.Equal(model.Kind != PredictionKind.Regression, profile.Output(TrainingProfile.LabelOutput) != null);
            Assert.Equal(blob, ModelSerializer.Write(model.Definition));
            Assert.Contains(BlobSurgery.Sections(blob), s => s.Id == (ushort)SectionId.TrainingStatistics && s.Flags == 0);
        }

        [Fact]
        public void The_profile_describes_missing_values_categories_and_the_score_of_the_rows()
        {
            var rows = TestModels.Rows(1000);
            var model = ScoringModel.Load(ProfiledBlob(TestModels.BinaryLinear(), rows));
            var profile = model.Profile!;
            var plan = profile.Inputs[TestModels.Plan];
            Assert.Equal(DistributionKind.Categorical, plan.Kind);
            Assert.Equal(rows.Count(r => r.Plan == null), plan.Missing);
            Assert.Equal(rows.Count(r => r.Plan == "enterprise"), plan.Counts[plan.Categories.ToList().IndexOf("enterprise")]);
            var city = profile.Inputs[TestModels.City];
            Assert.Equal(rows.Count(r => string.IsNullOrEmpty(r.City)), city.Missing);
            var income = profile.Inputs[TestModels.Income];
            Assert.Equal(DistributionBuilder.MaxCategories, income.Categories.Count); // every income text is distinct
            Assert.Equal(rows.Count - income.Missing - income.Counts.Sum(), income.Other);
            var age = profile.Inputs[TestModels.Age];
            Assert.Equal(rows.Count(r => double.IsNaN(r.Age)), age.Missing);
            Assert.Equal(rows.Where(r => !double.IsNaN(r.Age)).Min(r => r.Age), age.Min);

            var scores = TestModels.ScoreAll(model, rows).Select(s => (double)s.Score).ToArray();
            var expected = DistributionBuilder.Numeric("Score", scores, scores.Length);
            var score = profile.Output(TrainingProfile.ScoreOutput)!;
            Assert.Equal(expected.Edges, score.Edges);
            Assert.Equal(expected.Counts, score.Counts);
            Assert.Equal(9, score.Edges.Count);
            Assert.NotNull(profile.Output(TrainingProfile.ProbabilityOutput));
        }

        [Fact]
        public void The_same_rows_in_another_order_give_the_same_bytes()
        {
            var rows = TestModels.Rows(400);
            var reversed = Enumerable.Reverse(rows).ToList();
            Assert.Equal(ProfiledBlob(TestModels.BinaryTree(), rows), ProfiledBlob(TestModels.BinaryTree(), reversed));
        }

        [Fact]
        public void A_blob_without_a_profile_loads_and_has_none()
        {
            var model = ScoringModel.Load(ModelSerializer.Write(TestModels.BinaryLinear()));
            Assert.Null(model.Profile);
        }

        [Fact]
        public void A_format_1_0_blob_still_loads()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
            blob[10] = 0; // minor version 0, as written before the profile existed
            blob[11] = 0;
            var model = ScoringModel.Load(BlobSurgery.Rehash(blob));
            Assert.Null(model.Profile);
        }

        [Fact]
        public void The_profile_alone_is_the_blob_section_and_reads_back_without_the_model()
        {
            byte[] blob = ProfiledBlob(TestModels.MulticlassLinear(), TestModels.Rows(300));
            var profile = ScoringModel.Load(blob).Profile!;
            byte[] alone = profile.ToBytes();
            var section = BlobSurgery.Find(blob, SectionId.TrainingStatistics);
            Assert.Equal(blob.Skip(section.PayloadOffset).Take(section.Length).ToArray(), alone);

            var read = TrainingProfile.FromBytes(alone);
            Assert.Equal(profile.Source, read.Source);
            Assert.Equal(profile.Rows, read.Rows);
            Assert.Equal(profile.Inputs.Select(d => d.Name), read.Inputs.Select(d => d.Name));
            Assert.Equal(profile.Outputs.Select(d => d.Name), read.Outputs.Select(d => d.Name));
            Assert.Equal(alone, read.ToBytes());
        }

        [Fact]
        public void Profile_bytes_that_are_cut_short_or_do_not_add_up_are_refused_with_the_reason()
        {
            byte[] alone = ScoringModel.Load(ProfiledBlob(TestModels.BinaryLinear(), TestModels.Rows(50))).Profile!.ToBytes();
            var cut = Assert.Throws<ModelFormatException>(() => TrainingProfile.FromBytes(alone.Take(alone.Length - 3).ToArray()));
            Assert.Contains("training profile", cut.Message);
            int rowsAt = 4 + BitConverter.ToInt32(alone, 0); // after the source text
            alone[rowsAt] = 51;
            var e = Assert.Throws<ModelFormatException>(() => TrainingProfile.FromBytes(alone));
            Assert.Contains("do not add up", e.Message);
        }

        [Fact]
        public void A_profile_whose_counts_do_not_add_up_is_refused()
        {
            byte[] blob = ProfiledBlob(TestModels.BinaryLinear(), TestModels.Rows(50));
            var section = BlobSurgery.Find(blob, SectionId.TrainingStatistics);
            int rowsAt = section.PayloadOffset + 4 + BitConverter.ToInt32(blob, section.PayloadOffset); // after the source text
            Assert.Equal(50, BitConverter.ToInt64(blob, rowsAt));
            blob[rowsAt] = 51;
            var e = Assert.Throws<ModelFormatException>(() => ScoringModel.Load(BlobSurgery.Rehash(blob)));
            Assert.Contains("do not add up", e.Message);
            Assert.Contains("TrainingStatistics", e.Message);
        }

        [Fact]
        public void A_profile_of_other_inputs_is_refused()
        {
            var model = ScoringModel.Load(ModelSerializer.Write(TestModels.BinaryLinear()));
            var good = Profile(model, TestModels.Rows(20));
            var renamed = new List<Distribution>(good.Inputs);
            var age = good.Inputs[0];
            renamed[0] = Distribution.Numeric("Years", age.Missing, age.Min, age.Max, age.Edges.ToArray(), age.Counts.ToArray());
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear().WithProfile(new TrainingProfile(good.Source, good.Rows, renamed, good.Outputs)));
            var e = Assert.Throws<ModelFormatException>(() => ScoringModel.Load(blob));
            Assert.Contains("'Years'", e.Message);
        }
    }
}
