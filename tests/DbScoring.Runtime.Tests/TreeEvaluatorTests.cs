using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Predictors;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>QuickScorer and the plain tree walk must agree bit for bit, NaN and default-for-missing included.</summary>
    public sealed class TreeEvaluatorTests
    {
        [Theory]
        [InlineData(12345, 64)]
        [InlineData(321, TreeInMask.MaxLeaves)] // narrow ensembles: each clear mask carries its tree
        public void QuickScorer_and_the_tree_walk_give_identical_sums_on_random_trees_and_rows(int seed, int widest)
        {
            var random = new Random(seed);
            const int features = 12;
            for (int ensemble = 0; ensemble < 40; ensemble++)
            {
                var trees = new List<RegressionTree>();
                int count = 1 + random.Next(30);
                for (int t = 0; t < count; t++) trees.Add(RandomTree(random, features, leaves: 1 + random.Next(widest)));
                var quick = QuickScorerForest.TryCreate(trees);
                var walk = new TraversalForest(trees);
                Assert.NotNull(quick);
                if (widest <= TreeInMask.MaxLeaves) Assert.True(quick!.Numbers.TreeInClearMask);
                var masks = new ulong[trees.Count];
                var x = new float[features];
                for (int row = 0; row < 300; row++)
                {
                    for (int f = 0; f < features; f++)
                    {
                        double roll = random.NextDouble();
                        x[f] = roll < 0.1 ? float.NaN : roll < 0.15 ? 0f : roll < 0.2 ? (random.Next(2) == 0 ? float.PositiveInfinity : float.NegativeInfinity) : (float)(random.NextDouble() * 20 - 10);
                    }
                    Assert.Equal(walk.Sum(x, 0), quick!.Sum(x, 0, null, masks));
                }
            }
        }

        [Fact]
        public void Clear_masks_carry_their_tree_only_when_every_tree_has_at_most_32_leaves()
        {
            var random = new Random(11);
            var narrow = QuickScorerForest.TryCreate(new[] { RandomTree(random, 4, leaves: 32), RandomTree(random, 4, leaves: 5) })!;
            Assert.True(narrow.Numbers.TreeInClearMask);
            Assert.All(narrow.Numbers.Tests.Where(t => !float.IsNaN(t.Threshold)), t => Assert.Equal((ulong)t.Tree, t.ClearMask >> 32));

            var wide = QuickScorerForest.TryCreate(new[] { RandomTree(random, 4, leaves: 5), RandomTree(random, 4, leaves: 33) })!;
            Assert.False(wide.Numbers.TreeInClearMask);
        }

        [Fact]
        public void Trees_with_categorical_splits_or_more_than_64_leaves_use_the_tree_walk()
        {
            var random = new Random(7);
            Assert.Null(QuickScorerForest.TryCreate(new[] { RandomTree(random, 4, leaves: 65) }));
            var categorical = new RegressionTree(new[] { ~0 }, new[] { ~1 }, new[] { -1 }, new[] { 0f }, new[] { float.NaN },
                new[] { new[] { 1, 2 } }, new[] { 1.0, 2.0 });
            Assert.Null(QuickScorerForest.TryCreate(new[] { categorical }));
        }

        /// <summary>A random binary tree grown by splitting random leaves; thresholds sometimes repeat; defaults sometimes set.</summary>
        internal static RegressionTree RandomTree(Random random, int features, int leaves)
        {
            var left = new List<int>();
            var right = new List<int>();
            var open = new List<(int Parent, bool IsLeft)>();
            int nodes = leaves - 1;
            // Grow internal nodes; each new node hangs on a random open child slot.
            for (int n = 0; n < nodes; n++)
            {
                left.Add(int.MinValue);
                right.Add(int.MinValue);
                if (n > 0)
                {
                    int slot = random.Next(open.Count);
                    var (parent, isLeft) = open[slot];
                    open.RemoveAt(slot);
                    if (isLeft) left[parent] = n; else right[parent] = n;
                }
                open.Add((n, true));
                open.Add((n, false));
            }
            int leaf = 0;
            foreach (var (parent, isLeft) in open)
            {
                if (isLeft) left[parent] = ~leaf++; else right[parent] = ~leaf++;
            }
            var feature = new int[nodes];
            var threshold = new float[nodes];
            var missing = new float[nodes];
            bool hasDefaults = random.Next(2) == 0;
            for (int n = 0; n < nodes; n++)
            {
                feature[n] = random.Next(features);
                threshold[n] = random.Next(5) == 0 ? 0f : (float)Math.Round(random.NextDouble() * 20 - 10, 1);
                missing[n] = hasDefaults ? (random.Next(2) == 0 ? 0f : threshold[n] + 1) : float.NaN;
            }
            var values = new double[Math.Max(leaves, 1)];
            for (int l = 0; l < values.Length; l++) values[l] = random.NextDouble() * 2 - 1;
            var categorical = new int[nodes][];
            for (int n = 0; n < nodes; n++) categorical[n] = Array.Empty<int>();
            var tree = new RegressionTree(left.ToArray(), right.ToArray(), feature, threshold, missing, categorical, values);
            tree.Validate(features, 0, new RegressionTree.Validation());
            return tree;
        }
    }
}
