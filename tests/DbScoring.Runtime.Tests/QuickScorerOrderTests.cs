using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// The QuickScorerOrder section (8, format 1.2): the precomputed order of a forest's threshold tests. A blob with it
    /// builds exactly the tables a blob without it builds by sorting; older blobs without it load and score the same; a
    /// section that disagrees with the trees is refused, never scored.
    /// </summary>
    public sealed class QuickScorerOrderTests
    {
        private static readonly List<TestModels.Row> Rows = TestModels.Rows(500, seed: 11);

        private static QuickScorerForest Tables(ScoringModel model) =>
            ((TreeEnsembleScoreFunction)((BinaryPredictor)model.Definition.Predictor).Function).QuickScorer!;

        [Fact]
        public void A_QuickScorer_forest_is_written_with_its_test_order_and_loads_the_tables_sorting_would_build()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryQuickScorer());
            Assert.Contains(BlobSurgery.Sections(blob), s => s.Id == (ushort)SectionId.QuickScorerOrder && s.Flags == 0); // optional
            var loaded = Tables(ScoringModel.Load(blob));
            var sorted = QuickScorerForest.TryCreate(((TreeEnsembleScoreFunction)((BinaryPredictor)TestModels.BinaryQuickScorer().Predictor).Function).Trees)!;

            Assert.Equal(sorted.Numbers.Source, loaded.Numbers.Source);
            Assert.Equal(sorted.Numbers.Start, loaded.Numbers.Start);
            Assert.Equal(sorted.Numbers.FailsWhenMissing, loaded.Numbers.FailsWhenMissing);
            Assert.Equal(sorted.Numbers.Tests.Select(t => (BitConverter.ToInt32(BitConverter.GetBytes(t.Threshold), 0), t.Tree, t.ClearMask)),
                loaded.Numbers.Tests.Select(t => (BitConverter.ToInt32(BitConverter.GetBytes(t.Threshold), 0), t.Tree, t.ClearMask)));
            Assert.Equal(sorted.Leaves.InitialMasks, loaded.Leaves.InitialMasks);
            Assert.Equal(sorted.Leaves.LeafValues, loaded.Leaves.LeafValues);
            Assert.Contains(loaded.Numbers.Tests, t => t.Threshold == 0f && BitConverter.ToInt32(BitConverter.GetBytes(t.Threshold), 0) != 0); // −0 kept bit for bit
        }

        [Fact]
        public void An_older_blob_without_the_section_loads_scores_the_same_and_is_written_again_with_it()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryQuickScorer());
            byte[] older = BlobSurgery.WithMinorVersion(BlobSurgery.WithSectionPayload(blob, SectionId.QuickScorerOrder, null), 1);
            Assert.DoesNotContain(BlobSurgery.Sections(older), s => s.Id == (ushort)SectionId.QuickScorerOrder);

            var olderModel = ScoringModel.Load(older);
            Assert.Equal("1.1", olderModel.FormatVersion);
            Assert.Equal(TestModels.ScoreAll(ScoringModel.Load(blob), Rows), TestModels.ScoreAll(olderModel, Rows));
            Assert.Equal(blob, ModelSerializer.Write(olderModel.Definition)); // same model, same bytes, section included
        }

        [Fact]
        public void Models_without_a_QuickScorer_forest_get_no_section()
        {
            foreach (string name in new[] { "binary-linear", "binary-tree", "multiclass-linear", "ova" }) // linear, or trees walked (categorical splits)
                Assert.DoesNotContain(BlobSurgery.Sections(ModelSerializer.Write(TestModels.ByName(name))), s => s.Id == (ushort)SectionId.QuickScorerOrder);
        }

        [Fact]
        public void The_canonical_order_is_by_feature_then_threshold_then_test_number_with_minus_zero_equal_to_zero()
        {
            var random = new Random(99);
            float[] values = { -0f, 0f, 1.5f, -2f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, 3f };
            for (int round = 0; round < 50; round++)
            {
                int n = random.Next(200), features = 1 + random.Next(6);
                var feature = Enumerable.Range(0, n).Select(_ => random.Next(features)).ToArray();
                var threshold = Enumerable.Range(0, n).Select(_ => values[random.Next(values.Length)]).ToArray();
                int[] order = ThresholdTests.CanonicalOrder(features, feature, threshold.Select(t => new ThresholdTest { Threshold = t }).ToArray());
                // Oracle: LINQ's stable sort by feature, then threshold (float comparison: −0 == 0), then number.
                var expected = Enumerable.Range(0, n).OrderBy(i => feature[i]).ThenBy(i => threshold[i]).ThenBy(i => i).ToArray();
                Assert.Equal(expected, order);
            }
        }

        public static IEnumerable<object[]> Disagreements()
        {
            yield return new object[] { "two tests swapped", (Func<int[], int[]>)(o => { var c = (int[])o.Clone(); (c[3], c[4]) = (c[4], c[3]); return c; }) };
            yield return new object[] { "a test listed twice", (Func<int[], int[]>)(o => { var c = (int[])o.Clone(); c[5] = c[6]; return c; }) };
            yield return new object[] { "a test out of range", (Func<int[], int[]>)(o => { var c = (int[])o.Clone(); c[c.Length - 1] = c.Length; return c; }) };
            yield return new object[] { "a negative test", (Func<int[], int[]>)(o => { var c = (int[])o.Clone(); c[0] = -1; return c; }) };
            yield return new object[] { "a test missing", (Func<int[], int[]>)(o => o.Take(o.Length - 1).ToArray()) };
            yield return new object[] { "an extra test", (Func<int[], int[]>)(o => o.Concat(new[] { 0 }).ToArray()) };
            yield return new object[] { "reversed", (Func<int[], int[]>)(o => o.Reverse().ToArray()) };
        }

        [Theory]
        [MemberData(nameof(Disagreements))]
        public void A_section_that_disagrees_with_the_trees_is_refused_naming_it(string what, Func<int[], int[]> change)
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryQuickScorer());
            var order = ReadOrders(blob).Single();
            var ex = Assert.Throws<ModelFormatException>(() => ScoringModel.Load(WithOrders(blob, change(order))));
            Assert.Contains("QuickScorerOrder", ex.Message);
            Assert.Contains("Convert the model again", ex.Message);
            _ = what;
        }

        [Fact]
        public void A_section_with_more_or_fewer_ensembles_than_the_predictor_or_an_order_for_a_walked_forest_is_refused()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryQuickScorer());
            var order = ReadOrders(blob).Single();
            Assert.Contains("QuickScorerOrder", Assert.Throws<ModelFormatException>(() => ScoringModel.Load(WithOrders(blob, order, order))).Message);
            Assert.Contains("QuickScorerOrder", Assert.Throws<ModelFormatException>(() => ScoringModel.Load(WithOrders(blob))).Message);

            byte[] walked = ModelSerializer.Write(TestModels.BinaryTree()); // a categorical split: walked, no tables
            byte[] withSection = BlobSurgery.WithExtraSection(walked, (ushort)SectionId.QuickScorerOrder, false, Payload(new[] { 0, 1 }), FormatConstants.MinorVersion);
            Assert.Contains("walked", Assert.Throws<ModelFormatException>(() => ScoringModel.Load(withSection)).Message);
            byte[] empty = BlobSurgery.WithExtraSection(walked, (ushort)SectionId.QuickScorerOrder, false, Payload(new int[0]), FormatConstants.MinorVersion);
            Assert.Equal(TestModels.ScoreAll(ScoringModel.Load(walked), Rows), TestModels.ScoreAll(ScoringModel.Load(empty), Rows)); // an empty order: walked as before
        }

        [Fact]
        public void Random_changes_to_the_section_behind_a_recomputed_hash_are_refused_or_score_exactly_like_the_trees()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryQuickScorer());
            var expected = TestModels.ScoreAll(ScoringModel.Load(blob), Rows);
            var section = BlobSurgery.Find(blob, SectionId.QuickScorerOrder);
            var random = new Random(4321);
            uint[] nasty = { 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0, 1, 2, 0xFFFFFFFE };
            int refused = 0;
            for (int i = 0; i < 2000; i++)
            {
                byte[] copy = (byte[])blob.Clone();
                if (i % 2 == 0)
                {
                    int bit = random.Next(section.Length * 8);
                    copy[section.PayloadOffset + bit / 8] ^= (byte)(1 << (bit % 8));
                }
                else
                {
                    int at = section.PayloadOffset + random.Next(section.Length - 3);
                    BlobSurgery.PutUInt32(copy, at, random.Next(2) == 0 ? nasty[random.Next(nasty.Length)] : (uint)random.Next(64));
                }
                ScoringModel model;
                try
                {
                    model = ScoringModel.Load(BlobSurgery.Rehash(copy));
                }
                catch (ModelFormatException)
                {
                    refused++;
                    continue;
                }
                Assert.Equal(expected, TestModels.ScoreAll(model, Rows));
            }
            Assert.True(refused > 1900, $"{refused} of 2000 changed sections refused");
        }

        private static List<int[]> ReadOrders(byte[] blob)
        {
            var payload = BlobSurgery.Payload(blob, SectionId.QuickScorerOrder);
            var reader = new BinaryReader(new MemoryStream(payload));
            var orders = new List<int[]>();
            int ensembles = reader.ReadInt32();
            for (int e = 0; e < ensembles; e++) orders.Add(Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadInt32()).ToArray());
            return orders;
        }

        private static byte[] Payload(params int[][] orders)
        {
            var stream = new MemoryStream();
            var writer = new BinaryWriter(stream);
            writer.Write(orders.Length);
            foreach (var order in orders)
            {
                writer.Write(order.Length);
                foreach (int i in order) writer.Write(i);
            }
            return stream.ToArray();
        }

        private static byte[] WithOrders(byte[] blob, params int[][] orders) => BlobSurgery.WithSectionPayload(blob, SectionId.QuickScorerOrder, Payload(orders));
    }
}
