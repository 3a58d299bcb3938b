using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Predictors;
using Microsoft.ML.Trainers.FastTree;
using RegressionTree = DbScoring.Runtime.Predictors.RegressionTree;

namespace DbScoring.Conversion
{
    /// <summary>
    /// FastTree, FastForest and LightGbm ensembles → <see cref="TreeEnsembleScoreFunction"/>. Reads the public
    /// RegressionTreeBase arrays plus DefaultValueForMissing from the internal tree (ML.NET 5.0.1:
    /// src/Microsoft.ML.FastTree/RegressionTree.cs, TreeEnsemble/InternalRegressionTree.cs). The ensemble bias and
    /// tree weights are not read: ML.NET does not use them when scoring.
    /// </summary>
    internal static class TreeEnsembleTranslator
    {
        public static TreeEnsembleScoreFunction Translate(object model, int featureCount, bool average)
        {
            object ensemble = MlNetReflection.Get(model, "TrainedTreeEnsemble")!;
            var trees = MlNetReflection.Items(ensemble, "Trees").Cast<RegressionTreeBase>().Select(Tree).ToList();
            return new TreeEnsembleScoreFunction(trees, average, featureCount);
        }

        private static RegressionTree Tree(RegressionTreeBase tree)
        {
            int n = tree.NumberOfNodes;
            // A tree whose root's left child is the root itself is ML.NET's placeholder: it always outputs 0.
            if (n == 0 || tree.LeftChild[0] == 0)
                return new RegressionTree(new int[0], new int[0], new int[0], new float[0], new float[0], new int[0][], new[] { 0.0 });

            object internalTree = MlNetReflection.Get(tree, "_tree")!;
            float[]? defaults = (float[]?)MlNetReflection.Get(internalTree, "DefaultValueForMissing");
            var missing = new float[n];
            var categorical = new int[n][];
            for (int node = 0; node < n; node++)
            {
                // No defaults at all: NaN stays NaN and goes right, which a NaN default reproduces.
                missing[node] = defaults == null ? float.NaN : defaults[node];
                categorical[node] = tree.CategoricalSplitFlags[node] ? tree.GetCategoricalSplitFeaturesAt(node).ToArray() : new int[0];
            }
            return new RegressionTree(
                tree.LeftChild.ToArray(), tree.RightChild.ToArray(), tree.NumericalSplitFeatureIndexes.ToArray(),
                tree.NumericalSplitThresholds.ToArray(), missing, categorical, tree.LeafValues.ToArray());
        }
    }
}
