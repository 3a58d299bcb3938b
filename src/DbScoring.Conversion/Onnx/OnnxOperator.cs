using System;
using System.Collections.Generic;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>How one ONNX operator becomes the predictor; one instance per entry of <see cref="SupportedComponents.OnnxOperators"/>.</summary>
    internal sealed class OnnxOperator
    {
        private OnnxOperator(string description, Func<OnnxNode, int, int, OnnxTranslatedPredictor> translate)
        {
            Description = description;
            Translate = translate;
        }

        /// <summary>What it becomes, for the docs.</summary>
        public string Description { get; }

        /// <summary>(node, feature column, feature count) → the predictor and what the parity gate needs.</summary>
        public Func<OnnxNode, int, int, OnnxTranslatedPredictor> Translate { get; }

        public static OnnxOperator TreeEnsembleRegressor { get; } = new OnnxOperator(
            "regression: Score = Σ trees (float, tree order) + base value; modes BRANCH_LEQ/LT/GTE/GT, missing-value tracks, aggregate SUM, post_transform NONE",
            (node, column, features) =>
            {
                var trees = OnnxTreeEnsemble.Regressor(node, features, out _, out var thresholds);
                var function = new TreeEnsembleScoreFunction(trees, average: false, features, floatSum: true);
                return new OnnxTranslatedPredictor(new RegressionPredictor(column, function, RegressionLink.Identity), Array.Empty<string>(), thresholds, "ONNX TreeEnsembleRegressor, " + (trees.Count - 1) + " trees");
            });
    }

    /// <summary>A translated ONNX predictor with its class labels, the split values per feature (for parity rows) and a name.</summary>
    internal sealed class OnnxTranslatedPredictor
    {
        public OnnxTranslatedPredictor(Predictor predictor, IReadOnlyList<string> classLabels, List<float>[] thresholds, string algorithm)
        {
            Predictor = predictor; ClassLabels = classLabels; Thresholds = thresholds; Algorithm = algorithm;
        }

        public Predictor Predictor { get; }
        public IReadOnlyList<string> ClassLabels { get; }
        public List<float>[] Thresholds { get; }
        public string Algorithm { get; }
    }
}
