using System;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// The compact tree encoding (format 1.3, score function kinds 5 and 6): every tree reads back as exactly the arrays
    /// it was written from, whatever widths its children and features need, with or without defaults and categorical
    /// lists; layouts this runtime does not know and truncated trees are refused. (The hostile-blob tests run over the
    /// test models' blobs, which are written in this encoding; the older encoding is read from a real format 1.2 blob
    /// in the CLI tests.)
    /// </summary>
    public sealed class CompactTreeCodecTests
    {
        [Theory]
        [InlineData(20, 14)]         // children and features in one byte
        [InlineData(200, 14)]        // children need two bytes
        [InlineData(20, 300)]        // features need two bytes
        [InlineData(33_000, 70_000)] // children and features need four bytes
        public void Trees_read_back_as_the_arrays_they_were_written_from(int leaves, int features)
        {
            var random = new Random(leaves + features);
            for (int round = 0; round < (leaves > 1000 ? 1 : 5); round++)
            {
                var tree = TreeEvaluatorTests.RandomTree(random, features, leaves);
                AssertSameTree(tree, RoundTrip(tree));
            }
        }

        [Fact]
        public void Defaults_with_nan_payloads_categorical_lists_and_out_of_range_features_of_categorical_nodes_survive()
        {
            float payloadNaN = BitConverter.ToSingle(BitConverter.GetBytes(0x7FC00001), 0); // a NaN that is not float.NaN: stored, not implied
            var tree = new RegressionTree(new[] { 1, ~0 }, new[] { ~2, ~1 }, new[] { -1, 3 }, new[] { 0.5f, float.NaN },
                new[] { payloadNaN, 2f }, new[] { new[] { 0, 2 }, Array.Empty<int>() }, new[] { 1.0, -2.5, double.Epsilon });
            var back = RoundTrip(tree);
            AssertSameTree(tree, back);
            Assert.Equal(0x7FC00001u, FloatBits.ToBits(back.DefaultForMissing[0]));

            var leafOnly = new RegressionTree(new int[0], new int[0], new int[0], new float[0], new float[0], new int[0][], new[] { 42.0 });
            AssertSameTree(leafOnly, RoundTrip(leafOnly));
        }

        [Theory]
        [InlineData(0x40, "layout byte 0x40")] // an unknown bit
        [InlineData(0x03, "layout byte 0x03")] // child width code 3
        [InlineData(0x0C, "layout byte 0x0C")] // feature width code 3
        public void Unknown_layouts_are_refused(int layout, string expected)
        {
            byte[] bytes = Written(TreeEvaluatorTests.RandomTree(new Random(1), 4, 5));
            bytes[4] = (byte)layout; // after the u32 node count
            var error = Assert.Throws<ModelFormatException>(() => CompactTreeCodec.Read(new BlobReader(bytes, 0, bytes.Length, "tree")));
            Assert.Contains(expected, error.Message);
        }

        [Fact]
        public void Every_truncation_is_refused_and_no_count_allocates_beyond_the_bytes()
        {
            byte[] bytes = Written(TreeEvaluatorTests.RandomTree(new Random(2), 300, 40));
            for (int length = 0; length < bytes.Length; length++)
                Assert.Throws<ModelFormatException>(() => CompactTreeCodec.Read(new BlobReader(bytes, 0, length, "tree")));
            byte[] huge = (byte[])bytes.Clone();
            BitConverter.GetBytes(int.MaxValue).CopyTo(huge, 0); // node count
            Assert.Contains("node count", Assert.Throws<ModelFormatException>(() => CompactTreeCodec.Read(new BlobReader(huge, 0, huge.Length, "tree"))).Message);
        }

        [Fact]
        public void Tree_ensembles_are_written_as_kinds_5_and_6_and_read_back_with_the_same_kind_and_scores()
        {
            var model = TestModels.ByName("binary-quickscorer");
            byte[] blob = ModelSerializer.Write(model);
            var loaded = ScoringModel.Load(blob);
            var function = (TreeEnsembleScoreFunction)((BinaryPredictor)loaded.Definition.Predictor).Function;
            Assert.Equal(ScoreFunctionKind.TreeEnsemble, function.Kind);
            Assert.Equal(ScoreFunctionKind.CompactTreeEnsemble, function.PersistedKind);
            var original = ((TreeEnsembleScoreFunction)((BinaryPredictor)model.Predictor).Function).Trees;
            for (int t = 0; t < original.Count; t++) AssertSameTree(original[t], function.Trees[t]);
            Assert.Equal(blob, ModelSerializer.Write(loaded.Definition));
        }

        private static RegressionTree RoundTrip(RegressionTree tree)
        {
            byte[] bytes = Written(tree);
            var reader = new BlobReader(bytes, 0, bytes.Length, "tree");
            var back = CompactTreeCodec.Read(reader);
            reader.ExpectEnd();
            return back;
        }

        private static byte[] Written(RegressionTree tree)
        {
            var w = new BlobWriter();
            CompactTreeCodec.Write(w, tree);
            return w.ToArray();
        }

        private static void AssertSameTree(RegressionTree expected, RegressionTree actual)
        {
            Assert.Equal(expected.Left, actual.Left);
            Assert.Equal(expected.Right, actual.Right);
            Assert.Equal(expected.SplitFeature, actual.SplitFeature);
            Assert.Equal(expected.Threshold.Select(FloatBits.ToBits), actual.Threshold.Select(FloatBits.ToBits));
            Assert.Equal(expected.DefaultForMissing.Select(FloatBits.ToBits), actual.DefaultForMissing.Select(FloatBits.ToBits));
            Assert.Equal(expected.CategoricalFeatures.Length, actual.CategoricalFeatures.Length);
            for (int n = 0; n < expected.CategoricalFeatures.Length; n++) Assert.Equal(expected.CategoricalFeatures[n], actual.CategoricalFeatures[n]);
            Assert.Equal(expected.LeafValues.Select(BitConverter.DoubleToInt64Bits), actual.LeafValues.Select(BitConverter.DoubleToInt64Bits));
        }
    }
}
