using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// ai.onnx.ml TreeEnsembleClassifier → a binary or multiclass predictor, as ONNX Runtime 1.31 scores it
    /// (tree_ensemble_aggregator.h TreeAggregatorClassifier, ml_common.h write_scores), checked case by case against it:
    /// <list type="bullet">
    /// <item>Three or more classes: each class's weights are added in float tree by tree, then its base value; the label is
    /// the first class with the largest raw score; the post transform turns the scores into the class scores.</item>
    /// <item>Two classes with weights for one class only (gradient boosting, random forests from skl2onnx):
    /// s = Σ weights (+ base value for class 0). The label is class 1 when s &gt; 0.5 if no weight is negative, else when
    /// s &gt; 0. ONNX Runtime's class-1 probability is logistic(s) under LOGISTIC, else s itself (all weights
    /// non-negative: a probability) or the raw score.</item>
    /// <item>Two classes with weights for both: the label is class 1 when class 1's score &gt; 0.</item>
    /// </list>
    /// Configurations where ONNX Runtime drops the trees' sum or a class's score (two base values for two classes,
    /// base values with weights for class 1 only, a class some rows get no weight for) are refused.
    /// </summary>
    internal static class OnnxTreeClassifier
    {
        public static OnnxTranslatedPredictor Translate(OnnxNode node, int column, int features)
        {
            var labels = Labels(node);
            string post = OnnxTreeEnsemble.Text(node, "post_transform", "NONE");
            if (!OnnxPostTransform.Names.Contains(post)) throw OnnxTreeEnsemble.Malformed(node, $"post_transform {post} is not an ONNX post transform");
            var bases = OnnxTreeLists.BaseValues(node);
            var ensemble = OnnxTreeEnsemble.Read(node, features, "class");
            foreach (long id in ensemble.WeightIds)
                if (id < 0 || id >= labels.Count) throw OnnxTreeEnsemble.Malformed(node, $"a class weight names class {id}, outside 0..{labels.Count - 1}");
            return labels.Count == 2 ? Binary(node, labels, post, bases, ensemble, column, features) : Multiclass(node, labels, post, bases, ensemble, column, features);
        }

        /// <summary>The class labels as text, from <paramref name="intsName"/> (int64 labels) or classlabels_strings.</summary>
        internal static List<string> Labels(OnnxNode node, string intsName = "classlabels_int64s")
        {
            var ints = node.Attributes.TryGetValue(intsName, out var i) ? i.Ints : new List<long>();
            var strings = node.Attributes.TryGetValue("classlabels_strings", out var s) ? s.Strings : new List<string>();
            if ((ints.Count == 0) == (strings.Count == 0)) throw OnnxTreeEnsemble.Malformed(node, $"it needs exactly one of {intsName} and classlabels_strings");
            var labels = strings.Count > 0 ? strings : ints.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToList();
            if (labels.Count < 2)
                throw OnnxTreeEnsemble.Refuse(node, $"one class label ('{labels[0]}'; ONNX Runtime labels a row with it or with 0)", "classifiers with two or more class labels");
            var duplicate = labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null) throw OnnxTreeEnsemble.Malformed(node, $"the class label '{duplicate.Key}' is listed twice");
            return labels;
        }

        /// <summary>Class <paramref name="id"/>'s sum of a leaf's weights, in attribute order: in float, or in double for double weights (*_as_tensor).</summary>
        private static double Sum(IReadOnlyList<(long Id, double W)> entries, long id, bool inDouble)
        {
            float sum = 0f;
            double doubleSum = 0;
            foreach (var (entryId, w) in entries)
                if (entryId == id) { sum += (float)w; doubleSum += w; }
            return inDouble ? doubleSum : sum;
        }

        /// <summary>The float-sum ensemble of class <paramref name="id"/> (trees without its weights left out), then the base value if any.</summary>
        private static TreeEnsembleScoreFunction Function(OnnxTreeEnsemble ensemble, long id, double? baseValue, int features)
        {
            var trees = new List<RegressionTree>();
            for (int t = 0; t < ensemble.TreeCount; t++)
            {
                var tree = ensemble.Tree(t, entries => Sum(entries, id, ensemble.DoubleValues), entries => entries.All(e => e.Id != id));
                if (tree != null) trees.Add(tree);
            }
            if (baseValue is double b) trees.Add(OnnxTreeEnsemble.Constant(b));
            return new TreeEnsembleScoreFunction(trees, average: false, features, floatSum: !ensemble.DoubleValues);
        }

        private static OnnxTranslatedPredictor Multiclass(OnnxNode node, List<string> labels, string post, List<double> bases, OnnxTreeEnsemble ensemble, int column, int features)
        {
            if (bases.Count != 0 && bases.Count != labels.Count)
                throw OnnxTreeEnsemble.Malformed(node, $"base_values has {bases.Count} values for {labels.Count} classes (ONNX Runtime needs 0 or {labels.Count})");
            // ONNX Runtime labels a row by the largest score among the classes it got a weight for (get_max_weight, has_score).
            // DbScoring compares all classes, a class without weights at 0: the same label when every weight is above 0
            // and every row gets one (the largest score is then above 0).
            if (bases.Count == 0 && !(ensemble.WeightsAllPositive && ensemble.EveryRowGetsAWeight))
                for (int k = 0; k < labels.Count; k++)
                    if (!ensemble.EveryRowGetsWeightFor(k))
                        throw OnnxTreeEnsemble.Refuse(node, $"class '{labels[k]}' without a weight in every tree's leaves and without base values (ONNX Runtime leaves a class that gets no weight on a row out of that row's label)",
                            "classifiers where every row gets a weight for every class, or whose weights are all above 0");
            var functions = Enumerable.Range(0, labels.Count).Select(k => (ScoreFunction)Function(ensemble, k, bases.Count == 0 ? null : bases[k], features)).ToList();
            var predictor = new OneVersusAllPredictor(column, functions, new Calibrator?[labels.Count], OnnxPostTransform.Mode(post));
            return new OnnxTranslatedPredictor(predictor, labels, ensemble.ThresholdsPerFeature,
                $"ONNX TreeEnsembleClassifier, {ensemble.TreeCount} trees, {labels.Count} classes, {post}" + (ensemble.DoubleValues ? ", double" : ""),
                (label, scores) => new ExpectedOutput { ClassScores = scores, Label = label });
        }

        private static OnnxTranslatedPredictor Binary(OnnxNode node, List<string> labels, string post, List<double> bases, OnnxTreeEnsemble ensemble, int column, int features)
        {
            if (post == "PROBIT") throw OnnxTreeEnsemble.Refuse(node, "post_transform PROBIT on two classes (ONNX Runtime writes one probit value and a 0)", "NONE, LOGISTIC, SOFTMAX and SOFTMAX_ZERO on two classes");
            if (bases.Count > 1) throw OnnxTreeEnsemble.Refuse(node, $"{bases.Count} base_values on two classes (ONNX Runtime then does not add the trees' sum to class 1)", "at most one base value on two classes");
            var ids = ensemble.WeightIds;
            bool classZeroOnly = ids.Count == 1 && ids.Contains(0);
            bool classOneOnly = ids.Count == 1 && ids.Contains(1);
            bool allPositive = ensemble.WeightsAllNonNegative;
            float threshold = allPositive ? 0.5f : 0f;
            string shape;
            if (classZeroOnly) shape = "weights for one class";
            else if (classOneOnly)
            {
                if (bases.Count == 1 && bases[0] != 0) throw OnnxTreeEnsemble.Refuse(node, "a base value with weights for class 1 only (ONNX Runtime ignores it)", "a base value with weights for class 0");
                if (post == "SOFTMAX_ZERO") throw OnnxTreeEnsemble.Refuse(node, "post_transform SOFTMAX_ZERO with weights for class 1 only (ONNX Runtime then gives class 1 a probability of 1)", "NONE, LOGISTIC and SOFTMAX there");
                shape = "weights for class 1";
            }
            else
            {
                if (bases.Count != 0) throw OnnxTreeEnsemble.Refuse(node, "a base value with weights for both of two classes", "no base value there");
                if (post == "SOFTMAX" || post == "SOFTMAX_ZERO") throw OnnxTreeEnsemble.Refuse(node, $"post_transform {post} with weights for both of two classes", "NONE and LOGISTIC there");
                if (!ensemble.EveryRowGetsWeightFor(1))
                    throw OnnxTreeEnsemble.Refuse(node, "class 1 without a weight in every leaf of some tree (ONNX Runtime then labels by class 0's score on those rows)", "two-class classifiers where every row gets a weight for class 1");
                if (!Enumerable.SequenceEqual(labels, new[] { "0", "1" }) && node.Attributes.ContainsKey("classlabels_int64s"))
                    throw OnnxTreeEnsemble.Refuse(node, "weights for both of two classes with int64 labels other than 0 and 1 (ONNX Runtime then labels rows 0 or 1)", "string labels or the labels 0 and 1 there");
                shape = "weights for both classes";
                threshold = 0f;   // not the binary case in ONNX Runtime: label 1 when class 1's score > 0
            }
            long scored = classZeroOnly ? 0 : 1;
            var function = Function(ensemble, scored, classZeroOnly && bases.Count == 1 ? bases[0] : null, features);
            // ONNX Runtime's second probability column: logistic(s) under LOGISTIC (and SOFTMAX over [0, s]); otherwise
            // s, which is the probability when every weight is non-negative (random forests) and a raw score otherwise.
            Calibrator? calibrator = post == "LOGISTIC" || (classOneOnly && post == "SOFTMAX") ? new LogisticCalibrator()
                : allPositive ? new IdentityCalibrator() : null;
            var predictor = new BinaryPredictor(column, function, calibrator, threshold, thresholdOnProbability: false);
            Func<string?, float[], ExpectedOutput> expect = calibrator == null
                ? (label, scores) => new ExpectedOutput { Score = scores[1], Label = label }
                : (label, scores) => new ExpectedOutput { Probability = scores[1], Label = label };
            return new OnnxTranslatedPredictor(predictor, labels, ensemble.ThresholdsPerFeature,
                $"ONNX TreeEnsembleClassifier, {ensemble.TreeCount} trees, 2 classes ({shape}), {post}" + (ensemble.DoubleValues ? ", double" : ""), expect);
        }
    }
}
