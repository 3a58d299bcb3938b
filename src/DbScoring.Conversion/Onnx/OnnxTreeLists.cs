using System;
using System.Collections.Generic;
using System.Linq;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// A tree ensemble's nodes and leaf weights as parallel lists, in the form of TreeEnsembleRegressor/Classifier
    /// (ai.onnx.ml 1–3): one entry per node (tree id, node id, feature, value, mode, true/false node ids, missing-value
    /// track), and per leaf weight (tree id, node id, target or class id, weight). The newer TreeEnsemble (ai.onnx.ml 5)
    /// is brought into this form the way ONNX Runtime does (tree_ensemble_helper / TreeEnsembleAttributesV5.convert_to_v3),
    /// except that a BRANCH_MEMBER node keeps its set instead of becoming a chain of BRANCH_EQ nodes.
    /// </summary>
    internal sealed class OnnxTreeLists
    {
        public List<long> TreeIds { get; } = new List<long>();
        public List<long> NodeIds { get; } = new List<long>();
        public List<long> Features { get; } = new List<long>();
        public List<double> Values { get; } = new List<double>();
        public List<string> Modes { get; } = new List<string>();
        public List<long> TrueIds { get; } = new List<long>();
        public List<long> FalseIds { get; } = new List<long>();
        /// <summary>Empty when the model has no missing-value tracks.</summary>
        public List<long> MissingTrue { get; } = new List<long>();
        /// <summary>The values of a BRANCH_MEMBER node; null for the other nodes.</summary>
        public List<double[]?> Sets { get; } = new List<double[]?>();

        public List<long> WeightTreeIds { get; } = new List<long>();
        public List<long> WeightNodeIds { get; } = new List<long>();
        public List<long> WeightIds { get; } = new List<long>();
        public List<double> Weights { get; } = new List<double>();

        /// <summary>"target" or "class": what the weights are for, in messages.</summary>
        public string WeightName { get; private set; } = "target";

        /// <summary>Thresholds and weights are doubles (ONNX Runtime then compares and adds in double).</summary>
        public bool DoubleValues { get; private set; }

        /// <summary>
        /// TreeEnsembleRegressor / TreeEnsembleClassifier: <paramref name="weights"/> is "target" or "class". The
        /// <c>*_as_tensor</c> attributes of ai.onnx.ml 3 (nodes_values_as_tensor, target/class_weights_as_tensor,
        /// base_values_as_tensor: double tensors, which ONNX Runtime reads for a double input) replace their float lists;
        /// any of them makes the thresholds and weights doubles, read and added as for TreeEnsemble's double tensors.
        /// </summary>
        public static OnnxTreeLists FromAttributes(OnnxNode node, string weights)
        {
            var valuesTensor = AsTensor(node, "nodes_values_as_tensor");
            var weightsTensor = AsTensor(node, weights + "_weights_as_tensor");
            var lists = new OnnxTreeLists { WeightName = weights, DoubleValues = valuesTensor != null || weightsTensor != null || AsTensor(node, "base_values_as_tensor") != null };
            lists.TreeIds.AddRange(OnnxTreeEnsemble.Ints(node, "nodes_treeids"));
            lists.NodeIds.AddRange(OnnxTreeEnsemble.Ints(node, "nodes_nodeids"));
            lists.Features.AddRange(OnnxTreeEnsemble.Ints(node, "nodes_featureids"));
            lists.Values.AddRange(valuesTensor?.Numbers ?? OnnxTreeEnsemble.Floats(node, "nodes_values").Select(v => (double)v).ToList());
            lists.Modes.AddRange(OnnxTreeEnsemble.Strings(node, "nodes_modes"));
            lists.TrueIds.AddRange(OnnxTreeEnsemble.Ints(node, "nodes_truenodeids"));
            lists.FalseIds.AddRange(OnnxTreeEnsemble.Ints(node, "nodes_falsenodeids"));
            if (node.Attributes.TryGetValue("nodes_missing_value_tracks_true", out var mt)) lists.MissingTrue.AddRange(mt.Ints);
            int n = lists.TreeIds.Count;
            foreach (var (name, count) in new[] { ("nodes_nodeids", lists.NodeIds.Count), ("nodes_featureids", lists.Features.Count), ("nodes_values", lists.Values.Count),
                ("nodes_modes", lists.Modes.Count), ("nodes_truenodeids", lists.TrueIds.Count), ("nodes_falsenodeids", lists.FalseIds.Count) })
                if (count != n) throw OnnxTreeEnsemble.Malformed(node, $"{name} has {count} entries for {n} nodes");
            if (lists.MissingTrue.Count != 0 && lists.MissingTrue.Count != n)
                throw OnnxTreeEnsemble.Malformed(node, $"nodes_missing_value_tracks_true has {lists.MissingTrue.Count} entries for {n} nodes");
            if (lists.Modes.Contains("BRANCH_MEMBER")) throw OnnxTreeEnsemble.Malformed(node, "BRANCH_MEMBER is a mode of the TreeEnsemble operator (ai.onnx.ml 5) only");
            lists.Sets.AddRange(Enumerable.Repeat<double[]?>(null, n));

            lists.WeightTreeIds.AddRange(OnnxTreeEnsemble.Ints(node, weights + "_treeids"));
            lists.WeightNodeIds.AddRange(OnnxTreeEnsemble.Ints(node, weights + "_nodeids"));
            lists.WeightIds.AddRange(OnnxTreeEnsemble.Ints(node, weights + "_ids"));
            lists.Weights.AddRange(weightsTensor?.Numbers ?? OnnxTreeEnsemble.Floats(node, weights + "_weights").Select(v => (double)v).ToList());
            int w = lists.WeightTreeIds.Count;
            if (lists.WeightNodeIds.Count != w || lists.WeightIds.Count != w || lists.Weights.Count != w)
                throw OnnxTreeEnsemble.Malformed(node, $"the {weights}_* lists differ in length");
            return lists;
        }

        /// <summary>The node modes of TreeEnsemble (ai.onnx.ml 5), by their number in nodes_modes.</summary>
        private static readonly string[] ModesV5 = { "BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ", "BRANCH_MEMBER" };

        /// <summary>
        /// TreeEnsemble (ai.onnx.ml 5): nodes_* index the interior nodes and leaf_* the leaves; a node's true (false) child is
        /// a leaf when nodes_trueleafs (falseleafs) is 1. Each tree is walked from its tree_roots entry and written with node
        /// ids in walk order, as ONNX Runtime rewrites it (a subtree reached from two places is written twice, as there).
        /// </summary>
        public static OnnxTreeLists FromV5(OnnxNode node)
        {
            var splits = Tensor(node, "nodes_splits", required: true)!;
            var leafWeights = Tensor(node, "leaf_weights", required: true)!;
            var membership = Tensor(node, "membership_values", required: false);
            var types = new[] { splits, leafWeights, membership }.Where(t => t != null).Select(t => t!.DataType).Distinct().ToList();
            if (types.Count != 1 || types[0] != OnnxTensor.Float && types[0] != OnnxTensor.Double)
                throw OnnxTreeEnsemble.Refuse(node, $"nodes_splits, leaf_weights and membership_values of element types {string.Join(", ", types)}", "float (1) or double (11) tensors, all of one type");
            var lists = new OnnxTreeLists { DoubleValues = types[0] == OnnxTensor.Double };

            var modeNumbers = Tensor(node, "nodes_modes", required: true)!.Numbers;
            var features = OnnxTreeEnsemble.Ints(node, "nodes_featureids");
            var trueIds = OnnxTreeEnsemble.Ints(node, "nodes_truenodeids");
            var falseIds = OnnxTreeEnsemble.Ints(node, "nodes_falsenodeids");
            var trueLeafs = OnnxTreeEnsemble.Ints(node, "nodes_trueleafs");
            var falseLeafs = OnnxTreeEnsemble.Ints(node, "nodes_falseleafs");
            var tracks = node.Attributes.TryGetValue("nodes_missing_value_tracks_true", out var mt) ? mt.Ints : new List<long>();
            var targets = OnnxTreeEnsemble.Ints(node, "leaf_targetids");
            var roots = OnnxTreeEnsemble.Ints(node, "tree_roots");
            int n = modeNumbers.Count, leaves = targets.Count;
            foreach (var (name, count) in new[] { ("nodes_featureids", features.Count), ("nodes_splits", splits.Numbers.Count), ("nodes_truenodeids", trueIds.Count),
                ("nodes_falsenodeids", falseIds.Count), ("nodes_trueleafs", trueLeafs.Count), ("nodes_falseleafs", falseLeafs.Count) })
                if (count != n) throw OnnxTreeEnsemble.Malformed(node, $"{name} has {count} entries for {n} nodes");
            if (tracks.Count != 0 && tracks.Count != n) throw OnnxTreeEnsemble.Malformed(node, $"nodes_missing_value_tracks_true has {tracks.Count} entries for {n} nodes");
            if (leafWeights.Numbers.Count != leaves) throw OnnxTreeEnsemble.Malformed(node, $"leaf_weights has {leafWeights.Numbers.Count} entries for {leaves} leaf_targetids");
            if (roots.Count == 0) throw OnnxTreeEnsemble.Malformed(node, "tree_roots is empty");

            // membership_values: one run of values per BRANCH_MEMBER node, in node order, each ended by a NaN.
            var modes = new string[n];
            var sets = new double[n][];
            int next = 0;
            var values = membership?.Numbers ?? new List<double>();
            for (int i = 0; i < n; i++)
            {
                double number = modeNumbers[i];
                modes[i] = number >= 0 && number < ModesV5.Length && number == Math.Floor(number) ? ModesV5[(int)number]
                    : throw OnnxTreeEnsemble.Malformed(node, $"nodes_modes[{i}] is {number}, not a TreeEnsemble node mode (0–6)");
                if (modes[i] != "BRANCH_MEMBER") continue;
                var set = new List<double>();
                while (next < values.Count && !double.IsNaN(values[next])) set.Add(values[next++]);
                next++;
                if (set.Count == 0) throw OnnxTreeEnsemble.Malformed(node, $"the BRANCH_MEMBER node {i} has no membership_values");
                sets[i] = set.ToArray();
            }
            if (tracks.Count != 0) lists.MissingTrue.Capacity = n;
            lists.WeightName = "leaf";

            for (int tree = 0; tree < roots.Count; tree++)
            {
                long root = roots[tree];
                // ONNX Runtime reads a root whose true and false children are the same as a single leaf (leaf index = root).
                bool leafRoot = root >= 0 && root < n && falseIds[(int)root] == trueIds[(int)root];
                long nodeId = 0;
                Walk(root, leafRoot, depth: 0);

                // Writes node `index` (a leaf index when `leaf`) with the next node id; returns that id.
                long Walk(long index, bool leaf, int depth)
                {
                    if (depth > 10_000) throw OnnxTreeEnsemble.Malformed(node, $"tree {tree} is more than 10,000 nodes deep or loops");
                    long id = nodeId++;
                    lists.TreeIds.Add(tree);
                    lists.NodeIds.Add(id);
                    if (leaf)
                    {
                        if (index < 0 || index >= leaves) throw OnnxTreeEnsemble.Malformed(node, $"tree {tree} reaches leaf {index}, outside 0..{leaves - 1}");
                        lists.Features.Add(0); lists.Values.Add(0); lists.Modes.Add("LEAF"); lists.Sets.Add(null);
                        lists.TrueIds.Add(0); lists.FalseIds.Add(0);
                        if (tracks.Count != 0) lists.MissingTrue.Add(0);
                        lists.WeightTreeIds.Add(tree); lists.WeightNodeIds.Add(id);
                        lists.WeightIds.Add(targets[(int)index]); lists.Weights.Add(leafWeights.Numbers[(int)index]);
                        return id;
                    }
                    if (index < 0 || index >= n) throw OnnxTreeEnsemble.Malformed(node, $"tree {tree} reaches node {index}, outside 0..{n - 1}");
                    int i = (int)index;
                    int at = lists.TreeIds.Count - 1;
                    lists.Features.Add(features[i]); lists.Values.Add(modes[i] == "BRANCH_MEMBER" ? 0 : splits.Numbers[i]);
                    lists.Modes.Add(modes[i]); lists.Sets.Add(sets[i]);
                    lists.TrueIds.Add(0); lists.FalseIds.Add(0);
                    if (tracks.Count != 0) lists.MissingTrue.Add(tracks[i]);
                    lists.TrueIds[at] = Walk(trueIds[i], trueLeafs[i] != 0, depth + 1);
                    lists.FalseIds[at] = Walk(falseIds[i], falseLeafs[i] != 0, depth + 1);
                    return id;
                }
            }
            return lists;
        }

        /// <summary>
        /// The values of a double <c>*_as_tensor</c> attribute, or the base values (<c>base_values_as_tensor</c>, else
        /// <c>base_values</c>) as doubles; null when the attribute is absent or empty.
        /// </summary>
        internal static OnnxTensor? AsTensor(OnnxNode node, string name)
        {
            if (!node.Attributes.TryGetValue(name, out var a) || a.Tensor == null || a.Tensor.Numbers.Count == 0) return null;
            if (a.Tensor.DataType != OnnxTensor.Double && a.Tensor.DataType != OnnxTensor.Float)
                throw OnnxTreeEnsemble.Refuse(node, $"{name} of element type {a.Tensor.DataType}", "double (11) or float (1) tensors there");
            return a.Tensor;
        }

        /// <summary>base_values_as_tensor when given, else base_values, as doubles.</summary>
        internal static List<double> BaseValues(OnnxNode node) =>
            AsTensor(node, "base_values_as_tensor")?.Numbers ?? OnnxTreeEnsemble.FloatsOrEmpty(node, "base_values").Select(v => (double)v).ToList();

        /// <summary>A tensor attribute (ai.onnx.ml 5 writes thresholds, weights and modes as tensors).</summary>
        private static OnnxTensor? Tensor(OnnxNode node, string name, bool required)
        {
            if (node.Attributes.TryGetValue(name, out var a) && a.Tensor != null) return a.Tensor;
            return required ? throw OnnxTreeEnsemble.Malformed(node, $"the tensor attribute {name} is missing") : null;
        }
    }
}
