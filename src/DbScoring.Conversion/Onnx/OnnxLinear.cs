using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// ai.onnx.ml LinearRegressor and LinearClassifier as ONNX Runtime scores them (linearregressor.cc,
    /// linearclassifier.cc): scores = X·coefficientsᵀ + intercepts in float (ONNX Runtime's GEMM may sum in another
    /// order or fused, within the gate's tolerance). One target and two labels: label = score &gt; 0, the probability
    /// column logistic(score) under LOGISTIC, else the score itself; K targets: label = class 0, then any strictly
    /// greater raw score; class scores = the post transform.
    /// </summary>
    internal static class OnnxLinear
    {
        public static OnnxTranslatedPredictor Regressor(OnnxNode node, OnnxGraph graph, OnnxValue input)
        {
            int features = input.Width;
            long targets = OnnxTreeEnsemble.Int(node, "targets", 1);
            string post = PostTransform(node);
            int target = OnnxTargets.Choose(node, graph, targets, post);
            var coefficients = OnnxTreeEnsemble.Floats(node, "coefficients");
            var intercepts = OnnxTreeEnsemble.FloatsOrEmpty(node, "intercepts");
            // ONNX Runtime reads the first targets × features coefficients and ignores any beyond (linearregressor.cc).
            if (coefficients.Count < targets * features) throw OnnxTreeEnsemble.Malformed(node, $"it has {coefficients.Count} coefficients for {targets} × {features} features");
            if (targets == 1 && intercepts.Count > 1) throw OnnxTreeEnsemble.Malformed(node, $"it has {intercepts.Count} intercepts for one target");
            // ONNX Runtime adds the intercepts only when there is one per target.
            float intercept = intercepts.Count == targets ? intercepts[target] : 0f;
            var function = new LinearScoreFunction(coefficients.Skip(target * features).Take(features).ToArray(), intercept);
            var link = post == "PROBIT" ? RegressionLink.Probit : RegressionLink.Identity;
            return new OnnxTranslatedPredictor(new RegressionPredictor(input.Column, function, link), Array.Empty<string>(), Empty(features),
                $"ONNX LinearRegressor, {features} features" + (post == "PROBIT" ? ", PROBIT" : "") + (targets > 1 ? $", target {target} of {targets}" : ""),
                (label, scores) => new ExpectedOutput { Score = scores[target] });
        }

        public static OnnxTranslatedPredictor Classifier(OnnxNode node, int column, int features)
        {
            string post = PostTransform(node);
            // Without class labels ONNX Runtime labels one score's rows 1 (score > 0) or 0, and writes the score alone.
            bool unlabelled = !node.Attributes.ContainsKey("classlabels_ints") && !node.Attributes.ContainsKey("classlabels_strings");
            if (unlabelled && post != "NONE") throw OnnxTreeEnsemble.Refuse(node, $"no class labels with post_transform {post}", "no class labels with post_transform NONE");
            var labels = unlabelled ? new List<string> { "0", "1" } : OnnxTreeClassifier.Labels(node, "classlabels_ints");
            var coefficients = OnnxTreeEnsemble.Floats(node, "coefficients");
            var intercepts = OnnxTreeEnsemble.FloatsOrEmpty(node, "intercepts");
            int targets = intercepts.Count;
            if (targets == 0 || coefficients.Count != targets * features)
                throw OnnxTreeEnsemble.Malformed(node, $"it has {coefficients.Count} coefficients and {targets} intercepts for {features} features");
            var functions = Enumerable.Range(0, targets)
                .Select(k => new LinearScoreFunction(coefficients.Skip(k * features).Take(features).ToArray(), intercepts[k])).ToList();
            if (targets == 1 && unlabelled)
            {
                var raw = new BinaryPredictor(column, functions[0], null, 0f, thresholdOnProbability: false);
                return new OnnxTranslatedPredictor(raw, labels, Empty(features), $"ONNX LinearClassifier, {features} features, labels 0 and 1 (none given), NONE",
                    (label, scores) => new ExpectedOutput { Score = scores[0], Label = label });
            }
            if (unlabelled) throw OnnxTreeEnsemble.Refuse(node, $"no class labels for {targets} scores", "class labels for more than one score");
            if (targets == 1)
            {
                // ONNX Runtime labels "1"/"0" unless there are exactly two labels.
                if (labels.Count != 2) throw OnnxTreeEnsemble.Refuse(node, $"one score with {labels.Count} class labels", "one score with two labels, or one score per label");
                if (post == "PROBIT") throw OnnxTreeEnsemble.Refuse(node, "post_transform PROBIT on one score", "NONE, LOGISTIC, SOFTMAX and SOFTMAX_ZERO there");
                bool logistic = post == "LOGISTIC";
                var predictor = new BinaryPredictor(column, functions[0], logistic ? new LogisticCalibrator() : null, 0f, thresholdOnProbability: false);
                Func<string?, float[], ExpectedOutput> expect = logistic
                    ? (label, scores) => new ExpectedOutput { Probability = scores[1], Label = label }
                    : (label, scores) => new ExpectedOutput { Score = scores[1], Label = label };
                return new OnnxTranslatedPredictor(predictor, labels, Empty(features), $"ONNX LinearClassifier, {features} features, 2 classes, {post}", expect);
            }
            if (targets != labels.Count) throw OnnxTreeEnsemble.Malformed(node, $"it has {targets} scores for {labels.Count} class labels");
            var multiclass = new OneVersusAllPredictor(column, functions, new Calibrator?[targets], OnnxPostTransform.Mode(post));
            return new OnnxTranslatedPredictor(multiclass, labels, Empty(features), $"ONNX LinearClassifier, {features} features, {targets} classes, {post}",
                (label, scores) => new ExpectedOutput { ClassScores = scores, Label = label });
        }

        private static string PostTransform(OnnxNode node)
        {
            string post = OnnxTreeEnsemble.Text(node, "post_transform", "NONE");
            return OnnxPostTransform.Names.Contains(post) ? post : throw OnnxTreeEnsemble.Malformed(node, $"post_transform {post} is not an ONNX post transform");
        }

        private static List<float>[] Empty(int features) => Enumerable.Range(0, features).Select(_ => new List<float>()).ToArray();
    }
}
