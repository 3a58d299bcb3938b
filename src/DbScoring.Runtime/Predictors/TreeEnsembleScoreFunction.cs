using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// Sum of tree outputs accumulated in double and returned as float, as ML.NET's InternalTreeEnsemble.GetOutput
    /// (src/Microsoft.ML.FastTree/TreeEnsemble/InternalTreeEnsemble.cs) does; ML.NET ignores the ensemble bias and
    /// tree weights when scoring. With <see cref="Average"/> the float sum is divided by the tree count, as
    /// FastForestRegressionModelParameters.Map does (src/Microsoft.ML.FastTree/RandomForestRegression.cs).
    /// All trees are flattened into shared arrays at load so scoring walks plain arrays.
    /// </summary>
    public sealed class TreeEnsembleScoreFunction : ScoreFunction
    {
        private readonly RegressionTree[] _trees;
        private readonly int _featureCount;
        // Flattened nodes of all trees; a child c ≥ 0 is a node, c < 0 is leaf ~c, both absolute.
        private readonly int[] _roots;
        private readonly int[] _left;
        private readonly int[] _right;
        private readonly int[] _feature;
        private readonly float[] _threshold;
        private readonly float[] _missing;
        private readonly int[]?[] _categorical;
        private readonly double[] _leafValues;

        /// <summary>Creates an ensemble over <paramref name="featureCount"/> features.</summary>
        public TreeEnsembleScoreFunction(IReadOnlyList<RegressionTree> trees, bool average, int featureCount)
        {
            if (trees == null) throw new ArgumentNullException(nameof(trees));
            _trees = new RegressionTree[trees.Count];
            for (int i = 0; i < trees.Count; i++) _trees[i] = trees[i];
            Average = average;
            _featureCount = featureCount;

            int nodes = 0, leaves = 0;
            foreach (var tree in _trees) { nodes += tree.NodeCount; leaves += tree.LeafValues.Length; }
            _roots = new int[_trees.Length];
            _left = new int[nodes]; _right = new int[nodes]; _feature = new int[nodes];
            _threshold = new float[nodes]; _missing = new float[nodes]; _categorical = new int[]?[nodes];
            _leafValues = new double[leaves];
            int nodeBase = 0, leafBase = 0;
            for (int t = 0; t < _trees.Length; t++)
            {
                var tree = _trees[t];
                _roots[t] = tree.NodeCount == 0 ? ~leafBase : nodeBase;
                for (int n = 0; n < tree.NodeCount; n++)
                {
                    _left[nodeBase + n] = Absolute(tree.Left[n], nodeBase, leafBase);
                    _right[nodeBase + n] = Absolute(tree.Right[n], nodeBase, leafBase);
                    _feature[nodeBase + n] = tree.SplitFeature[n];
                    _threshold[nodeBase + n] = tree.Threshold[n];
                    _missing[nodeBase + n] = tree.DefaultForMissing[n];
                    _categorical[nodeBase + n] = tree.CategoricalFeatures[n].Length == 0 ? null : tree.CategoricalFeatures[n];
                }
                Array.Copy(tree.LeafValues, 0, _leafValues, leafBase, tree.LeafValues.Length);
                nodeBase += tree.NodeCount;
                leafBase += tree.LeafValues.Length;
            }
        }

        /// <summary>The trees, in summation order.</summary>
        public IReadOnlyList<RegressionTree> Trees => _trees;

        /// <summary>Whether the score is the mean rather than the sum of the tree outputs (FastForest regression).</summary>
        public bool Average { get; }

        /// <inheritdoc />
        public override ScoreFunctionKind Kind => ScoreFunctionKind.TreeEnsemble;

        /// <inheritdoc />
        public override int FeatureCount => _featureCount;

        /// <inheritdoc />
        public override float Score(float[] features, int offset)
        {
            double sum = 0;
            for (int t = 0; t < _roots.Length; t++)
            {
                int node = _roots[t];
                while (node >= 0)
                {
                    int[]? categorical = _categorical[node];
                    if (categorical == null)
                    {
                        float value = features[offset + _feature[node]];
                        if (float.IsNaN(value)) value = _missing[node];
                        node = value <= _threshold[node] ? _left[node] : _right[node];
                    }
                    else
                    {
                        node = CategoricalChild(features, offset, categorical, node);
                    }
                }
                sum += _leafValues[~node];
            }
            return Average ? (float)sum / _roots.Length : (float)sum;
        }

        private int CategoricalChild(float[] features, int offset, int[] categorical, int node)
        {
            for (int i = 0; i < categorical.Length; i++)
            {
                float value = features[offset + categorical[i]];
                if (float.IsNaN(value)) value = _missing[node];
                if (value > 0f) return _right[node];
            }
            return _left[node];
        }

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteBoolean(Average);
            writer.WriteInt32(_featureCount);
            writer.WriteInt32(_trees.Length);
            foreach (var tree in _trees) tree.Write(writer);
        }

        internal static TreeEnsembleScoreFunction ReadBody(BlobReader reader)
        {
            bool average = reader.ReadBoolean();
            int featureCount = reader.ReadInt32InRange(1, int.MaxValue, "feature count");
            int count = reader.ReadCount(20, "tree count");
            var trees = new RegressionTree[count];
            for (int t = 0; t < count; t++)
            {
                trees[t] = RegressionTree.Read(reader);
                trees[t].Validate(featureCount, reader.Context + ", tree " + t);
            }
            if (average && count == 0) throw reader.Fail("an averaged ensemble needs at least one tree");
            return new TreeEnsembleScoreFunction(trees, average, featureCount);
        }

        private static int Absolute(int child, int nodeBase, int leafBase) =>
            child >= 0 ? child + nodeBase : ~(~child + leafBase);
    }
}
