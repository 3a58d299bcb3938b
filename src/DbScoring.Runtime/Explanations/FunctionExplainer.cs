using System;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Runtime.Explanations
{
    /// <summary>Explains one score function (one output) per input; immutable and shared by every scorer of a model.</summary>
    internal abstract class FunctionExplainer
    {
        internal abstract ExplanationMethod Method { get; }

        /// <summary>
        /// Writes one contribution per input into <paramref name="contributions"/> (cleared first) for the transformed features
        /// <paramref name="features"/>[<paramref name="offset"/>…] and returns the base value.
        /// </summary>
        internal abstract double Explain(float[] features, int offset, double[] contributions, ShapScratch scratch);
    }

    /// <summary>
    /// Linear: contribution of an input = Σ weight × transformed value over the feature slots it produced (after one-hot,
    /// hashing, normalization and missing-value replacement); base = bias (plus the terms of constant slots, if any).
    /// Summed in double; the model itself sums in float, hence "up to float rounding".
    /// </summary>
    internal sealed class LinearExplainer : FunctionExplainer
    {
        private readonly LinearScoreFunction _function;
        private readonly int[] _inputOfSlot;

        private LinearExplainer(LinearScoreFunction function, int[] inputOfSlot)
        {
            _function = function;
            _inputOfSlot = inputOfSlot;
        }

        internal override ExplanationMethod Method => ExplanationMethod.Linear;

        /// <summary>The explainer, or null with <paramref name="refusal"/> when a weighted slot mixes several inputs.</summary>
        internal static LinearExplainer? TryCreate(LinearScoreFunction function, int[] inputOfSlot, ModelDefinition model, out string? refusal)
        {
            for (int slot = 0; slot < inputOfSlot.Length; slot++)
            {
                if (inputOfSlot[slot] == SlotLineage.SeveralInputs && function.Weights[slot] != 0f)
                {
                    refusal = $"{SlotLineage.Describe(model, model.Predictor.FeatureColumn, slot)} counts values of several inputs together (a bag of a vector column), so its weight cannot be attributed to one input.";
                    return null;
                }
            }
            refusal = null;
            return new LinearExplainer(function, inputOfSlot);
        }

        /// <summary>
        /// The same contributions computed on the execution plan's folded features (the frame after the plan's transforms),
        /// at about the cost of scoring; returns the base and the raw score as scoring computed it.
        /// </summary>
        internal double ExplainFolded(FoldedLinearScoreFunction folded, Workspace workspace, double[] contributions, out float rawScore) =>
            folded.Explain(workspace, _inputOfSlot, contributions, out rawScore);

        internal override double Explain(float[] features, int offset, double[] contributions, ShapScratch scratch)
        {
            Array.Clear(contributions, 0, contributions.Length);
            double bias = _function.Bias;
            var weights = _function.Weights;
            for (int slot = 0; slot < _inputOfSlot.Length; slot++)
            {
                float weight = weights[slot];
                float value = features[offset + slot];
                int input = _inputOfSlot[slot];
                if (weight == 0f && !float.IsNaN(value) && !float.IsInfinity(value)) continue; // 0 × finite adds nothing
                double term = (double)(weight * value); // the model's float product, widened
                if (input >= 0) contributions[input] += term;
                else if (input == SlotLineage.NoInput) bias += term;
            }
            return bias;
        }
    }

    /// <summary>
    /// Tree ensemble: Σ over trees of <see cref="TreeShap"/> (÷ tree count when the ensemble averages); base = Σ expected
    /// tree outputs under the reference rows (÷ tree count likewise).
    /// </summary>
    internal sealed class TreeEnsembleExplainer : FunctionExplainer
    {
        private readonly ShapTree[] _trees;
        private readonly double _scale;
        private readonly double _expected;

        private TreeEnsembleExplainer(ShapTree[] trees, double scale)
        {
            _trees = trees;
            _scale = scale;
            double expected = 0;
            foreach (var tree in trees) expected += tree.Expected;
            _expected = expected * scale;
            foreach (var tree in trees) MaxDepth = Math.Max(MaxDepth, tree.Depth);
        }

        internal override ExplanationMethod Method => ExplanationMethod.TreeShap;

        /// <summary>The deepest tree's depth, which sizes the scratch.</summary>
        internal int MaxDepth { get; }

        /// <summary>The explainer, or null with <paramref name="refusal"/> when a split cannot be attributed to one input.</summary>
        internal static TreeEnsembleExplainer? TryCreate(TreeEnsembleScoreFunction ensemble, ExplanationData covers, int ensembleIndex,
            int[] inputOfSlot, ModelDefinition model, out string? refusal)
        {
            var trees = new ShapTree[ensemble.Trees.Count];
            for (int t = 0; t < trees.Length; t++)
            {
                var tree = ensemble.Trees[t];
                var players = new int[tree.NodeCount];
                for (int node = 0; node < tree.NodeCount; node++)
                {
                    int[] categorical = tree.CategoricalFeatures[node];
                    int player = categorical.Length == 0 ? inputOfSlot[tree.SplitFeature[node]] : inputOfSlot[categorical[0]];
                    for (int i = 1; i < categorical.Length; i++)
                        if (inputOfSlot[categorical[i]] != player) player = SlotLineage.SeveralInputs;
                    if (player < 0)
                    {
                        refusal = $"Tree {t} node {node} splits on {(player == SlotLineage.NoInput ? "a feature that comes from no input" : "features of several inputs at once")}, so its split cannot be attributed to one input.";
                        return null;
                    }
                    players[node] = player;
                }
                trees[t] = new ShapTree(tree, players, covers.LeafCoversNoCopy(ensembleIndex, t));
            }
            refusal = null;
            return new TreeEnsembleExplainer(trees, ensemble.Average ? 1.0 / Math.Max(1, trees.Length) : 1.0);
        }

        internal override double Explain(float[] features, int offset, double[] contributions, ShapScratch scratch)
        {
            Array.Clear(contributions, 0, contributions.Length);
            for (int t = 0; t < _trees.Length; t++) TreeShap.Add(_trees[t], features, offset, contributions, _scale, scratch);
            return _expected;
        }
    }
}
