using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Predictors;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// The load's fast paths give what the general ones give: trees whose children are numbered after their parents are
    /// validated and their leaves numbered by two linear loops (RegressionTree.TryValidateTopological), other trees by the
    /// walk; a stored test order is placed straight into the final table (QuickScorerForest.InStoredOrder) and checked
    /// there, as strictly as the one-pass check over a table by test number.
    /// </summary>
    public class TreeLoadPathTests
    {
        private const int Features = 7;

        /// <summary>The tree with its internal nodes renumbered by a random permutation that keeps the root at 0 (children may then come before parents).</summary>
        private static RegressionTree Renumbered(RegressionTree tree, Random random, out int[] newIndex)
        {
            int n = tree.NodeCount;
            newIndex = Enumerable.Range(0, n).ToArray();
            for (int i = n - 1; i > 1; i--)
            {
                int j = 1 + random.Next(i);
                (newIndex[i], newIndex[j]) = (newIndex[j], newIndex[i]);
            }
            var map = newIndex;
            int Child(int c) => c < 0 ? c : map[c];
            var left = new int[n];
            var right = new int[n];
            var feature = new int[n];
            var threshold = new float[n];
            var missing = new float[n];
            var categorical = new int[n][];
            for (int i = 0; i < n; i++)
            {
                int to = map[i];
                left[to] = Child(tree.Left[i]);
                right[to] = Child(tree.Right[i]);
                feature[to] = tree.SplitFeature[i];
                threshold[to] = tree.Threshold[i];
                missing[to] = tree.DefaultForMissing[i];
                categorical[to] = tree.CategoricalFeatures[i];
            }
            return new RegressionTree(left, right, feature, threshold, missing, categorical, tree.LeafValues);
        }

        /// <summary>Oracle: the leaves left to right and each node's leftmost leaf's rank, by recursion.</summary>
        private static void LeftToRight(RegressionTree tree, int child, List<int> leaves, int[] firstLeaf)
        {
            if (child < 0) { leaves.Add(~child); return; }
            firstLeaf[child] = leaves.Count;
            LeftToRight(tree, tree.Left[child], leaves, firstLeaf);
            LeftToRight(tree, tree.Right[child], leaves, firstLeaf);
        }

        [Fact]
        public void Trees_numbered_in_any_order_validate_and_number_their_leaves_left_to_right()
        {
            var random = new Random(2026);
            var scratch = new RegressionTree.Validation(); // shared, as in a forest: trees of every size in turn
            for (int round = 0; round < 400; round++)
            {
                var ordered = TreeEvaluatorTests.RandomTree(random, Features, leaves: 1 + random.Next(64));
                var tree = round % 2 == 0 ? ordered : Renumbered(ordered, random, out _);
                tree.Validate(Features, round, scratch);

                var leaves = new List<int>();
                var firstLeaf = new int[tree.NodeCount];
                LeftToRight(tree, tree.NodeCount == 0 ? ~0 : 0, leaves, firstLeaf);
                for (int rank = 0; rank < leaves.Count; rank++) Assert.Equal(rank, scratch.LeafRank[leaves[rank]]);
                Assert.Equal(firstLeaf, scratch.FirstLeaf.Take(tree.NodeCount));
            }
        }

        [Fact]
        public void Malformed_trees_are_refused_with_the_walks_errors_whichever_way_they_are_numbered()
        {
            var scratch = new RegressionTree.Validation();
            RegressionTree Tree(int[] left, int[] right, int[] feature) => new RegressionTree(left, right, feature, feature.Select(_ => 0f).ToArray(),
                feature.Select(_ => float.NaN).ToArray(), feature.Select(_ => new int[0]).ToArray(), Enumerable.Range(0, left.Length + 1).Select(l => (double)l).ToArray());
            string Error(RegressionTree tree) => Assert.Throws<ModelFormatException>(() => tree.Validate(Features, 4, scratch)).Message;

            Assert.Equal("Tree 4: node 1 is out of range or reached twice.", Error(Tree(new[] { 1, 1 }, new[] { 1, ~0 }, new[] { 0, 0 })));   // a node named twice
            Assert.Equal("Tree 4: leaf 1 is out of range or reached twice.", Error(Tree(new[] { ~1, ~0 }, new[] { 1, ~1 }, new[] { 0, 0 }))); // a leaf named twice
            Assert.Equal("Tree 4: node 0 is out of range or reached twice.", Error(Tree(new[] { 1, 0 }, new[] { ~0, ~1 }, new[] { 0, 0 })));  // a cycle back to the root
            Assert.Equal("Tree 4: node 2 tests feature 9, outside 0..6.", Error(Tree(new[] { 1, ~0, ~2 }, new[] { 2, ~1, ~3 }, new[] { 0, 0, 9 })));
            Assert.Equal("Tree 4: leaf 5 is out of range or reached twice.", Error(Tree(new[] { ~5 }, new[] { ~0 }, new[] { 0 })));
            // Valid, but a child before its parent: the walk takes it.
            var backwards = Tree(new[] { 2, ~0, ~2 }, new[] { ~3, ~1, 1 }, new[] { 0, 1, 2 });
            backwards.Validate(Features, 4, scratch);
            Assert.Equal(new[] { 1, 2, 0, 3 }, scratch.LeafRank.Take(4)); // left to right: leaf 2 (node 2 on the left), leaves 0 and 1 (node 1), leaf 3
        }

        private static List<RegressionTree> RandomForest(Random random, bool renumber)
        {
            var trees = new List<RegressionTree>();
            int count = 1 + random.Next(40);
            for (int t = 0; t < count; t++)
            {
                var tree = TreeEvaluatorTests.RandomTree(random, Features, leaves: 1 + random.Next(64));
                for (int n = 0; n < tree.NodeCount; n++)
                    if (random.Next(30) == 0) tree.Threshold[n] = float.NaN; // always right: no test
                    else if (random.Next(9) == 0) tree.Threshold[n] = -0f;   // equal to 0, kept bit for bit
                trees.Add(renumber && random.Next(2) == 0 ? Renumbered(tree, random, out _) : tree);
            }
            return trees;
        }

        private static object Bits(float value) => BitConverter.ToInt32(BitConverter.GetBytes(value), 0);

        [Fact]
        public void A_stored_order_placed_straight_into_the_table_builds_the_tables_sorting_builds()
        {
            var random = new Random(77);
            for (int round = 0; round < 150; round++)
            {
                var trees = RandomForest(random, renumber: round % 3 == 0);
                var sorted = QuickScorerForest.TryCreate(trees, Features, null)!;
                var placed = QuickScorerForest.TryCreate(trees, Features, QuickScorerForest.TestOrder(trees))!;
                Assert.Equal(sorted.Numbers.Source, placed.Numbers.Source);
                Assert.Equal(sorted.Numbers.Start, placed.Numbers.Start);
                Assert.Equal(sorted.Numbers.Scale, placed.Numbers.Scale);
                Assert.Equal(sorted.Numbers.FailsWhenMissing, placed.Numbers.FailsWhenMissing);
                Assert.Equal(sorted.Numbers.Tests.Select(t => (Bits(t.Threshold), t.Tree, t.ClearMask)), placed.Numbers.Tests.Select(t => (Bits(t.Threshold), t.Tree, t.ClearMask)));
                Assert.Equal(sorted.Leaves.InitialMasks, placed.Leaves.InitialMasks);
                Assert.Equal(sorted.Leaves.LeafBase, placed.Leaves.LeafBase);
                Assert.Equal(sorted.Leaves.LeafValues, placed.Leaves.LeafValues);
            }
        }

        [Fact]
        public void A_stored_order_is_refused_unless_it_is_exactly_the_canonical_order()
        {
            var random = new Random(78);
            int refused = 0, accepted = 0;
            for (int round = 0; round < 600; round++)
            {
                var trees = RandomForest(random, renumber: round % 2 == 0);
                int[] canonical = QuickScorerForest.TestOrder(trees);
                if (canonical.Length < 2) continue;
                int[] order = (int[])canonical.Clone();
                int i = random.Next(order.Length), j = random.Next(order.Length);
                switch (round % 4)
                {
                    case 0: (order[i], order[j]) = (order[j], order[i]); break;     // two tests swapped (maybe equal neighbours, maybe itself)
                    case 1: order[i] = order[j]; break;                               // a test listed twice
                    case 2: i = random.Next(order.Length - 1); (order[i], order[i + 1]) = (order[i + 1], order[i]); break; // neighbours swapped
                    default: order[i] = random.Next(2) == 0 ? -1 : order.Length; break; // out of range
                }
                if (order.SequenceEqual(canonical))
                {
                    Assert.NotNull(QuickScorerForest.TryCreate(trees, Features, order));
                    accepted++;
                    continue;
                }
                var ex = Assert.Throws<ModelFormatException>(() => QuickScorerForest.TryCreate(trees, Features, order));
                Assert.Contains("QuickScorerOrder", ex.Message);
                refused++;
            }
            Assert.InRange(refused, 300, 600);
            Assert.InRange(accepted, 1, 300);
        }
    }
}
