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
        public static OnnxTranslatedPredictor Translate(OnnxNode node, int column, int features)
        {
            long targets = OnnxTreeEnsemble.Int(node, "n_targets", 1);
            string aggregate = OnnxTreeEnsemble.Text(node, "aggregate_function", "SUM");
            string post = OnnxTreeEnsemble.Text(node, "post_transform", "NONE");
            var bases = OnnxTreeEnsemble.FloatsOrEmpty(node, "base_values");
            if (bases.Count > 1 && targets == 1) throw OnnxTreeEnsemble.Malformed(node, $"base_values has {bases.Count} values for one target");
            return Translate(node, column, features, targets, aggregate, post, bases.Count == 1 ? bases[0] : 0f,
                () => OnnxTreeEnsemble.Read(node, features, "target"), "TreeEnsembleRegressor");
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
            string aggregateName = new[] { "AVERAGE", "SUM", "MIN", "MAX" }[aggregate];
            string postName = new[] { "NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO", "PROBIT" }[post];
            var lists = OnnxTreeLists.FromV5(node);
            if (targets != 1) throw OnnxTreeEnsemble.Refuse(node, $"n_targets = {targets}", "single-target regressors (DbScoring's regression has one output)");
            var members = OnnxTreeMembership.Add(graph, node, input, lists);
            return Translate(node, members?.Column ?? input.Column, members?.Width ?? input.Width, targets, aggregateName, postName, 0f,
                () => OnnxTreeEnsemble.Read(node, input.Width, lists, members), "TreeEnsemble");
        }

        private static OnnxTranslatedPredictor Translate(OnnxNode node, int column, int features, long targets, string aggregate, string post, float baseValue,
            Func<OnnxTreeEnsemble> read, string operatorName)
        {
            if (targets != 1) throw OnnxTreeEnsemble.Refuse(node, $"n_targets = {targets}", "single-target regressors (DbScoring's regression has one output)");
            if (!OnnxPostTransform.Names.Contains(post)) throw OnnxTreeEnsemble.Malformed(node, $"post_transform {post} is not an ONNX post transform");

            var ensemble = read();
            if (ensemble.WeightIds.Any(id => id != 0)) throw OnnxTreeEnsemble.Malformed(node, "a target weight names a target other than 0 in a single-target regressor");
            // The one-output path of ONNX Runtime reads only the first weight of a leaf.
            var trees = Enumerable.Range(0, ensemble.TreeCount).Select(t => ensemble.Tree(t, entries => entries[0].W)!).ToList();
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
                    if (baseValue != 0f) throw OnnxTreeEnsemble.Refuse(node, "aggregate_function AVERAGE with a base value", "AVERAGE without a base value, or SUM");
                    average = true;
                    break;
                default:
                    throw OnnxTreeEnsemble.Refuse(node, $"aggregate_function {aggregate} over {ensemble.TreeCount} trees",
                        "SUM, AVERAGE, and MIN or MAX over a single tree (DbScoring's tree ensembles add their trees)");
            }
            // Float thresholds and weights: ONNX Runtime adds in float, tree by tree; double ones: in double.
            var function = new TreeEnsembleScoreFunction(trees, average, features, floatSum: !ensemble.DoubleValues);
            var link = post == "PROBIT" ? RegressionLink.Probit : RegressionLink.Identity;
            string name = $"ONNX {operatorName}, {ensemble.TreeCount} trees, {aggregate}" + (ensemble.DoubleValues ? ", double" : "") + (post == "PROBIT" ? ", PROBIT" : "");
            return new OnnxTranslatedPredictor(new RegressionPredictor(column, function, link), Array.Empty<string>(), ensemble.ThresholdsPerFeature, name,
                (label, scores) => new ExpectedOutput { Score = scores[0] });
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
