using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// Sum of tree outputs accumulated in double and returned as float, as ML.NET's InternalTreeEnsemble.GetOutput
    /// (src/Microsoft.ML.FastTree/TreeEnsemble/InternalTreeEnsemble.cs) does; ML.NET ignores the ensemble bias and
    /// tree weights when scoring. With <see cref="Average"/> the float sum is divided by the tree count, as
    /// FastForestRegressionModelParameters.Map does (src/Microsoft.ML.FastTree/RandomForestRegression.cs).
    /// With <see cref="FloatSum"/> (kind <see cref="ScoreFunctionKind.FloatSumTreeEnsemble"/>) the leaf values are instead
    /// added one tree at a time to a float, as XGBoost's CPU predictor adds each tree's leaf to the float prediction
    /// (src/predictor/cpu_predictor.cc); with large leaves of opposite signs the two sums differ visibly.
    /// Evaluation runs on <see cref="QuickScorerForest"/> (or <see cref="TraversalForest"/> for categorical splits and
    /// trees with more than 64 leaves), built once at load.
    /// </summary>
    public sealed class TreeEnsembleScoreFunction : ScoreFunction
    {
        private readonly RegressionTree[] _trees;
        private readonly int _featureCount;
        private readonly QuickScorerForest? _quick;
        private readonly TraversalForest? _traversal;

        /// <summary>Creates an ensemble over <paramref name="featureCount"/> features, summed in double.</summary>
        public TreeEnsembleScoreFunction(IReadOnlyList<RegressionTree> trees, bool average, int featureCount)
            : this(trees, average, featureCount, floatSum: false)
        {
        }

        /// <summary>Creates an ensemble; <paramref name="floatSum"/> sums the leaves in float, in tree order (XGBoost).</summary>
        public TreeEnsembleScoreFunction(IReadOnlyList<RegressionTree> trees, bool average, int featureCount, bool floatSum)
            : this(trees, average, featureCount, floatSum, storedTestOrder: null)
        {
        }

        /// <summary>
        /// Creates an ensemble whose QuickScorer tables take their tests in <paramref name="storedTestOrder"/> (the blob's
        /// section 8, checked against the trees) instead of sorting them; null sorts.
        /// </summary>
        internal TreeEnsembleScoreFunction(IReadOnlyList<RegressionTree> trees, bool average, int featureCount, bool floatSum, int[]? storedTestOrder)
        {
            if (trees == null) throw new ArgumentNullException(nameof(trees));
            _trees = new RegressionTree[trees.Count];
            for (int i = 0; i < trees.Count; i++) _trees[i] = trees[i];
            Average = average;
            FloatSum = floatSum;
            _featureCount = featureCount;
            // Every tree is validated here, not only when read, so that no evaluator is ever built over a cyclic or
            // malformed tree: by the QuickScorer build as it takes each tree (one walk validates and numbers the leaves),
            // or below for an ensemble that is walked.
            _quick = QuickScorerForest.TryCreate(_trees, featureCount, storedTestOrder);
            TestOrderFromBlob = _quick != null && storedTestOrder != null;
            if (_quick == null)
            {
                var validation = new RegressionTree.Validation();
                for (int i = 0; i < _trees.Length; i++) _trees[i].Validate(featureCount, i, validation);
                if (storedTestOrder != null && storedTestOrder.Length > 0)
                    throw new ModelFormatException($"The QuickScorerOrder section lists {storedTestOrder.Length} tests for an ensemble that is walked, not QuickScored (categorical splits or trees of more than 64 leaves). Convert the model again.");
                _traversal = new TraversalForest(_trees);
            }
        }

        /// <summary>Whether the QuickScorer tables took their test order from the blob (section 8) rather than sorting.</summary>
        internal bool TestOrderFromBlob { get; }

        /// <summary>The QuickScorer tables, or null when the ensemble is walked (categorical splits, &gt; 64 leaves).</summary>
        internal QuickScorerForest? QuickScorer => _quick;

        /// <summary>The trees, in summation order.</summary>
        public IReadOnlyList<RegressionTree> Trees => _trees;

        /// <summary>Whether the score is the mean rather than the sum of the tree outputs (FastForest regression).</summary>
        public bool Average { get; }

        /// <summary>Whether leaf values are accumulated in float, tree by tree (XGBoost), rather than in double (ML.NET).</summary>
        public bool FloatSum { get; }

        /// <inheritdoc />
        public override ScoreFunctionKind Kind => FloatSum ? ScoreFunctionKind.FloatSumTreeEnsemble : ScoreFunctionKind.TreeEnsemble;

        /// <inheritdoc />
        public override int FeatureCount => _featureCount;

        internal override int WorkspaceTreeMasks => _trees.Length;

        internal override float Score(float[] features, int offset, Workspace workspace)
        {
            if (FloatSum)
            {
                float floatSum = _quick != null ? _quick.SumFloat(features, offset, null, workspace.TreeMasks) : _traversal!.SumFloat(features, offset);
                return Average ? floatSum / _trees.Length : floatSum;
            }
            double sum = _quick != null ? _quick.Sum(features, offset, null, workspace.TreeMasks) : _traversal!.Sum(features, offset);
            return Output(sum, Average, _trees.Length);
        }

#if NET
        internal override bool ScoresBlocks => _quick != null && QuickScorerForest.BlockKernelAvailable;

        internal override void ScoreBlock(RowBlock block, int featureOffset, float[] scores)
        {
            _quick!.SumBlock(block.Floats, block.FloatStride, featureOffset, null, 0, FloatSum, block.Masks, block.Sums);
            for (int r = 0; r < RowBlock.Rows; r++) scores[r] = Output(block.Sums[r], Average, _trees.Length);
        }
#endif

        /// <summary>
        /// The ensemble's output from the sum of its tree outputs: the float sum, or with <paramref name="average"/> that
        /// divided by the tree count. A <see cref="FloatSum"/> sum passes through <paramref name="sum"/> exactly.
        /// </summary>
        internal static float Output(double sum, bool average, int treeCount) => average ? (float)sum / treeCount : (float)sum;

        /// <summary>Written in the compact tree encoding (format 1.3, <see cref="CompactTreeCodec"/>).</summary>
        internal override ScoreFunctionKind PersistedKind => FloatSum ? ScoreFunctionKind.CompactFloatSumTreeEnsemble : ScoreFunctionKind.CompactTreeEnsemble;

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteBoolean(Average);
            writer.WriteInt32(_featureCount);
            writer.WriteInt32(_trees.Length);
            foreach (var tree in _trees) CompactTreeCodec.Write(writer, tree);
        }

        /// <summary>Reads a body of kind 2 or 3 (<paramref name="compact"/> false: each tree as <see cref="RegressionTree.Read"/>) or 5 or 6 (the compact tree encoding).</summary>
        internal static TreeEnsembleScoreFunction ReadBody(BlobReader reader, bool floatSum, bool compact)
        {
            bool average = reader.ReadBoolean();
            // At most what a features column can hold: an older blob without a stored test order sizes a table by it before
            // the ensemble is checked against that column, so a hostile count must be refused here, before it allocates.
            int featureCount = reader.ReadInt32InRange(1, ModelValidator.MaxFrameSlots, "feature count");
            int count = reader.ReadCount(compact ? CompactTreeCodec.MinimumTreeBytes : 20, "tree count");
            var trees = new RegressionTree[count];
            for (int t = 0; t < count; t++) trees[t] = compact ? CompactTreeCodec.Read(reader) : RegressionTree.Read(reader);
            if (average && count == 0) throw reader.Fail("an averaged ensemble needs at least one tree");
            try
            {
                return new TreeEnsembleScoreFunction(trees, average, featureCount, floatSum, reader.TestOrders?.Next());
            }
            catch (ModelFormatException ex)
            {
                throw reader.Fail(ex.Message);
            }
        }
    }
}
