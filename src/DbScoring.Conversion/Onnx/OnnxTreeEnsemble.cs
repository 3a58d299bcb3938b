using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// ai.onnx.ml TreeEnsembleRegressor → runtime trees, with ONNX Runtime's semantics (onnxruntime
    /// core/providers/cpu/ml/tree_ensemble_common.h): a node sends x to its true branch when x CMP value holds, or when
    /// x is NaN and its missing-value track is true; leaves add their weights to a float score tree by tree; the base
    /// value is added after the trees (SUM).
    /// </summary>
    internal static class OnnxTreeEnsemble
    {
        /// <summary>Node modes converted: how each maps onto "value ≤ threshold goes left".</summary>
        private static readonly string[] Modes = { "BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "LEAF" };

        /// <summary>The trees (in tree-id order) and then the base value as a one-leaf tree, for a float-sum ensemble.</summary>
        public static List<RegressionTree> Regressor(OnnxNode node, int featureCount, out float[] thresholdsUsed, out List<float>[] thresholdsPerFeature)
        {
            string where = node.Describe();
            long targets = Int(node, "n_targets", 1);
            if (targets != 1) throw Refuse(node, $"n_targets = {targets}", "single-target regressors");
            string aggregate = Text(node, "aggregate_function", "SUM");
            if (aggregate != "SUM") throw Refuse(node, $"aggregate_function {aggregate}", "SUM");
            string post = Text(node, "post_transform", "NONE");
            if (post != "NONE") throw Refuse(node, $"post_transform {post} on a regressor", "NONE");
            if (node.Attributes.TryGetValue("nodes_values_as_tensor", out var asTensor) && asTensor.HasTensor)
                throw Refuse(node, "nodes_values_as_tensor (double thresholds)", "float nodes_values");

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
            var weights = new Dictionary<int, float>();
            var tTree = Ints(node, "target_treeids");
            var tNode = Ints(node, "target_nodeids");
            var tId = Ints(node, "target_ids");
            var tWeight = Floats(node, "target_weights");
            if (tNode.Count != tTree.Count || tId.Count != tTree.Count || tWeight.Count != tTree.Count) throw Malformed(node, "the target_* lists differ in length");
            for (int i = 0; i < tTree.Count; i++)
            {
                if (!index.TryGetValue((tTree[i], tNode[i]), out int leaf) || modes[leaf] != "LEAF") throw Malformed(node, $"target {i} names tree {tTree[i]} node {tNode[i]}, which is not a leaf");
                if (tId[i] != 0) throw Malformed(node, $"target {i} has id {tId[i]} in a single-target regressor");
                weights[leaf] = weights.TryGetValue(leaf, out float w) ? w + tWeight[i] : tWeight[i];   // ONNX Runtime adds each entry in float
            }

            thresholdsPerFeature = new List<float>[featureCount];
            for (int f = 0; f < featureCount; f++) thresholdsPerFeature[f] = new List<float>();
            var trees = new List<RegressionTree>();
            foreach (long tree in treeIds.Distinct().OrderBy(t => t))
            {
                // The root is the node of the tree that no other node points to.
                var members = Enumerable.Range(0, n).Where(i => treeIds[i] == tree).ToList();
                var children = new HashSet<long>();
                foreach (int i in members.Where(i => modes[i] != "LEAF")) { children.Add(trueIds[i]); children.Add(falseIds[i]); }
                var roots = members.Where(i => !children.Contains(nodeIds[i])).ToList();
                if (roots.Count != 1) throw Malformed(node, $"tree {tree} has {roots.Count} roots");
                trees.Add(Tree(node, tree, roots[0], index, treeIds, nodeIds, features, values, modes, trueIds, falseIds, missingTrue, weights, featureCount, thresholdsPerFeature));
            }
            var bases = node.Attributes.TryGetValue("base_values", out var b) ? b.Floats : new List<float>();
            if (bases.Count > 1) throw Malformed(node, $"base_values has {bases.Count} values for one target");
            trees.Add(new RegressionTree(new int[0], new int[0], new int[0], new float[0], new float[0], new int[0][], new double[] { bases.Count == 1 ? bases[0] : 0f }));
            thresholdsUsed = values.ToArray();
            return trees;
        }

        private static RegressionTree Tree(OnnxNode owner, long tree, int root, Dictionary<(long, long), int> index, List<long> treeIds, List<long> nodeIds,
            List<long> features, List<float> values, List<string> modes, List<long> trueIds, List<long> falseIds, List<long> missingTrue,
            Dictionary<int, float> weights, int featureCount, List<float>[] thresholdsPerFeature)
        {
            var internals = new List<int>();
            var leaves = new List<int>();
            var seen = new HashSet<int>();
            var pending = new Stack<int>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                int i = pending.Pop();
                if (!seen.Add(i)) throw Malformed(owner, $"tree {tree} reaches node {nodeIds[i]} twice");
                if (modes[i] == "LEAF") { leaves.Add(i); continue; }
                internals.Add(i);
                foreach (long child in new[] { falseIds[i], trueIds[i] })
                    pending.Push(index.TryGetValue((tree, child), out int c) ? c : throw Malformed(owner, $"tree {tree} node {nodeIds[i]} points to missing node {child}"));
            }
            var internalIndex = new Dictionary<int, int>();
            var leafIndex = new Dictionary<int, int>();
            for (int k = 0; k < internals.Count; k++) internalIndex[internals[k]] = k;
            for (int k = 0; k < leaves.Count; k++) leafIndex[leaves[k]] = k;
            int Child(long id) { int i = index[(tree, id)]; return modes[i] == "LEAF" ? ~leafIndex[i] : internalIndex[i]; }

            int m = internals.Count;
            var left = new int[m]; var right = new int[m]; var feature = new int[m]; var threshold = new float[m]; var missing = new float[m];
            var categorical = new int[m][];
            for (int k = 0; k < m; k++)
            {
                int i = internals[k];
                string mode = modes[i];
                float value = values[i];
                long f = features[i];
                if (f < 0 || f >= featureCount) throw Malformed(owner, $"tree {tree} node {nodeIds[i]} reads feature {f}, outside 0..{featureCount - 1}");
                if (float.IsNaN(value)) throw Malformed(owner, $"tree {tree} node {nodeIds[i]} compares with NaN");
                bool strict = mode == "BRANCH_LT" || mode == "BRANCH_GTE";
                if (strict && float.IsNegativeInfinity(value)) throw Malformed(owner, $"tree {tree} node {nodeIds[i]} is {mode} −∞");
                bool trueGoesLeft = mode == "BRANCH_LEQ" || mode == "BRANCH_LT";
                // LEQ: x ≤ v; LT: x ≤ largest float below v; GT: not (x ≤ v); GTE: not (x ≤ largest float below v).
                threshold[k] = strict ? MathF.BitDecrement(value) : value;
                left[k] = Child(trueGoesLeft ? trueIds[i] : falseIds[i]);
                right[k] = Child(trueGoesLeft ? falseIds[i] : trueIds[i]);
                feature[k] = (int)f;
                categorical[k] = new int[0];
                bool nanToTrue = missingTrue.Count > 0 && missingTrue[i] != 0;
                // A NaN fails every comparison, so without a track it takes the false branch.
                bool nanGoesLeft = nanToTrue == trueGoesLeft;
                missing[k] = nanGoesLeft ? float.NegativeInfinity : float.NaN;
                thresholdsPerFeature[f].Add(value);
            }
            var leafValues = leaves.Select(i => (double)(weights.TryGetValue(i, out float w) ? w : 0f)).ToArray();
            return new RegressionTree(left, right, feature, threshold, missing, categorical, leafValues);
        }

        internal static ModelConversionException Refuse(OnnxNode node, string what, string supported) =>
            new ModelConversionException($"The ONNX operator {node.Describe()} uses {what}; DbScoring converts {supported} there, so the model was not converted.", node.Describe());

        private static ModelConversionException Malformed(OnnxNode node, string what) =>
            new ModelConversionException($"The ONNX operator {node.Describe()} is malformed: {what}.", node.Describe());

        private static List<long> Ints(OnnxNode node, string name) => node.Attributes.TryGetValue(name, out var a) ? a.Ints : throw Malformed(node, $"attribute {name} is missing");
        private static List<float> Floats(OnnxNode node, string name) => node.Attributes.TryGetValue(name, out var a) ? a.Floats : throw Malformed(node, $"attribute {name} is missing");
        private static List<string> Strings(OnnxNode node, string name) => node.Attributes.TryGetValue(name, out var a) ? a.Strings : throw Malformed(node, $"attribute {name} is missing");
        private static long Int(OnnxNode node, string name, long absent) => node.Attributes.TryGetValue(name, out var a) ? a.I : absent;
        private static string Text(OnnxNode node, string name, string absent) => node.Attributes.TryGetValue(name, out var a) ? a.S : absent;
    }
}
