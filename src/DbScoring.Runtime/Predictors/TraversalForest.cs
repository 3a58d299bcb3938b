using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// Tree ensemble evaluation by walking each tree from its root, for ensembles <see cref="QuickScorerForest"/>
    /// cannot take (categorical splits, more than 64 leaves in a tree). All trees share flat arrays; a child c ≥ 0 is
    /// a node, c &lt; 0 is leaf ~c, both absolute. Semantics: see <see cref="RegressionTree"/>.
    /// </summary>
    internal sealed class TraversalForest
    {
        private readonly int[] _roots;
        private readonly int[] _left;
        private readonly int[] _right;
        private readonly int[] _feature;
        private readonly float[] _threshold;
        private readonly float[] _missing;
        private readonly int[]?[] _categorical;
        private readonly double[] _leafValues;

        internal TraversalForest(IReadOnlyList<RegressionTree> trees)
        {
            int nodes = 0, leaves = 0;
            foreach (var tree in trees) { nodes += tree.NodeCount; leaves += tree.LeafValues.Length; }
            _roots = new int[trees.Count];
            _left = new int[nodes]; _right = new int[nodes]; _feature = new int[nodes];
            _threshold = new float[nodes]; _missing = new float[nodes]; _categorical = new int[]?[nodes];
            _leafValues = new double[leaves];
            int nodeBase = 0, leafBase = 0;
            for (int t = 0; t < trees.Count; t++)
            {
                var tree = trees[t];
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
                for (int l = 0; l < tree.LeafValues.Length; l++) _leafValues[leafBase + l] = tree.LeafValues[l];
                nodeBase += tree.NodeCount;
                leafBase += tree.LeafValues.Length;
            }
        }

        /// <summary>Σ leaf values in tree order, in double.</summary>
        [MethodImpl(HotPath.Options)]
        internal double Sum(float[] x, int offset)
        {
            double sum = 0;
            for (int t = 0; t < _roots.Length; t++) sum += _leafValues[ExitLeaf(_roots[t], x, offset)];
            return sum;
        }

        /// <summary>Σ leaf values in tree order, accumulated in float (XGBoost's order and rounding).</summary>
        [MethodImpl(HotPath.Options)]
        internal float SumFloat(float[] x, int offset)
        {
            float sum = 0f;
            for (int t = 0; t < _roots.Length; t++) sum += (float)_leafValues[ExitLeaf(_roots[t], x, offset)];
            return sum;
        }

        /// <summary>The absolute leaf a row reaches from <paramref name="node"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int ExitLeaf(int node, float[] x, int offset)
        {
            while (node >= 0)
            {
                int[]? categorical = _categorical[node];
                if (categorical == null)
                {
                    float value = x[offset + _feature[node]];
                    if (float.IsNaN(value)) value = _missing[node];
                    node = value <= _threshold[node] ? _left[node] : _right[node];
                }
                else node = CategoricalChild(x, offset, categorical, node);
            }
            return ~node;
        }

        private int CategoricalChild(float[] x, int offset, int[] categorical, int node)
        {
            for (int i = 0; i < categorical.Length; i++)
            {
                float value = x[offset + categorical[i]];
                if (float.IsNaN(value)) value = _missing[node];
                if (value > 0f) return _right[node];
            }
            return _left[node];
        }

        private static int Absolute(int child, int nodeBase, int leafBase) => child >= 0 ? child + nodeBase : ~(~child + leafBase);
    }
}
