using System;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// An execution-only rewrite of a QuickScorer tree ensemble over Concatenate(numbers…, one-hot keys…): the same
    /// kernel over folded tables (<see cref="QuickScorerForest.Fold"/>) that read numbers and keys straight from the
    /// frame. Same masks, same exit leaves, same sum (in double, or in float for XGBoost ensembles) as the ensemble. Built by <see cref="ExecutionPlan"/>; never serialized.
    /// </summary>
    internal sealed class FoldedTreeScoreFunction : ScoreFunction
    {
        private readonly QuickScorerForest _forest;
        private readonly int _featureCount;
        private readonly bool _average;
        private readonly bool _floatSum;

        private FoldedTreeScoreFunction(QuickScorerForest forest, int featureCount, bool average, bool floatSum)
        {
            _forest = forest;
            _featureCount = featureCount;
            _average = average;
            _floatSum = floatSum;
        }

        /// <summary>The folded tables.</summary>
        internal QuickScorerForest Forest => _forest;

        public override ScoreFunctionKind Kind => _floatSum ? ScoreFunctionKind.FloatSumTreeEnsemble : ScoreFunctionKind.TreeEnsemble;

        public override int FeatureCount => _featureCount;

        internal override int WorkspaceTreeMasks => _forest.TreeCount;

        internal override void WriteBody(BlobWriter writer) =>
            throw new InvalidOperationException("A folded tree ensemble exists only while scoring; write the model's own function.");

        /// <summary>
        /// Folds <paramref name="ensemble"/>'s QuickScorer tables over <paramref name="features"/>, or returns null when it
        /// is walked instead or a one-hot slot's test cannot be expressed per key (<see cref="QuickScorerForest.Fold"/>).
        /// </summary>
        internal static FoldedTreeScoreFunction? TryCreate(TreeEnsembleScoreFunction ensemble, FoldedFeatures features)
        {
            var folded = ensemble.QuickScorer?.Fold(features);
            return folded == null ? null : new FoldedTreeScoreFunction(folded, ensemble.FeatureCount, ensemble.Average, ensemble.FloatSum);
        }

#if NET
        internal override bool ScoresBlocks => QuickScorerForest.BlockKernelAvailable;

        internal override void ScoreBlock(RowBlock block, int featureOffset, float[] scores)
        {
            _forest.SumBlock(block.Floats, block.FloatStride, 0, block.Keys, block.KeyStride, _floatSum, block.Masks, block.Sums);
            for (int r = 0; r < RowBlock.Rows; r++) scores[r] = TreeEnsembleScoreFunction.Output(block.Sums[r], _average, _forest.TreeCount);
        }
#endif

        internal override float Score(float[] features, int offset, Workspace workspace)
        {
            var frame = workspace.Frame;
            double sum = _floatSum ? _forest.SumFloat(frame.Floats, 0, frame.Keys, workspace.TreeMasks) : _forest.Sum(frame.Floats, 0, frame.Keys, workspace.TreeMasks);
            return TreeEnsembleScoreFunction.Output(sum, _average, _forest.TreeCount);
        }
    }
}
