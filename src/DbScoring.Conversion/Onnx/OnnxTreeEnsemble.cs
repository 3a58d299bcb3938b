using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// The trees of an ai.onnx.ml TreeEnsembleRegressor or TreeEnsembleClassifier, read with ONNX Runtime's semantics
    /// (onnxruntime core/providers/cpu/ml/tree_ensemble_common.h): the trees are evaluated in the order their nodes are
    /// listed, each from the first node listed for it; a node sends x to its true branch when x CMP value holds, or when
    /// x is NaN and its missing-value track is true; every leaf carries one or more (target or class id, weight)
    /// entries, in attribute order.
    /// </summary>
    internal sealed class OnnxTreeEnsemble
    {
        /// <summary>Node modes converted: how each maps onto "value ≤ threshold goes left".</summary>
        private static readonly string[] Modes = { "BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ", "LEAF" };

        private readonly OnnxNode _node;
        private readonly List<ParsedTree> _trees = new List<ParsedTree>();

        private OnnxTreeEnsemble(OnnxNode node, int featureCount)
        {
            _node = node;
            ThresholdsPerFeature = new List<float>[featureCount];
            for (int f = 0; f < featureCount; f++) ThresholdsPerFeature[f] = new List<float>();
        }

        /// <summary>The split values per feature (for parity rows).</summary>
        public List<float>[] ThresholdsPerFeature { get; }

        /// <summary>Number of trees (ONNX Runtime's n_trees, the AVERAGE divisor).</summary>
        public int TreeCount => _trees.Count;

        /// <summary>The distinct target or class ids the leaves carry weights for.</summary>
        public IReadOnlyCollection<long> WeightIds => _trees.SelectMany(t => t.Weights.Values.SelectMany(w => w.Select(e => e.Id))).Distinct().OrderBy(i => i).ToList();

        /// <summary>Whether no weight is negative (ONNX Runtime's weights_are_all_positive_, which picks a binary classifier's threshold).</summary>
        public bool WeightsAllNonNegative { get; private set; } = true;

        /// <summary>
        /// Reads the trees over <paramref name="featureCount"/> features; <paramref name="weights"/> is "target" (regressor)
        /// or "class" (classifier), the prefix of the leaf weight attributes.
        /// </summary>
        public static OnnxTreeEnsemble Read(OnnxNode node, int featureCount, string weights)
        {
            var ensemble = new OnnxTreeEnsemble(node, featureCount);
            if (node.Attributes.TryGetValue("nodes_values_as_tensor", out var asTensor) && asTensor.HasTensor)
                throw Refuse(node, "nodes_values_as_tensor (double thresholds)", "float nodes_values");
            foreach (string name in new[] { "base_values_as_tensor", weights + "_weights_as_tensor" })
                if (node.Attributes.TryGetValue(name, out var t) && t.HasTensor) throw Refuse(node, name + " (double weights)", "float weights");

            var treeIds = Ints(node, "nodes_treeids");
            var nodeIds = Ints(node, "nodes_nodeids");
            var features = Ints(node, "nodes_featureids");
            var values = Floats(node, "nodes_values");
            var modes = Strings(node, "nodes_modes");
            var trueIds = Ints(node, "nodes_truenodeids");
            var falseIds = Ints(node, "nodes_falsenodeids");
            var missingTrue = node.Attributes.TryGetValue("nodes_missing_value_tracks_true", out var mt) ? mt.Ints : new List<long>();
            int n = treeIds.Count;
            foreach (var (name, count) in new[] { ("nodes_nodeids", nodeIds.Count), ("nodes_featureids", features.Count), ("nodes_values", values.Count),
                ("nodes_modes", modes.Count), ("nodes_truenodeids", trueIds.Count), ("nodes_falsenodeids", falseIds.Count) })
                if (count != n) throw Malformed(node, $"{name} has {count} entries for {n} nodes");
            if (missingTrue.Count != 0 && missingTrue.Count != n) throw Malformed(node, $"nodes_missing_value_tracks_true has {missingTrue.Count} entries for {n} nodes");
            foreach (string mode in modes.Distinct())
                if (!Modes.Contains(mode)) throw Refuse(node, $"node mode {mode}", string.Join(", ", Modes));

            var index = new Dictionary<(long Tree, long Node), int>();
            for (int i = 0; i < n; i++)
                if (!index.TryAdd((treeIds[i], nodeIds[i]), i)) throw Malformed(node, $"tree {treeIds[i]} lists node {nodeIds[i]} twice");

            // Leaf weights, in attribute order per leaf (ONNX Runtime sorts the entries by (tree, node) stably).
            var leafWeights = new Dictionary<int, List<(long Id, float W)>>();
            var wTree = Ints(node, weights + "_treeids");
            var wNode = Ints(node, weights + "_nodeids");
            var wId = Ints(node, weights + "_ids");
            var wValue = Floats(node, weights + "_weights");
            if (wNode.Count != wTree.Count || wId.Count != wTree.Count || wValue.Count != wTree.Count) throw Malformed(node, $"the {weights}_* lists differ in length");
            for (int i = 0; i < wTree.Count; i++)
            {
                if (!index.TryGetValue((wTree[i], wNode[i]), out int leaf) || modes[leaf] != "LEAF")
                    throw Malformed(node, $"{weights} weight {i} names tree {wTree[i]} node {wNode[i]}, which is not a leaf");
                if (!leafWeights.TryGetValue(leaf, out var list)) leafWeights[leaf] = list = new List<(long, float)>();
                list.Add((wId[i], wValue[i]));
                if (wValue[i] < 0) ensemble.WeightsAllNonNegative = false;
            }

            // Trees in the order their nodes are listed; ONNX Runtime starts each at its first listed node.
            var roots = new List<(long Tree, int Node)>();
            var started = new HashSet<long>();
            for (int i = 0; i < n; i++)
            {
                if (i > 0 && treeIds[i - 1] == treeIds[i]) continue;
                if (!started.Add(treeIds[i]))
                    throw Malformed(node, $"the nodes of tree {treeIds[i]} are not listed together (ONNX Runtime would start a second tree at node {nodeIds[i]})");
                roots.Add((treeIds[i], i));
            }
            var parsed = new Parsed(node, index, nodeIds, features, values, modes, trueIds, falseIds, missingTrue, leafWeights, featureCount);
            foreach (var (tree, root) in roots)
                ensemble._trees.Add(parsed.Tree(tree, root, ensemble.ThresholdsPerFeature));
            if (ensemble._trees.Count == 0) throw Malformed(node, "it has no trees");
            return ensemble;
        }

        /// <summary>
        /// Tree <paramref name="t"/> as a runtime tree whose leaf values are <paramref name="leafValue"/>(the leaf's entries);
        /// null when <paramref name="skip"/>(entries) holds for every leaf (the tree adds nothing).
        /// </summary>
        public RegressionTree? Tree(int t, Func<IReadOnlyList<(long Id, float W)>, float> leafValue, Func<IReadOnlyList<(long Id, float W)>, bool>? skip = null)
        {
            var tree = _trees[t];
            if (skip != null && tree.LeafEntries.All(e => skip(e))) return null;
            var leaves = tree.LeafEntries.Select(e => (double)leafValue(e)).ToArray();
            return new RegressionTree(tree.Left, tree.Right, tree.Feature, tree.Threshold, tree.Missing, tree.Categorical, leaves);
        }

        /// <summary>Whether every leaf of some tree carries a weight for <paramref name="id"/>, so that every row gets one.</summary>
        public bool EveryRowGetsWeightFor(long id) => _trees.Any(t => t.LeafEntries.All(e => e.Any(w => w.Id == id)));

        /// <summary>A one-leaf tree of value <paramref name="value"/> (a base value added after the trees, in float).</summary>
        public static RegressionTree Constant(float value) =>
            new RegressionTree(new int[0], new int[0], new int[0], new float[0], new float[0], new int[0][], new double[] { value });

        internal static ModelConversionException Refuse(OnnxNode node, string what, string supported) =>
            new ModelConversionException($"The ONNX operator {node.Describe()} uses {what}; DbScoring converts {supported} there, so the model was not converted.", node.Describe());

        internal static ModelConversionException Malformed(OnnxNode node, string what) =>
            new ModelConversionException($"The ONNX operator {node.Describe()} is malformed: {what}.", node.Describe());

        internal static List<long> Ints(OnnxNode node, string name) => node.Attributes.TryGetValue(name, out var a) ? a.Ints : throw Malformed(node, $"attribute {name} is missing");
        internal static List<float> Floats(OnnxNode node, string name) => node.Attributes.TryGetValue(name, out var a) ? a.Floats : throw Malformed(node, $"attribute {name} is missing");
        internal static List<string> Strings(OnnxNode node, string name) => node.Attributes.TryGetValue(name, out var a) ? a.Strings : throw Malformed(node, $"attribute {name} is missing");
        internal static long Int(OnnxNode node, string name, long absent) => node.Attributes.TryGetValue(name, out var a) ? a.I : absent;
        internal static string Text(OnnxNode node, string name, string absent) => node.Attributes.TryGetValue(name, out var a) ? a.S : absent;
        internal static List<float> FloatsOrEmpty(OnnxNode node, string name) => node.Attributes.TryGetValue(name, out var a) ? a.Floats : new List<float>();

        /// <summary>One tree's runtime arrays, with the weight entries of each runtime leaf.</summary>
        private sealed class ParsedTree
        {
            public int[] Left = Array.Empty<int>(), Right = Array.Empty<int>(), Feature = Array.Empty<int>();
            public float[] Threshold = Array.Empty<float>(), Missing = Array.Empty<float>();
            public int[][] Categorical = Array.Empty<int[]>();
            public List<IReadOnlyList<(long Id, float W)>> LeafEntries = new List<IReadOnlyList<(long Id, float W)>>();
            public Dictionary<int, List<(long Id, float W)>> Weights = new Dictionary<int, List<(long Id, float W)>>();
        }

        /// <summary>The node attribute lists, from which trees are cut out one at a time.</summary>
        private sealed class Parsed
        {
            private readonly OnnxNode _owner;
            private readonly Dictionary<(long Tree, long Node), int> _index;
            private readonly List<long> _nodeIds, _features, _trueIds, _falseIds, _missingTrue;
            private readonly List<float> _values;
            private readonly List<string> _modes;
            private readonly Dictionary<int, List<(long Id, float W)>> _weights;
            private readonly int _featureCount;

            public Parsed(OnnxNode owner, Dictionary<(long, long), int> index, List<long> nodeIds, List<long> features, List<float> values, List<string> modes,
                List<long> trueIds, List<long> falseIds, List<long> missingTrue, Dictionary<int, List<(long Id, float W)>> weights, int featureCount)
            {
                _owner = owner; _index = index; _nodeIds = nodeIds; _features = features; _values = values; _modes = modes;
                _trueIds = trueIds; _falseIds = falseIds; _missingTrue = missingTrue; _weights = weights; _featureCount = featureCount;
            }

            public ParsedTree Tree(long tree, int root, List<float>[] thresholdsPerFeature)
            {
                // The ONNX nodes of the tree, each reached once from its root (ONNX Runtime would loop or share otherwise).
                var seen = new HashSet<int>();
                var pending = new Stack<int>();
                pending.Push(root);
                while (pending.Count > 0)
                {
                    int i = pending.Pop();
                    if (!seen.Add(i)) throw Malformed(_owner, $"tree {tree} reaches node {_nodeIds[i]} twice");
                    if (_modes[i] == "LEAF")
                    {
                        if (!_weights.ContainsKey(i)) throw Malformed(_owner, $"tree {tree} leaf {_nodeIds[i]} has no weight (ONNX Runtime refuses such a model too)");
                        continue;
                    }
                    foreach (long child in new[] { _falseIds[i], _trueIds[i] })
                        pending.Push(_index.TryGetValue((tree, child), out int c) ? c : throw Malformed(_owner, $"tree {tree} node {_nodeIds[i]} points to missing node {child}"));
                }

                // Runtime nodes "x ≤ t goes left", built top-down. An EQ or NEQ node becomes two of them (x < v, then x ≤ v),
                // so the subtree for "x ≠ v" is written twice; a limit keeps nested ones from growing without bound.
                var left = new List<int>(); var right = new List<int>(); var feature = new List<int>();
                var threshold = new List<float>(); var missing = new List<float>();
                var result = new ParsedTree();
                int limit = 4 * seen.Count + 1024;
                var work = new Stack<(int Node, int Parent, bool Left)>();
                work.Push((root, -1, true));
                while (work.Count > 0)
                {
                    var (i, parent, toLeft) = work.Pop();
                    if (_modes[i] == "LEAF")
                    {
                        result.LeafEntries.Add(_weights[i]);
                        result.Weights[i] = _weights[i];
                        Link(parent, toLeft, ~(result.LeafEntries.Count - 1));
                        continue;
                    }
                    if (left.Count > limit)
                        throw Refuse(_owner, $"BRANCH_EQ/NEQ nodes nested so deeply in tree {tree} that it would take more than {limit} two-way splits", "BRANCH_EQ/NEQ nodes whose other branches stay small");
                    string mode = _modes[i];
                    float value = _values[i];
                    long f = _features[i];
                    if (f < 0 || f >= _featureCount) throw Malformed(_owner, $"tree {tree} node {_nodeIds[i]} reads feature {f}, outside 0..{_featureCount - 1}");
                    if (float.IsNaN(value)) throw Malformed(_owner, $"tree {tree} node {_nodeIds[i]} compares with NaN");
                    bool strict = mode == "BRANCH_LT" || mode == "BRANCH_GTE" || mode == "BRANCH_EQ" || mode == "BRANCH_NEQ";
                    if (strict && float.IsNegativeInfinity(value)) throw Malformed(_owner, $"tree {tree} node {_nodeIds[i]} is {mode} −∞");
                    thresholdsPerFeature[f].Add(value);
                    // ONNX Runtime sends NaN to the true branch when the node's missing-value track is 1 (it tests == 1), and
                    // otherwise as the comparison falls: false, except for NEQ (NaN != v holds).
                    bool nanToTrue = _missingTrue.Count > 0 && _missingTrue[i] == 1 || mode == "BRANCH_NEQ";
                    long trueId = _trueIds[i], falseId = _falseIds[i];
                    if (mode == "BRANCH_EQ" || mode == "BRANCH_NEQ")
                    {
                        // x < v, x == v, x > v: EQ is true only in the middle, NEQ only outside it.
                        long outside = mode == "BRANCH_EQ" ? falseId : trueId, middle = mode == "BRANCH_EQ" ? trueId : falseId;
                        bool nanOutside = nanToTrue == (mode == "BRANCH_NEQ");
                        int below = Add(f, MathF.BitDecrement(value), nanOutside ? float.NegativeInfinity : float.NaN);
                        Link(parent, toLeft, below);
                        int at = Add(f, value, nanOutside ? float.NaN : float.NegativeInfinity);
                        right[below] = at;
                        work.Push((Child(outside), below, true));
                        work.Push((Child(middle), at, true));
                        work.Push((Child(outside), at, false));
                        continue;
                    }
                    bool trueGoesLeft = mode == "BRANCH_LEQ" || mode == "BRANCH_LT";
                    // LEQ: x ≤ v; LT: x ≤ largest float below v; GT: not (x ≤ v); GTE: not (x ≤ largest float below v).
                    // A NaN goes left when its branch is the left one: the runtime reads it as −∞ there, and NaN goes right.
                    int k = Add(f, strict ? MathF.BitDecrement(value) : value, nanToTrue == trueGoesLeft ? float.NegativeInfinity : float.NaN);
                    Link(parent, toLeft, k);
                    work.Push((Child(trueGoesLeft ? trueId : falseId), k, true));
                    work.Push((Child(trueGoesLeft ? falseId : trueId), k, false));
                }
                result.Left = left.ToArray(); result.Right = right.ToArray(); result.Feature = feature.ToArray();
                result.Threshold = threshold.ToArray(); result.Missing = missing.ToArray();
                result.Categorical = Enumerable.Range(0, left.Count).Select(_ => new int[0]).ToArray();
                return result;

                int Child(long id) => _index[(tree, id)];
                int Add(long f, float t, float nan)
                {
                    left.Add(0); right.Add(0); feature.Add((int)f); threshold.Add(t); missing.Add(nan);
                    return left.Count - 1;
                }
                void Link(int parent, bool toLeft, int child)
                {
                    if (parent < 0) return;   // the root: runtime node 0, or leaf 0 for a one-leaf tree
                    if (toLeft) left[parent] = child; else right[parent] = child;
                }
            }
        }
    }
}
