using System;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// One regression tree as parallel arrays over its internal nodes, as in ML.NET InternalRegressionTree
    /// (src/Microsoft.ML.FastTree/TreeEnsemble/InternalRegressionTree.cs). A child index c ≥ 0 is an internal node;
    /// c &lt; 0 is leaf ~c. Numerical split: value ≤ threshold goes left, otherwise right; a NaN value is first
    /// replaced by the node's default-for-missing value (NaN when the tree has none, so NaN goes right).
    /// Categorical split: right if any listed feature (after the same NaN substitution) is &gt; 0, otherwise left.
    /// ML.NET ignores per-tree weights when scoring, so none are stored.
    /// </summary>
    public sealed partial class RegressionTree
    {
        /// <summary>Creates a tree; arrays are indexed by internal node, leaf values by leaf.</summary>
        public RegressionTree(int[] left, int[] right, int[] splitFeature, float[] threshold, float[] defaultForMissing,
            int[][] categoricalFeatures, double[] leafValues)
        {
            Left = left; Right = right; SplitFeature = splitFeature; Threshold = threshold;
            _defaultForMissing = defaultForMissing; _categoricalFeatures = categoricalFeatures;
            LeafValues = leafValues;
        }

        /// <summary>
        /// A tree as the compact encoding stores it: <paramref name="defaultForMissing"/> null when every default is NaN,
        /// <paramref name="categoricalFeatures"/> null when no node has a categorical split. The arrays those stand for are
        /// created only if something asks for them (explanations, writing), not for every tree at load.
        /// </summary>
        internal static RegressionTree Stored(int[] left, int[] right, int[] splitFeature, float[] threshold, float[]? defaultForMissing,
            int[][]? categoricalFeatures, double[] leafValues) =>
            new RegressionTree(left, right, splitFeature, threshold, defaultForMissing!, categoricalFeatures!, leafValues);

        private float[]? _defaultForMissing;  // null: every default is NaN (created on first use)
        private int[][]? _categoricalFeatures; // null: no categorical split (created on first use)

        /// <summary>Left child per internal node (≥ 0 node, &lt; 0 leaf ~c).</summary>
        public int[] Left { get; }

        /// <summary>Right child per internal node.</summary>
        public int[] Right { get; }

        /// <summary>Feature index tested by each numerical split.</summary>
        public int[] SplitFeature { get; }

        /// <summary>Threshold per node: value ≤ threshold goes left.</summary>
        public float[] Threshold { get; }

        /// <summary>Value that replaces NaN before the comparison; NaN for none.</summary>
        public float[] DefaultForMissing => _defaultForMissing ?? (_defaultForMissing = NaNs(NodeCount)); // a race creates two equal arrays: either is fine

        /// <summary>Per node, the features of a categorical split (empty for a numerical split).</summary>
        public int[][] CategoricalFeatures => _categoricalFeatures ?? (_categoricalFeatures = NoCategoricalSplits(NodeCount));

        /// <summary>The defaults for missing values as stored, or null when every one is NaN (the load reads this, not <see cref="DefaultForMissing"/>).</summary>
        internal float[]? StoredDefaults => _defaultForMissing;

        /// <summary>Whether some node has a categorical split.</summary>
        internal bool HasCategoricalSplit
        {
            get
            {
                if (_categoricalFeatures != null)
                    foreach (int[] list in _categoricalFeatures)
                        if (list.Length > 0) return true;
                return false;
            }
        }

        /// <summary>Output of each leaf.</summary>
        public double[] LeafValues { get; }

        /// <summary>Number of internal nodes.</summary>
        public int NodeCount => Left.Length;

        /// <summary>
        /// The child of internal node <paramref name="node"/> that the row <paramref name="x"/>[<paramref name="offset"/>…]
        /// goes to (≥ 0 node, &lt; 0 leaf ~c), by the rules in the class summary. The evaluators keep their own flattened
        /// copies of this rule for speed; this one serves explanations and cover recording.
        /// </summary>
        internal int ChildFor(int node, float[] x, int offset)
        {
            int[] categorical = CategoricalFeatures[node];
            if (categorical.Length == 0)
            {
                float value = x[offset + SplitFeature[node]];
                if (float.IsNaN(value)) value = DefaultForMissing[node];
                return value <= Threshold[node] ? Left[node] : Right[node];
            }
            for (int i = 0; i < categorical.Length; i++)
            {
                float value = x[offset + categorical[i]];
                if (float.IsNaN(value)) value = DefaultForMissing[node];
                if (value > 0f) return Right[node];
            }
            return Left[node];
        }

        /// <summary>The leaf the row reaches.</summary>
        internal int LeafFor(float[] x, int offset)
        {
            int node = NodeCount == 0 ? ~0 : 0;
            while (node >= 0) node = ChildFor(node, x, offset);
            return ~node;
        }

        /// <summary>Reads a tree in the encoding of score function kinds 2 and 3 (formats 1.0–1.2); from 1.3 trees are written by <see cref="CompactTreeCodec"/>.</summary>
        internal static RegressionTree Read(BlobReader reader)
        {
            int[] left = reader.ReadInt32Array("left child count");
            int[] right = reader.ReadInt32Array("right child count");
            int[] feature = reader.ReadInt32Array("split feature count");
            float[] threshold = reader.ReadSingleArray("threshold count");
            float[] missing = reader.ReadSingleArray("default-for-missing count");
            var categorical = new int[reader.ReadCount(4, "categorical split count")][];
            for (int i = 0; i < categorical.Length; i++) categorical[i] = reader.ReadInt32Array("categorical feature count");
            double[] leaves = reader.ReadDoubleArray("leaf count");
            return new RegressionTree(left, right, feature, threshold, missing, categorical, leaves);
        }

        /// <summary>
        /// Checks array lengths, index ranges, and that every node and leaf is reached exactly once from the root —
        /// so traversal always ends. <paramref name="index"/> names the tree in errors ("Tree 3"). The same walk numbers
        /// the leaves left to right into <paramref name="scratch"/> (<see cref="Validation.LeafRank"/>,
        /// <see cref="Validation.FirstLeaf"/>), which the QuickScorer build reads: one traversal per tree at load.
        /// </summary>
        [MethodImpl(HotPath.Options)] // load time, once per tree: never in slow tier-0 code
        internal void Validate(int featureCount, int index, Validation scratch)
        {
            int n = NodeCount;
            if (Right.Length != n || SplitFeature.Length != n || Threshold.Length != n || (_defaultForMissing != null && _defaultForMissing.Length != n) ||
                (_categoricalFeatures != null && _categoricalFeatures.Length != n))
                throw new ModelFormatException($"Tree {index}: node arrays differ in length.");
            if (LeafValues.Length != n + 1)
                throw new ModelFormatException($"Tree {index}: {LeafValues.Length} leaves for {n} internal nodes; {n + 1} expected.");
            if (TryValidateTopological(featureCount, scratch)) return; // how ML.NET numbers nodes: children after their parents
            scratch.Reset(n);
            bool[] nodeSeen = scratch.NodeSeen, leafSeen = scratch.LeafSeen;
            int[] pending = scratch.Pending, leafRank = scratch.LeafRank, firstLeaf = scratch.FirstLeaf;
            int[] left = Left, right = Right;
            int top = 0, nextLeaf = 0;
            pending[top++] = n == 0 ? ~0 : 0;
            while (top > 0)
            {
                int child = pending[--top];
                if (child < 0)
                {
                    int leaf = ~child;
                    if (leaf > n || leafSeen[leaf]) throw new ModelFormatException($"Tree {index}: leaf {leaf} is out of range or reached twice.");
                    leafSeen[leaf] = true;
                    leafRank[leaf] = nextLeaf++;
                    continue;
                }
                if (child >= n || nodeSeen[child]) throw new ModelFormatException($"Tree {index}: node {child} is out of range or reached twice.");
                nodeSeen[child] = true;
                firstLeaf[child] = nextLeaf; // pre-order, left subtree first: the next leaf numbered is the node's leftmost
                int[]? categorical = _categoricalFeatures?[child];
                if (categorical == null || categorical.Length == 0)
                {
                    int f = SplitFeature[child];
                    if ((uint)f >= (uint)featureCount) throw FeatureOutOfRange(f, featureCount, index, child);
                }
                else
                    foreach (int f in categorical)
                        if ((uint)f >= (uint)featureCount) throw FeatureOutOfRange(f, featureCount, index, child);
                if (top + 2 > n + 1) throw new ModelFormatException($"Tree {index}: node {child} makes the tree cyclic.");
                pending[top++] = right[child];
                pending[top++] = left[child]; // popped first: the left subtree's leaves are numbered before the right's
            }
            if (nextLeaf != n + 1) // each leaf is numbered at most once, so fewer numbers means a leaf was never reached
                for (int leaf = 0; leaf <= n; leaf++)
                    if (!leafSeen[leaf]) throw new ModelFormatException($"Tree {index}: leaf {leaf} is unreachable.");
        }

        /// <summary>Work arrays of <see cref="Validate"/>, reused from tree to tree of an ensemble (no allocation per tree).</summary>
        internal sealed class Validation
        {
            internal bool[] NodeSeen { get; private set; } = new bool[0];

            internal bool[] LeafSeen { get; private set; } = new bool[1];

            internal int[] Pending { get; private set; } = new int[1];

            /// <summary>Per leaf of the tree last validated: its rank, left to right (0 for the leftmost).</summary>
            internal int[] LeafRank { get; private set; } = new int[1];

            /// <summary>Per internal node of the tree last validated: the rank of its leftmost leaf.</summary>
            internal int[] FirstLeaf { get; private set; } = new int[0];

            /// <summary>Per internal node: the <see cref="Stamp"/> of the last tree whose fast path reached it (no clearing per tree).</summary>
            internal int[] NodeStamp { get; private set; } = new int[0];

            /// <summary>Per leaf: the <see cref="Stamp"/> of the last tree whose fast path reached it.</summary>
            internal int[] LeafStamp { get; private set; } = new int[1];

            /// <summary>Per internal node of the tree last validated by the fast path: how many leaves its subtree has.</summary>
            internal int[] SubtreeLeaves { get; private set; } = new int[0];

            /// <summary>A number no earlier tree's fast path marked its nodes and leaves with.</summary>
            internal int Stamp { get; private set; }

            /// <summary>A new <see cref="Stamp"/> for a tree of <paramref name="nodes"/> internal nodes, growing the arrays when needed.</summary>
            internal int NextStamp(int nodes)
            {
                if (NodeStamp.Length < nodes)
                {
                    NodeStamp = new int[nodes];
                    LeafStamp = new int[nodes + 1];
                    SubtreeLeaves = new int[nodes];
                    Stamp = 0;
                }
                if (LeafRank.Length < nodes + 1)
                {
                    LeafRank = new int[nodes + 1];
                    FirstLeaf = new int[nodes];
                }
                return ++Stamp;
            }

            /// <summary>Clears the arrays for a tree of <paramref name="nodes"/> internal nodes, growing them when needed.</summary>
            internal void Reset(int nodes)
            {
                if (NodeSeen.Length < nodes)
                {
                    NodeSeen = new bool[nodes];
                    LeafSeen = new bool[nodes + 1];
                    Pending = new int[nodes + 1];
                    LeafRank = new int[nodes + 1];
                    FirstLeaf = new int[nodes];
                    return;
                }
                Array.Clear(NodeSeen, 0, nodes);
                Array.Clear(LeafSeen, 0, nodes + 1);
            }

            /// <summary>
            /// The leaves of node <paramref name="node"/>'s left subtree as a mask over the tree last validated (bits by
            /// <see cref="LeafRank"/>), inverted: what a failed test of that node keeps. The left subtree's leaves run from
            /// the node's leftmost leaf to just before the right child's leftmost.
            /// </summary>
            [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per node of every tree at load
            internal ulong ClearedWhenRight(RegressionTree tree, int node)
            {
                int right = tree.Right[node];
                int end = right < 0 ? LeafRank[~right] : FirstLeaf[right];
                int first = FirstLeaf[node];
                int count = end - first;
                ulong bits = count >= 64 ? ulong.MaxValue : (1UL << count) - 1;
                return ~(bits << first);
            }
        }

        private static float[] NaNs(int count)
        {
            if (count == 0) return Array.Empty<float>();
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = float.NaN;
            return values;
        }

        private static int[][] NoCategoricalSplits(int count)
        {
            var lists = new int[count][];
            for (int i = 0; i < count; i++) lists[i] = Array.Empty<int>();
            return lists;
        }

        /// <summary>The error for a node that tests a feature outside 0..featureCount − 1 (built only on error).</summary>
        private static ModelFormatException FeatureOutOfRange(int feature, int featureCount, int index, int node) =>
            new ModelFormatException($"Tree {index}: node {node} tests feature {feature}, outside 0..{featureCount - 1}.");
    }
}
