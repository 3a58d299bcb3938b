using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Predictors;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// TreeSHAP against the definition: exact Shapley values over every subset of the six inputs of the test pipeline,
    /// with v(S) = E[f(x) | x_S] — follow the row at splits on inputs in S, weigh both children by their reference-row
    /// covers elsewhere (an equal split where no reference row went). Random ensembles over the real transformed
    /// features, with categorical splits, default-for-missing values, inputs tested twice on a path (Age reaches two
    /// slots) and regions no reference row reached.
    /// </summary>
    public class TreeShapBruteForceTests
    {
        private const int Inputs = 6;

        [Theory]
        [InlineData(1, 400, false)]
        [InlineData(2, 400, true)]
        [InlineData(3, 5, false)]   // few reference rows: many nodes with zero cover
        [InlineData(4, 60, false)]
        [InlineData(5, 1, true)]    // one reference row: almost everything unreached
        public void TreeShap_equals_brute_force_Shapley_values_over_all_input_subsets(int seed, int referenceRows, bool average)
        {
            var random = new Random(seed);
            var reference = TestModels.Rows(200, seed: 100 + seed);
            var featureRows = TransformedFeatures(reference);
            for (int ensembleNumber = 0; ensembleNumber < 6; ensembleNumber++)
            {
                var trees = Enumerable.Range(0, 1 + random.Next(5)).Select(_ => RandomTree(random, featureRows)).ToArray();
                var definition = TestModels.Build(new RegressionPredictor(17, new TreeEnsembleScoreFunction(trees, average, TestModels.FeatureCount), RegressionLink.Identity), new string[0], "random");
                var model = ExplanationTestModels.WithCovers(definition, referenceRows);
                var covers = model.Definition.Explanations!;
                var scorer = model.CreateScorer();
                var explanation = new Explanation(model);
                foreach (var row in ExplanationTestModels.EdgeRows().Where((_, i) => i % 7 == 0))
                {
                    TestModels.Set(scorer, row);
                    float[] features = scorer.TransformAll(out int offset).Skip(0).ToArray();
                    scorer.EndRow();
                    TestModels.Set(scorer, row);
                    var prediction = scorer.Explain(explanation);

                    double Value(int subset)
                    {
                        double sum = 0;
                        for (int t = 0; t < trees.Length; t++) sum += Expectation(trees[t], covers.LeafCovers(0, t), features, offset, subset, 0);
                        return average ? sum / trees.Length : sum;
                    }
                    // All inputs known: the model's own output (checks the routing the explanation follows).
                    Assert.Equal(prediction.Score, (float)Value((1 << Inputs) - 1), 4);
                    Assert.Equal(Value(0), explanation.Base, 9);
                    for (int i = 0; i < Inputs; i++)
                    {
                        double phi = 0;
                        for (int subset = 0; subset < 1 << Inputs; subset++)
                        {
                            if ((subset & (1 << i)) != 0) continue;
                            int size = BitCount(subset);
                            phi += Factorial(size) * Factorial(Inputs - size - 1) / Factorial(Inputs) * (Value(subset | (1 << i)) - Value(subset));
                        }
                        Assert.True(Math.Abs(phi - explanation.Contributions[i]) <= 1e-9 * Math.Max(1, Math.Abs(phi)),
                            $"seed {seed}, ensemble {ensembleNumber}, input {i}: brute force {phi}, TreeSHAP {explanation.Contributions[i]}");
                    }
                }
            }
        }

        /// <summary>E[tree | inputs in <paramref name="subset"/> known] below <paramref name="child"/>.</summary>
        private static double Expectation(RegressionTree tree, double[] leafCovers, float[] x, int offset, int subset, int child)
        {
            if (tree.NodeCount == 0) return tree.LeafValues[0];
            if (child < 0) return tree.LeafValues[~child];
            int[] categorical = tree.CategoricalFeatures[child];
            int input = ExplanationTestModels.InputOfSlot(categorical.Length == 0 ? tree.SplitFeature[child] : categorical[0]);
            if ((subset & (1 << input)) != 0) return Expectation(tree, leafCovers, x, offset, subset, Route(tree, child, x, offset));
            double left = Cover(tree, leafCovers, tree.Left[child]), right = Cover(tree, leafCovers, tree.Right[child]);
            double leftShare = left + right > 0 ? left / (left + right) : 0.5;
            return leftShare * Expectation(tree, leafCovers, x, offset, subset, tree.Left[child])
                + (1 - leftShare) * Expectation(tree, leafCovers, x, offset, subset, tree.Right[child]);
        }

        /// <summary>The documented split rule (RegressionTree's summary), written out independently.</summary>
        private static int Route(RegressionTree tree, int node, float[] x, int offset)
        {
            float Value(int feature) { float v = x[offset + feature]; return float.IsNaN(v) ? tree.DefaultForMissing[node] : v; }
            if (tree.CategoricalFeatures[node].Length > 0)
                return tree.CategoricalFeatures[node].Any(f => Value(f) > 0) ? tree.Right[node] : tree.Left[node];
            return Value(tree.SplitFeature[node]) <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node];
        }

        private static double Cover(RegressionTree tree, double[] leafCovers, int child) =>
            child < 0 ? leafCovers[~child] : Cover(tree, leafCovers, tree.Left[child]) + Cover(tree, leafCovers, tree.Right[child]);

        private static int BitCount(int v) { int c = 0; for (; v != 0; v &= v - 1) c++; return c; }

        private static double Factorial(int n) { double f = 1; for (int i = 2; i <= n; i++) f *= i; return f; }

        private static List<float[]> TransformedFeatures(List<TestModels.Row> rows)
        {
            var model = Probe.Load(TestModels.BinaryLinear());
            var scorer = model.CreateScorer();
            var result = new List<float[]>();
            foreach (var row in rows)
            {
                TestModels.Set(scorer, row);
                float[] all = scorer.TransformAll(out int offset);
                result.Add(all.Skip(offset).Take(TestModels.FeatureCount).ToArray());
                scorer.EndRow();
            }
            return result;
        }

        /// <summary>A random tree of up to 12 internal nodes; thresholds are values real rows have, so splits divide them.</summary>
        private static RegressionTree RandomTree(Random random, List<float[]> rows)
        {
            var left = new List<int>(); var right = new List<int>(); var feature = new List<int>(); var threshold = new List<float>();
            var missing = new List<float>(); var categorical = new List<int[]>(); var leaves = new List<double>();
            int budget = random.Next(13);
            int Build(int depth)
            {
                if (budget == 0 || (depth > 0 && random.Next(4) == 0))
                {
                    leaves.Add(Math.Round(random.NextDouble() * 4 - 2, 3));
                    return ~(leaves.Count - 1);
                }
                budget--;
                int node = left.Count;
                left.Add(0); right.Add(0);
                double kind = random.NextDouble();
                if (kind < 0.15)
                {
                    categorical.Add(random.Next(2) == 0 ? new[] { 1 + random.Next(3) } : new[] { 2, 3 });
                    feature.Add(0); threshold.Add(0);
                }
                else
                {
                    int f = kind < 0.35 ? (random.Next(2) == 0 ? 0 : 23) : random.Next(TestModels.FeatureCount); // Age twice, often
                    categorical.Add(new int[0]);
                    feature.Add(f);
                    float t = rows[random.Next(rows.Count)][f];
                    threshold.Add(float.IsNaN(t) ? 0f : t);
                }
                missing.Add(random.Next(3) == 0 ? float.NaN : (float)(random.NextDouble() * 2 - 1));
                int l = Build(depth + 1);
                int r = Build(depth + 1);
                left[node] = l; right[node] = r;
                return node;
            }
            Build(0);
            return new RegressionTree(left.ToArray(), right.ToArray(), feature.ToArray(), threshold.ToArray(), missing.ToArray(), categorical.ToArray(), leaves.ToArray());
        }
    }
}
