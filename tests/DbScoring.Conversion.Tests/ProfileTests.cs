using System;
using System.IO;
using System.Linq;
using DbScoring.Runtime.Monitoring;
using Microsoft.ML;
using Xunit;

namespace DbScoring.Conversion.Tests
{
    /// <summary>The training profile the converter stores in the blob: from --profile rows, else the --sample rows, else none.</summary>
    public sealed class ProfileTests
    {
        [Fact]
        public void Converting_with_a_sample_stores_the_profile_of_the_sample_rows()
        {
            string zip = TrainedModels.TrainAndSave("onehot-normalize", "binary", "LbfgsLogisticRegression");
            var rows = ChurnData.Generate(600, seed: 5);
            string sample = TrainedModels.WriteSample(rows);

            var result = ModelConverter.Convert(zip, new ConversionOptions { SamplePath = sample });

            var profile = Assert.IsType<TrainingProfile>(result.Model.Profile);
            Assert.Equal(600, profile.Rows);
            Assert.Equal("sample:" + Path.GetFileName(sample), profile.Source);
            var age = profile.Inputs.Single(d => d.Name == "Age");
            Assert.Equal(rows.Count(r => float.IsNaN(r.Age)), age.Missing);
            Assert.Equal(rows.Where(r => !float.IsNaN(r.Age)).Min(r => r.Age), age.Min);
            var plan = profile.Inputs.Single(d => d.Name == "Plan");
            Assert.Equal(rows.Count(r => r.Plan == ""), plan.Missing); // empty text is missing, as in ML.NET
            Assert.Equal(ChurnData.Plans.OrderBy(p => p, StringComparer.Ordinal), plan.Categories.OrderBy(p => p, StringComparer.Ordinal));
            foreach (string p in ChurnData.Plans)
                Assert.Equal(rows.Count(r => r.Plan == p), plan.Counts[plan.Categories.ToList().IndexOf(p)]);
        }

        [Fact]
        public void The_stored_score_distribution_is_the_one_MLNET_gives_on_the_profile_rows()
        {
            string zip = TrainedModels.TrainAndSave("trees-raw", "binary", "FastTree");
            var rows = ChurnData.Generate(2000, seed: 11);
            string profileFile = TrainedModels.WriteSample(rows);

            var result = ModelConverter.Convert(zip, new ConversionOptions { ProfilePath = profileFile });

            var ml = new MLContext(seed: 0);
            var mlModel = ml.Model.Load(zip, out _);
            var mlScores = ml.Data.CreateEnumerable<ScoreRow>(mlModel.Transform(ml.Data.LoadFromEnumerable(rows)), reuseRowObject: false)
                .Select(r => (double)r.Score).ToArray();
            var expected = DistributionBuilder.Numeric("Score", mlScores, mlScores.Length);
            var stored = result.Model.Profile!.Output(TrainingProfile.ScoreOutput)!;
            Assert.Equal("file:" + Path.GetFileName(profileFile), result.Model.Profile.Source);
            Assert.Equal(2000, stored.Rows);
            Assert.Equal(expected.Edges.Count, stored.Edges.Count);
            for (int i = 0; i < expected.Edges.Count; i++)
                Assert.True(Math.Abs(expected.Edges[i] - stored.Edges[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected.Edges[i])), $"edge {i}: ML.NET {expected.Edges[i]}, blob {stored.Edges[i]}");
            Assert.NotNull(result.Model.Profile.Output(TrainingProfile.ProbabilityOutput));
            Assert.NotNull(result.Model.Profile.Output(TrainingProfile.LabelOutput));
        }

        [Fact]
        public void Without_sample_or_profile_rows_the_blob_has_no_profile()
        {
            string zip = TrainedModels.TrainAndSave("onehot-normalize", "regression", "Sdca");
            Assert.Null(ModelConverter.Convert(zip).Model.Profile);
        }

        [Fact]
        public void The_same_model_and_profile_rows_give_the_same_bytes()
        {
            string zip = TrainedModels.TrainAndSave("hash-meanvariance", "multiclass", "SdcaMaximumEntropy");
            string profileFile = TrainedModels.WriteSample(ChurnData.Generate(300, seed: 3));
            var first = ModelConverter.Convert(zip, new ConversionOptions { ProfilePath = profileFile });
            var second = ModelConverter.Convert(zip, new ConversionOptions { ProfilePath = profileFile });
            Assert.Equal(first.Blob, second.Blob);
            Assert.Null(first.Model.Profile!.Output(TrainingProfile.ProbabilityOutput));
        }

        private sealed class ScoreRow
        {
            public float Score { get; set; }
        }
    }
}
