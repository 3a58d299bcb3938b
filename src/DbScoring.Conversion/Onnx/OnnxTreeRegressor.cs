using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// ai.onnx.ml TreeEnsembleRegressor with one target → a regression predictor, as ONNX Runtime scores it
    /// (tree_ensemble_aggregator.h, the one-output path): each leaf's first weight is added to a float score tree by tree
    /// (AVERAGE divides by the tree count), then the base value; of the post transforms only PROBIT applies to one target.
    /// </summary>
    internal static class OnnxTreeRegressor
    {
        /// <summary>TreeEnsembleRegressor (ai.onnx.ml 1–3).</summary>
        public static OnnxTranslatedPredictor Translate(OnnxNode node, OnnxGraph graph, OnnxValue input)
        {
            long targets = OnnxTreeEnsemble.Int(node, "n_targets", 1);
            string aggregate = OnnxTreeEnsemble.Text(node, "aggregate_function", "SUM");
            string post = OnnxTreeEnsemble.Text(node, "post_transform", "NONE");
            var bases = OnnxTreeLists.BaseValues(node);
            if (bases.Count > 1 && targets == 1) throw OnnxTreeEnsemble.Malformed(node, $"base_values has {bases.Count} values for one target");
            int target = OnnxTargets.Choose(node, graph, targets, post);
            // One target: ONNX Runtime adds the one base value; several: base_values[k] when there is one per target, else none.
            double baseValue = targets == 1 ? (bases.Count == 1 ? bases[0] : 0) : (bases.Count == targets ? bases[target] : 0);
            return Translate(node, input.Column, input.Width, targets, target, aggregate, post, baseValue,
                () => OnnxTreeEnsemble.Read(node, input.Width, "target"), "TreeEnsembleRegressor");
        }

        /// <summary>
        /// TreeEnsemble (ai.onnx.ml 5): the same regressor with tensor attributes, BRANCH_MEMBER, and numbered
        /// aggregate_function (0 AVERAGE, 1 SUM, 2 MIN, 3 MAX) and post_transform (0 NONE, 1 SOFTMAX, 2 LOGISTIC,
        /// 3 SOFTMAX_ZERO, 4 PROBIT); no base values.
        /// </summary>
        public static OnnxTranslatedPredictor TranslateV5(OnnxNode node, OnnxGraph graph, OnnxValue input)
        {
            long targets = OnnxTreeEnsemble.Int(node, "n_targets", 0);
            long aggregate = OnnxTreeEnsemble.Int(node, "aggregate_function", 1);
            long post = OnnxTreeEnsemble.Int(node, "post_transform", 0);
            if (aggregate < 0 || aggregate > 3) throw OnnxTreeEnsemble.Malformed(node, $"aggregate_function {aggregate} is not 0 (AVERAGE), 1 (SUM), 2 (MIN) or 3 (MAX)");
            if (post < 0 || post > 4) throw OnnxTreeEnsemble.Malformed(node, $"post_transform {post} is not 0–4");
            if (targets < 1) throw OnnxTreeEnsemble.Malformed(node, $"n_targets is {targets}");
            string aggregateName = new[] { "AVERAGE", "SUM", "MIN", "MAX" }[aggregate];
            string postName = new[] { "NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO", "PROBIT" }[post];
            var lists = OnnxTreeLists.FromV5(node);
            int target = OnnxTargets.Choose(node, graph, targets, postName);
            var members = OnnxTreeMembership.Add(graph, node, input, lists);
            return Translate(node, members?.Column ?? input.Column, members?.Width ?? input.Width, targets, target, aggregateName, postName, 0,
                () => OnnxTreeEnsemble.Read(node, input.Width, lists, members), "TreeEnsemble");
        }

        private static OnnxTranslatedPredictor Translate(OnnxNode node, int column, int features, long targets, int target, string aggregate, string post, double baseValue,
            Func<OnnxTreeEnsemble> read, string operatorName)
        {
            if (!OnnxPostTransform.Names.Contains(post)) throw OnnxTreeEnsemble.Malformed(node, $"post_transform {post} is not an ONNX post transform");

            var ensemble = read();
            List<RegressionTree> trees;
            if (targets == 1)
            {
                if (ensemble.WeightIds.Any(id => id != 0)) throw OnnxTreeEnsemble.Malformed(node, "a target weight names a target other than 0 in a single-target regressor");
                // The one-output path of ONNX Runtime reads only the first weight of a leaf.
                trees = Enumerable.Range(0, ensemble.TreeCount).Select(t => ensemble.Tree(t, entries => entries[0].W)!).ToList();
            }
            else
            {
                foreach (long id in ensemble.WeightIds)
                    if (id < 0 || id >= targets) throw OnnxTreeEnsemble.Malformed(node, $"a target weight names target {id}, outside 0..{targets - 1}");
                // Several targets: ONNX Runtime adds every weight of the leaf to its target's float score; a leaf without a
                // weight for the target adds nothing (0; such trees stay, AVERAGE divides by every tree). Two weights for
                // the target in one leaf would be two float additions, which one leaf value cannot reproduce.
                trees = new List<RegressionTree>();
                for (int t = 0; t < ensemble.TreeCount; t++)
                {
                    var tree = ensemble.Tree(t, entries => entries.Count(e => e.Id == target) switch
                    {
                        0 => 0d,
                        1 => entries.First(e => e.Id == target).W,
                        _ => throw OnnxTreeEnsemble.Refuse(node, $"two weights for target {target} in one leaf of tree {t}", "one weight per target and leaf"),
                    });
                    trees.Add(tree!);
                }
            }
            bool average;
            switch (aggregate)
            {
                case "SUM":
                case "MIN" when ensemble.TreeCount == 1:
                case "MAX" when ensemble.TreeCount == 1:
                    // ONNX Runtime's MIN and MAX keep the smallest (largest) tree output, then add the base value: over one
                    // tree that is the sum.
                    average = false;
                    trees.Add(OnnxTreeEnsemble.Constant(baseValue));
                    break;
                case "AVERAGE":
                    // ONNX Runtime divides the sum by the tree count and adds the base value after; a non-zero
                    // base would need an addition after the division, which the runtime's average has not.
                    if (baseValue != 0) throw OnnxTreeEnsemble.Refuse(node, "aggregate_function AVERAGE with a base value", "AVERAGE without a base value, or SUM");
                    average = true;
                    break;
                default:
                    throw OnnxTreeEnsemble.Refuse(node, $"aggregate_function {aggregate} over {ensemble.TreeCount} trees",
                        "SUM, AVERAGE, and MIN or MAX over a single tree (DbScoring's tree ensembles add their trees)");
            }
            // Float thresholds and weights: ONNX Runtime adds in float, tree by tree; double ones: in double.
            var function = new TreeEnsembleScoreFunction(trees, average, features, floatSum: !ensemble.DoubleValues);
            var link = post == "PROBIT" ? RegressionLink.Probit : RegressionLink.Identity;
            string name = $"ONNX {operatorName}, {ensemble.TreeCount} trees, {aggregate}" + (ensemble.DoubleValues ? ", double" : "") + (post == "PROBIT" ? ", PROBIT" : "")
                + (targets > 1 ? $", target {target} of {targets}" : "");
            return new OnnxTranslatedPredictor(new RegressionPredictor(column, function, link), Array.Empty<string>(), ensemble.ThresholdsPerFeature, name,
                (label, scores) => new ExpectedOutput { Score = scores[target] });
        }
    }

    /// <summary>
    /// The target a regressor with several (n_targets, targets) is converted for: DbScoring's regression has one output,
    /// so each target is its own model, chosen with --target k (<see cref="ConversionOptions.Target"/>). Of the post
    /// transforms only those ONNX Runtime applies to each target alone (NONE, PROBIT) keep one target's score apart.
    /// </summary>
    internal static class OnnxTargets
    {
        public static int Choose(OnnxNode node, OnnxGraph graph, long targets, string post)
        {
            if (targets < 1) throw OnnxTreeEnsemble.Malformed(node, $"it has {targets} targets");
            if (targets == 1) return 0;
            if (graph.Target is not int k)
                throw OnnxTreeEnsemble.Refuse(node, $"n_targets = {targets}",
                    $"one target per model (DbScoring's regression has one output): convert target k of the {targets} with --target k (0…{targets - 1}), and register one model per target,");
            if (k < 0 || k >= targets) throw OnnxTreeEnsemble.Refuse(node, $"n_targets = {targets}, and --target {k} is not one of them", $"--target 0…{targets - 1}");
            if (post != "NONE" && post != "PROBIT")
                throw OnnxTreeEnsemble.Refuse(node, $"post_transform {post} over {targets} targets", "NONE and PROBIT with --target (ONNX Runtime's other post transforms over several targets mix them or differ from one target's)");
            graph.TargetTaken = $"{k} of {targets}";
            return k;
        }
    }

    /// <summary>The ONNX-ML post_transform values.</summary>
    internal static class OnnxPostTransform
    {
        public static readonly IReadOnlyCollection<string> Names = new[] { "NONE", "LOGISTIC", "SOFTMAX", "SOFTMAX_ZERO", "PROBIT" };

        /// <summary>The one-versus-all mode computing a multiclass post transform as ONNX Runtime does.</summary>
        public static OneVersusAllMode Mode(string post) => post switch
        {
            "LOGISTIC" => OneVersusAllMode.OnnxLogistic,
            "SOFTMAX" => OneVersusAllMode.OnnxSoftmax,
            "SOFTMAX_ZERO" => OneVersusAllMode.OnnxSoftmaxZero,
            "PROBIT" => OneVersusAllMode.OnnxProbit,
            _ => OneVersusAllMode.OnnxNone,
        };
    }
}
