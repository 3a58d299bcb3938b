using System;
using System.Collections.Generic;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Runtime.Explanations
{
    /// <summary>
    /// Everything a model needs to explain rows, prepared once (on first use) and shared by every scorer: the slot → input
    /// lineage of the feature vector and one <see cref="FunctionExplainer"/> per output — or the reason it cannot explain.
    /// </summary>
    internal sealed class ModelExplainer
    {
        private readonly FunctionExplainer[] _functions;
        private readonly ScoreFunction[] _scoreFunctions;

        private ModelExplainer(FunctionExplainer[] functions, ScoreFunction[] scoreFunctions, string? refusal, int maxDepth, string scale)
        {
            _functions = functions;
            _scoreFunctions = scoreFunctions;
            Refusal = refusal;
            PathCapacity = TreeShap.PathCapacity(maxDepth);
            Scale = scale;
        }

        /// <summary>Why this model's rows cannot be explained; null when they can.</summary>
        internal string? Refusal { get; }

        /// <summary>Scratch path elements a scorer needs (<see cref="ShapScratch"/>).</summary>
        internal int PathCapacity { get; }

        /// <summary>What the explained raw score is, in words.</summary>
        internal string Scale { get; }

        /// <summary>The explainer of output <paramref name="index"/> (class index for multiclass, 0 otherwise).</summary>
        internal FunctionExplainer Function(int index) => _functions[index];

        /// <summary>The score function of output <paramref name="index"/>, whose raw score is explained.</summary>
        internal ScoreFunction ScoreFunction(int index) => _scoreFunctions[index];

        /// <summary>Number of outputs that can be explained (classes for multiclass, 1 otherwise).</summary>
        internal int OutputCount => _scoreFunctions.Length;

        internal static ModelExplainer Create(ModelDefinition model)
        {
            var predictor = model.Predictor;
            string scale = ScaleOf(predictor);
            IReadOnlyList<ScoreFunction> functions;
            int[] inputOfSlot;
            try
            {
                functions = ExplainedFunctions.Of(predictor);
                inputOfSlot = SlotLineage.Trace(model, predictor.FeatureColumn);
            }
            catch (ModelFormatException ex)
            {
                return Refuse(ex.Message, scale);
            }
            var explainers = new FunctionExplainer[functions.Count];
            int ensembleIndex = 0, maxDepth = 0;
            for (int k = 0; k < functions.Count; k++)
            {
                string? refusal;
                switch (functions[k])
                {
                    case LinearScoreFunction linear:
                        explainers[k] = LinearExplainer.TryCreate(linear, inputOfSlot, model, out refusal)!;
                        break;
                    case TreeEnsembleScoreFunction ensemble:
                        if (model.Explanations == null)
                            return Refuse("The model's trees have no node covers: it was converted without reference rows (DbScoring format 1.0, or no --sample). " +
                                "TreeSHAP needs them and DbScoring does not guess them; convert or register the ML.NET model again with --sample <csv of typical rows> to explain it.", scale);
                        var trees = TreeEnsembleExplainer.TryCreate(ensemble, model.Explanations, ensembleIndex++, inputOfSlot, model, out refusal);
                        if (trees != null) maxDepth = Math.Max(maxDepth, trees.MaxDepth);
                        explainers[k] = trees!;
                        break;
                    default:
                        refusal = $"Score function kind {functions[k].Kind} has no explanation rule.";
                        break;
                }
                if (refusal != null) return Refuse(refusal, scale);
            }
            var scoreFunctions = new ScoreFunction[functions.Count];
            for (int k = 0; k < scoreFunctions.Length; k++) scoreFunctions[k] = functions[k];
            return new ModelExplainer(explainers, scoreFunctions, null, maxDepth, scale);
        }

        private static ModelExplainer Refuse(string reason, string scale) =>
            new ModelExplainer(Array.Empty<FunctionExplainer>(), Array.Empty<ScoreFunction>(), "This model cannot be explained. " + reason, 0, scale);

        private static string ScaleOf(Predictor predictor)
        {
            switch (predictor)
            {
                case BinaryPredictor b:
                    return b.Calibrator == null ? "raw score (margin)" : "raw score (margin), before calibration to a probability";
                case RegressionPredictor r:
                    return r.Link == RegressionLink.Exponential ? "raw score: the log of the predicted value"
                        : r.Link == RegressionLink.Logistic ? "raw score: the logit of the predicted value"
                        : r.Link == RegressionLink.Probit ? "raw score, before probit" : "the predicted value";
                case MulticlassLinearPredictor m:
                    return m.Softmax ? "raw score of the class, before softmax" : "raw score of the class";
                case OneVersusAllPredictor o:
                    switch (o.Mode)
                    {
                        case OneVersusAllMode.Raw:
                        case OneVersusAllMode.OnnxNone: return "raw score of the class";
                        case OneVersusAllMode.Softmax: return "raw score of the class's binary model, before softmax";
                        case OneVersusAllMode.Distribution: return "raw score of the class's binary model, before calibration and normalization";
                        case OneVersusAllMode.OnnxLogistic: return "raw score of the class, before the logistic function";
                        case OneVersusAllMode.OnnxProbit: return "raw score of the class, before probit";
                        default: return "raw score of the class, before softmax";
                    }
                default:
                    return "raw score";
            }
        }
    }
}
