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
        private static readonly string[] Modes = { "BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ", "BRANCH_MEMBER", "LEAF" };

        private readonly OnnxNode _node;
        private readonly List<ParsedTree> _trees = new List<ParsedTree>();

        /// <summary>Ids of the weights on nodes that are not leaves: ONNX Runtime ignores their values but counts their ids and signs.</summary>
        private readonly HashSet<long> _branchWeightIds = new HashSet<long>();

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
        /// <summary>
        /// The distinct target or class ids of the weights, those on branch nodes included (ONNX Runtime decides a classifier's
        /// binary case from every class id listed, tree_ensemble_classifier.cc).
        /// </summary>
        public IReadOnlyCollection<long> WeightIds =>
            _trees.SelectMany(t => t.Weights.Values.SelectMany(w => w.Select(e => e.Id))).Concat(_branchWeightIds).Distinct().OrderBy(i => i).ToList();

        /// <summary>Whether no weight is negative (ONNX Runtime's weights_are_all_positive_, which picks a binary classifier's threshold).</summary>
        public bool WeightsAllNonNegative { get; private set; } = true;

        /// <summary>Whether every weight is above 0 (then every class a row gets a weight for scores above one it gets none for).</summary>
        public bool WeightsAllPositive { get; private set; } = true;

        /// <summary>
        /// Reads the trees of a TreeEnsembleRegressor/Classifier (ai.onnx.ml 1–3) over <paramref name="featureCount"/>
        /// features; <paramref name="weights"/> is "target" (regressor) or "class" (classifier), the prefix of the leaf
        /// weight attributes.
        /// </summary>
        public static OnnxTreeEnsemble Read(OnnxNode node, int featureCount, string weights) => Read(node, featureCount, OnnxTreeLists.FromAttributes(node, weights));

        /// <summary>Reads the trees from their node and leaf lists (<see cref="OnnxTreeLists"/>, whichever operator version wrote them).</summary>
        public static OnnxTreeEnsemble Read(OnnxNode node, int featureCount, OnnxTreeLists lists, OnnxTreeMembership? members = null)
        {
            if (members == null && lists.Modes.Contains("BRANCH_MEMBER")) throw new InvalidOperationException("BRANCH_MEMBER nodes need their indicator slots.");
            var ensemble = new OnnxTreeEnsemble(node, featureCount) { DoubleValues = lists.DoubleValues };
            int n = lists.TreeIds.Count;
            foreach (string mode in lists.Modes.Distinct())
                if (!Modes.Contains(mode)) throw Refuse(node, $"node mode {mode}", string.Join(", ", Modes));

            var index = new Dictionary<(long Tree, long Node), int>();
            for (int i = 0; i < n; i++)
                if (!index.TryAdd((lists.TreeIds[i], lists.NodeIds[i]), i)) throw Malformed(node, $"tree {lists.TreeIds[i]} lists node {lists.NodeIds[i]} twice");

            // Leaf weights, in attribute order per leaf (ONNX Runtime sorts the entries by (tree, node) stably).
            var leafWeights = new Dictionary<int, List<(long Id, double W)>>();
            for (int i = 0; i < lists.WeightTreeIds.Count; i++)
            {
                if (!index.TryGetValue((lists.WeightTreeIds[i], lists.WeightNodeIds[i]), out int leaf))
                    throw Malformed(node, $"{lists.WeightName} weight {i} names tree {lists.WeightTreeIds[i]} node {lists.WeightNodeIds[i]}, which the tree does not have");
                if (lists.Weights[i] < 0) ensemble.WeightsAllNonNegative = false;
                if (!(lists.Weights[i] > 0)) ensemble.WeightsAllPositive = false;
                if (lists.Modes[leaf] != "LEAF")
                {
                    // A weight on a branch node: ONNX Runtime skips it (old onnxmltools wrote such weights; tree_ensemble_common.h).
                    ensemble._branchWeightIds.Add(lists.WeightIds[i]);
                    continue;
                }
                if (!leafWeights.TryGetValue(leaf, out var list)) leafWeights[leaf] = list = new List<(long, double)>();
                list.Add((lists.WeightIds[i], lists.Weights[i]));
            }

            // Trees in the order their nodes are listed; ONNX Runtime starts each at its first listed node.
            var roots = new List<(long Tree, int Node)>();
            var started = new HashSet<long>();
            for (int i = 0; i < n; i++)
            {
                if (i > 0 && lists.TreeIds[i - 1] == lists.TreeIds[i]) continue;
                if (!started.Add(lists.TreeIds[i]))
                    throw Malformed(node, $"the nodes of tree {lists.TreeIds[i]} are not listed together (ONNX Runtime would start a second tree at node {lists.NodeIds[i]})");
                roots.Add((lists.TreeIds[i], i));
            }
            var parsed = new Parsed(node, index, lists, leafWeights, featureCount, members);
            foreach (var (tree, root) in roots)
                ensemble._trees.Add(parsed.Tree(tree, root, ensemble.ThresholdsPerFeature));
            if (ensemble._trees.Count == 0) throw Malformed(node, "it has no trees");
            return ensemble;
        }

        /// <summary>Whether thresholds and weights are doubles (ONNX Runtime then adds the weights in double).</summary>
        public bool DoubleValues { get; private set; }

        /// <summary>
        /// Tree <paramref name="t"/> as a runtime tree whose leaf values are <paramref name="leafValue"/>(the leaf's entries);
        /// null when <paramref name="skip"/>(entries) holds for every leaf (the tree adds nothing).
        /// </summary>
        public RegressionTree? Tree(int t, Func<IReadOnlyList<(long Id, double W)>, double> leafValue, Func<IReadOnlyList<(long Id, double W)>, bool>? skip = null)
        {
            var tree = _trees[t];
            if (skip != null && tree.LeafEntries.All(e => skip(e))) return null;
            var leaves = tree.LeafEntries.Select(leafValue).ToArray();
            return new RegressionTree(tree.Left, tree.Right, tree.Feature, tree.Threshold, tree.Missing, tree.Categorical, leaves);
        }

        /// <summary>Whether every leaf of some tree carries a weight for <paramref name="id"/>, so that every row gets one.</summary>
        public bool EveryRowGetsWeightFor(long id) => _trees.Any(t => t.LeafEntries.All(e => e.Any(w => w.Id == id)));

        /// <summary>Whether every leaf of some tree carries a weight, so that every row gets one for some class.</summary>
        public bool EveryRowGetsAWeight => _trees.Any(t => t.LeafEntries.All(e => e.Count > 0));

        /// <summary>A one-leaf tree of value <paramref name="value"/> (a base value added after the trees, in the ensemble's float or double sum).</summary>
        public static RegressionTree Constant(double value) =>
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
            public List<IReadOnlyList<(long Id, double W)>> LeafEntries = new List<IReadOnlyList<(long Id, double W)>>();
            public Dictionary<int, List<(long Id, double W)>> Weights = new Dictionary<int, List<(long Id, double W)>>();
        }

        /// <summary>The node lists, from which trees are cut out one at a time.</summary>
        private sealed class Parsed
        {
            private readonly OnnxNode _owner;
            private readonly Dictionary<(long Tree, long Node), int> _index;
            private readonly OnnxTreeLists _lists;
            private readonly Dictionary<int, List<(long Id, double W)>> _weights;
            private readonly int _featureCount;
            private readonly OnnxTreeMembership? _members;

            public Parsed(OnnxNode owner, Dictionary<(long, long), int> index, OnnxTreeLists lists, Dictionary<int, List<(long Id, double W)>> weights, int featureCount,
                OnnxTreeMembership? members)
            {
                _owner = owner; _index = index; _lists = lists; _weights = weights; _featureCount = featureCount; _members = members;
            }

            public ParsedTree Tree(long tree, int root, List<float>[] thresholdsPerFeature)
            {
                var l = _lists;
                // The ONNX nodes of the tree, each reached once from its root (ONNX Runtime would loop or share otherwise).
                var seen = new HashSet<int>();
                var pending = new Stack<int>();
                pending.Push(root);
                while (pending.Count > 0)
                {
                    int i = pending.Pop();
                    if (!seen.Add(i)) throw Malformed(_owner, $"tree {tree} reaches node {l.NodeIds[i]} twice");
                    if (l.Modes[i] == "LEAF")
                    {
                        if (!_weights.ContainsKey(i)) throw Malformed(_owner, $"tree {tree} leaf {l.NodeIds[i]} has no weight (ONNX Runtime refuses such a model too)");
                        continue;
                    }
                    foreach (long child in new[] { l.FalseIds[i], l.TrueIds[i] })
                        pending.Push(_index.TryGetValue((tree, child), out int c) ? c : throw Malformed(_owner, $"tree {tree} node {l.NodeIds[i]} points to missing node {child}"));
                }

                // Runtime nodes "x ≤ t goes left", built top-down. An EQ or NEQ node becomes two of them (x < v, then x ≤ v),
                // so the subtree for "x ≠ v" is written twice; a limit keeps nested ones from growing without bound.
                var left = new List<int>(); var right = new List<int>(); var feature = new List<int>();
                var threshold = new List<float>(); var missing = new List<float>(); var categorical = new List<int[]>();
                var result = new ParsedTree();
                int limit = 4 * seen.Count + 1024;
                var work = new Stack<(int Node, int Parent, bool Left)>();
                work.Push((root, -1, true));
                while (work.Count > 0)
                {
                    var (i, parent, toLeft) = work.Pop();
                    if (l.Modes[i] == "LEAF")
                    {
                        result.LeafEntries.Add(_weights[i]);
                        result.Weights[i] = _weights[i];
                        Link(parent, toLeft, ~(result.LeafEntries.Count - 1));
                        continue;
                    }
                    if (left.Count > limit)
                        throw Refuse(_owner, $"BRANCH_EQ/NEQ nodes (or BRANCH_MEMBER with missing-value tracks) nested so deeply in tree {tree} that it would take more than {limit} two-way splits", "BRANCH_EQ/NEQ nodes whose other branches stay small");
                    string mode = l.Modes[i];
                    double value = l.Values[i];
                    long f = l.Features[i];
                    if (f < 0 || f >= _featureCount) throw Malformed(_owner, $"tree {tree} node {l.NodeIds[i]} reads feature {f}, outside 0..{_featureCount - 1}");
                    if (double.IsNaN(value)) throw Malformed(_owner, $"tree {tree} node {l.NodeIds[i]} compares with NaN");
                    // ONNX Runtime sends NaN to the true branch when the node's missing-value track is 1 (it tests == 1), and
                    // otherwise as the comparison falls: false, except for NEQ (NaN != v holds).
                    bool nanToTrue = l.MissingTrue.Count > 0 && l.MissingTrue[i] == 1 || mode == "BRANCH_NEQ";
                    long trueId = l.TrueIds[i], falseId = l.FalseIds[i];
                    if (mode == "BRANCH_MEMBER")
                    {
                        // x in the set: the runtime's categorical split over the indicator slots of x's value (right when
                        // one of the set's slots is 1; a value outside the vocabulary, or NaN, lights none).
                        var slots = l.Sets[i]!.Where(v => (double)(float)v == v).Select(v => _members!.Slot(f, (float)v)).Distinct().OrderBy(s => s).ToArray();
                        if (slots.Length == 0)
                            throw Refuse(_owner, $"BRANCH_MEMBER in tree {tree} node {l.NodeIds[i]} against values no float input can equal", "sets holding values a float can hold");
                        foreach (double v in l.Sets[i]!) thresholdsPerFeature[f].Add((float)v);
                        if (nanToTrue)
                        {
                            // NaN is in the set here: a first split sends NaN (and only NaN) right, to the true branch.
                            int nan = Add(f, float.PositiveInfinity, float.NaN);
                            Link(parent, toLeft, nan);
                            work.Push((Child(trueId), nan, false));
                            parent = nan; toLeft = true;
                        }
                        int c = Add(slots[0], 0f, float.NaN, slots);
                        Link(parent, toLeft, c);
                        work.Push((Child(trueId), c, false));
                        work.Push((Child(falseId), c, true));
                        continue;
                    }
                    if (mode == "BRANCH_EQ" || mode == "BRANCH_NEQ")
                    {
                        // x < v, x == v, x > v: EQ is true only in the middle, NEQ only outside it. A double no float equals
                        // never matches a float input.
                        bool neq = mode == "BRANCH_NEQ";
                        if ((double)(float)value != value)
                            throw Refuse(_owner, $"{mode} in tree {tree} node {l.NodeIds[i]} against {value}, which no float input can equal", "equality with values a float can hold");
                        float v = (float)value;
                        if (float.IsNegativeInfinity(v)) throw Malformed(_owner, $"tree {tree} node {l.NodeIds[i]} is {mode} −∞");
                        thresholdsPerFeature[f].Add(v);
                        long outside = neq ? trueId : falseId, middle = neq ? falseId : trueId;
                        bool nanOutside = nanToTrue == neq;
                        int below = Add(f, MathF.BitDecrement(v), nanOutside ? float.NegativeInfinity : float.NaN);
                        Link(parent, toLeft, below);
                        int atValue = Add(f, v, nanOutside ? float.NaN : float.NegativeInfinity);
                        right[below] = atValue;
                        work.Push((Child(outside), below, true));
                        work.Push((Child(middle), atValue, true));
                        work.Push((Child(outside), atValue, false));
                        continue;
                    }
                    bool strict = mode == "BRANCH_LT" || mode == "BRANCH_GTE";
                    // LEQ: x ≤ v; LT: x ≤ largest float below v; GT: not (x ≤ v); GTE: not (x ≤ largest float below v) —
                    // with v as the largest float ≤ v when the threshold is a double a float cannot hold (exact for float inputs).
                    float at = FloatAtMost(value);
                    if (strict && float.IsNegativeInfinity(at)) throw Malformed(_owner, $"tree {tree} node {l.NodeIds[i]} is {mode} −∞");
                    float t = strict ? (at == value ? MathF.BitDecrement(at) : at) : at;
                    thresholdsPerFeature[f].Add((float)value);
                    bool trueGoesLeft = mode == "BRANCH_LEQ" || mode == "BRANCH_LT";
                    // A NaN goes left when its branch is the left one: the runtime reads it as −∞ there, and NaN goes right.
                    int k = Add(f, t, nanToTrue == trueGoesLeft ? float.NegativeInfinity : float.NaN);
                    Link(parent, toLeft, k);
                    work.Push((Child(trueGoesLeft ? trueId : falseId), k, true));
                    work.Push((Child(trueGoesLeft ? falseId : trueId), k, false));
                }
                result.Left = left.ToArray(); result.Right = right.ToArray(); result.Feature = feature.ToArray();
                result.Threshold = threshold.ToArray(); result.Missing = missing.ToArray();
                result.Categorical = categorical.ToArray();
                return result;

                int Child(long id) => _index[(tree, id)];
                int Add(long f, float t, float nan, int[]? slots = null)
                {
                    left.Add(0); right.Add(0); feature.Add((int)f); threshold.Add(t); missing.Add(nan); categorical.Add(slots ?? Array.Empty<int>());
                    return left.Count - 1;
                }
                void Link(int parent, bool toLeft, int child)
                {
                    if (parent < 0) return;   // the root: runtime node 0, or leaf 0 for a one-leaf tree
                    if (toLeft) left[parent] = child; else right[parent] = child;
                }
            }
        }

        /// <summary>The largest float ≤ <paramref name="value"/> (the value itself when a float holds it): x ≤ value ⇔ x ≤ it for every float x.</summary>
        internal static float FloatAtMost(double value)
        {
            float f = (float)value;
            return f > value ? MathF.BitDecrement(f) : f;
        }
    }
}
