using System.IO;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>
    /// A tree model's blob written by the format 1.2 writer itself (Fixtures/format-1.2, README there says how), its trees
    /// in the older tree encoding: it loads, scores exactly as today's conversion of the same ML.NET zip (written in the
    /// compact tree encoding of format 1.3), holds the same trees array for array, and is written again in the compact
    /// encoding with nothing lost.
    /// </summary>
    [Collection("trained models")]
    public sealed class OlderTreeEncodingTests
    {
        private static readonly string Fixtures = Path.Combine(System.AppContext.BaseDirectory, "Fixtures", "format-1.2");
        private static readonly string OldBlob = Path.Combine(Fixtures, "churn-trees-1.2.dbsm");
        private static readonly string Zip = Path.Combine(Fixtures, "churn-trees.zip");

        private readonly TrainedModels _models;
        private readonly string _folder;

        public OlderTreeEncodingTests(TrainedModels models)
        {
            _models = models;
            _folder = models.NewFolder();
        }

        [Fact]
        public void The_fixture_really_is_a_format_1_2_blob_and_today_writes_a_newer_one()
        {
            byte[] blob = File.ReadAllBytes(OldBlob);
            Assert.Equal(new byte[] { 1, 0, 2, 0 }, blob.Skip(8).Take(4).ToArray()); // header after the 8-byte magic: major u16, minor u16
            Assert.Equal("1.2", ScoringModel.Load(blob).FormatVersion);
            Assert.Equal(FormatConstants.MajorVersion + "." + FormatConstants.MinorVersion, ScoringModel.Load(ModelSerializer.Write(ScoringModel.Load(blob).Definition)).FormatVersion);
            Assert.NotEqual("1.2", FormatConstants.MajorVersion + "." + FormatConstants.MinorVersion);
        }

        [Fact]
        public void A_1_2_tree_blob_scores_exactly_as_todays_conversion_of_the_same_zip_with_the_same_trees()
        {
            string today = Path.Combine(_folder, "today.dbsm");
            Cli.Expect(0, "convert", Zip, "--output", today, "--sample", _models.Customers);
            string oldScores = Path.Combine(_folder, "old.csv"), newScores = Path.Combine(_folder, "new.csv");
            Cli.Expect(0, "score", "--model", OldBlob, "--input", _models.Customers, "--output", oldScores, "--key", "CustomerId");
            Cli.Expect(0, "score", "--model", today, "--input", _models.Customers, "--output", newScores, "--key", "CustomerId");
            var lines = File.ReadAllLines(oldScores);
            Assert.Equal(601, lines.Length);
            Assert.Equal(File.ReadAllLines(newScores), lines);

            var oldTrees = Trees(ScoringModel.Load(File.ReadAllBytes(OldBlob)));
            var newTrees = Trees(ScoringModel.Load(File.ReadAllBytes(today)));
            Assert.Equal(100, oldTrees.Count);
            Assert.Equal(oldTrees.Count, newTrees.Count);
            for (int t = 0; t < oldTrees.Count; t++) AssertSameArrays(oldTrees[t], newTrees[t]);
            Assert.True(new FileInfo(today).Length < new FileInfo(OldBlob).Length * 0.75,
                $"today's blob is {new FileInfo(today).Length} bytes, the 1.2 blob {new FileInfo(OldBlob).Length}");
        }

        [Fact]
        public void Written_again_the_1_2_model_keeps_every_tree_and_scores_the_same()
        {
            var old = ScoringModel.Load(File.ReadAllBytes(OldBlob));
            var again = ScoringModel.Load(ModelSerializer.Write(old.Definition));
            var oldTrees = Trees(old);
            var newTrees = Trees(again);
            for (int t = 0; t < oldTrees.Count; t++) AssertSameArrays(oldTrees[t], newTrees[t]);
            string oldScores = Path.Combine(_folder, "old.csv"), againScores = Path.Combine(_folder, "again.csv"), againBlob = Path.Combine(_folder, "again.dbsm");
            File.WriteAllBytes(againBlob, ModelSerializer.Write(old.Definition));
            Cli.Expect(0, "score", "--model", OldBlob, "--input", _models.Customers, "--output", oldScores, "--key", "CustomerId");
            Cli.Expect(0, "score", "--model", againBlob, "--input", _models.Customers, "--output", againScores, "--key", "CustomerId");
            Assert.Equal(File.ReadAllLines(oldScores), File.ReadAllLines(againScores));
        }

        private static System.Collections.Generic.IReadOnlyList<RegressionTree> Trees(ScoringModel model) =>
            ((TreeEnsembleScoreFunction)((BinaryPredictor)model.Definition.Predictor).Function).Trees;

        private static void AssertSameArrays(RegressionTree expected, RegressionTree actual)
        {
            Assert.Equal(expected.Left, actual.Left);
            Assert.Equal(expected.Right, actual.Right);
            Assert.Equal(expected.SplitFeature, actual.SplitFeature);
            Assert.Equal(expected.Threshold.Select(System.BitConverter.SingleToInt32Bits), actual.Threshold.Select(System.BitConverter.SingleToInt32Bits));
            Assert.Equal(expected.DefaultForMissing.Select(System.BitConverter.SingleToInt32Bits), actual.DefaultForMissing.Select(System.BitConverter.SingleToInt32Bits));
            Assert.Equal(expected.CategoricalFeatures.Select(c => c.Length), actual.CategoricalFeatures.Select(c => c.Length));
            Assert.Equal(expected.LeafValues.Select(System.BitConverter.DoubleToInt64Bits), actual.LeafValues.Select(System.BitConverter.DoubleToInt64Bits));
        }
    }
}
