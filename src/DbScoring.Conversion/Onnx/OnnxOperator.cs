using System;
using System.Collections.Generic;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>How one ONNX operator is converted; one instance per entry of <see cref="SupportedComponents.OnnxOperators"/>.</summary>
    internal sealed class OnnxOperator
    {
        private OnnxOperator(string description, Func<OnnxNode, int, int, OnnxTranslatedPredictor>? translate)
        {
            Description = description;
            Translate = translate;
        }

        /// <summary>What it becomes, for the docs.</summary>
        public string Description { get; }

        /// <summary>(node, feature column, feature count) → the predictor; null for an operator that only reshapes the outputs.</summary>
        public Func<OnnxNode, int, int, OnnxTranslatedPredictor>? Translate { get; }

        /// <summary>Whether the operator is the model's predictor (rather than an output adapter such as ZipMap).</summary>
        public bool IsPredictor => Translate != null;

        public static OnnxOperator TreeEnsembleRegressor { get; } = new OnnxOperator(
            "regression: Score = Σ trees (float, in listed order; each leaf's first weight) + base value, or the AVERAGE without a base value; " +
            "node modes BRANCH_LEQ/LT/GTE/GT, missing-value tracks; one target; post_transform PROBIT applied, the others do nothing to one target in ONNX Runtime",
            OnnxTreeRegressor.Translate);

        public static OnnxOperator TreeEnsembleClassifier { get; } = new OnnxOperator(
            "two classes: Score = the scored class's Σ trees (+ base value), Probability = ONNX Runtime's class-1 probability (LOGISTIC, or the sum itself " +
            "when no weight is negative), label by ONNX Runtime's rule; three or more: class scores = post_transform (NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO, PROBIT) " +
            "of Σ trees + base values, label = largest raw score; int64 or string labels",
            OnnxTreeClassifier.Translate);

        public static OnnxOperator ZipMap { get; } = new OnnxOperator(
            "the classifier's probabilities as a map per row: read by class label into the class scores / Probability", null);
    }

    /// <summary>
    /// A translated ONNX predictor: its class labels, the split values per feature (for parity rows), a name, and how
    /// ONNX Runtime's outputs for a row (label text, or null; the score or probability tensor's row) are compared.
    /// </summary>
    internal sealed class OnnxTranslatedPredictor
    {
        public OnnxTranslatedPredictor(Predictor predictor, IReadOnlyList<string> classLabels, List<float>[] thresholds, string algorithm,
            Func<string?, float[], ExpectedOutput> expect)
        {
            Predictor = predictor; ClassLabels = classLabels; Thresholds = thresholds; Algorithm = algorithm; Expect = expect;
        }

        public Predictor Predictor { get; }
        public IReadOnlyList<string> ClassLabels { get; }
        public List<float>[] Thresholds { get; }
        public string Algorithm { get; }
        public Func<string?, float[], ExpectedOutput> Expect { get; }
    }
}
