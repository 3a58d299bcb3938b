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
        public static OnnxTranslatedPredictor Translate(OnnxNode node, int column, int features)
        {
            long targets = OnnxTreeEnsemble.Int(node, "n_targets", 1);
            if (targets != 1) throw OnnxTreeEnsemble.Refuse(node, $"n_targets = {targets}", "single-target regressors (DbScoring's regression has one output)");
            string aggregate = OnnxTreeEnsemble.Text(node, "aggregate_function", "SUM");
            string post = OnnxTreeEnsemble.Text(node, "post_transform", "NONE");
            if (!OnnxPostTransform.Names.Contains(post)) throw OnnxTreeEnsemble.Malformed(node, $"post_transform {post} is not an ONNX post transform");
            var bases = OnnxTreeEnsemble.FloatsOrEmpty(node, "base_values");
            if (bases.Count > 1) throw OnnxTreeEnsemble.Malformed(node, $"base_values has {bases.Count} values for one target");
            float baseValue = bases.Count == 1 ? bases[0] : 0f;

            var ensemble = OnnxTreeEnsemble.Read(node, features, "target");
            if (ensemble.WeightIds.Any(id => id != 0)) throw OnnxTreeEnsemble.Malformed(node, "a target weight names a target other than 0 in a single-target regressor");
            // The one-output path of ONNX Runtime reads only the first weight of a leaf.
            var trees = Enumerable.Range(0, ensemble.TreeCount).Select(t => ensemble.Tree(t, entries => entries[0].W)!).ToList();
            bool average;
            switch (aggregate)
            {
                case "SUM":
                    average = false;
                    trees.Add(OnnxTreeEnsemble.Constant(baseValue));
                    break;
                case "AVERAGE":
                    // ONNX Runtime divides the float sum by the tree count and adds the base value after; a non-zero
                    // base would need an addition after the division, which the runtime's average has not.
                    if (baseValue != 0f) throw OnnxTreeEnsemble.Refuse(node, "aggregate_function AVERAGE with a base value", "AVERAGE without a base value, or SUM");
                    average = true;
                    break;
                default:
                    throw OnnxTreeEnsemble.Refuse(node, $"aggregate_function {aggregate}", "SUM and AVERAGE");
            }
            var function = new TreeEnsembleScoreFunction(trees, average, features, floatSum: true);
            var link = post == "PROBIT" ? RegressionLink.Probit : RegressionLink.Identity;
            string name = $"ONNX TreeEnsembleRegressor, {ensemble.TreeCount} trees, {aggregate}" + (post == "PROBIT" ? ", PROBIT" : "");
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
