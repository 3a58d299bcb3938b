using System;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>Raw score function identifiers. Persisted — never renumber.</summary>
    public enum ScoreFunctionKind : ushort
    {
        /// <summary><see cref="LinearScoreFunction"/>.</summary>
        Linear = 1,
        /// <summary><see cref="TreeEnsembleScoreFunction"/>, summed in double (ML.NET).</summary>
        TreeEnsemble = 2,
        /// <summary><see cref="TreeEnsembleScoreFunction"/> with <see cref="TreeEnsembleScoreFunction.FloatSum"/>: summed in float, in tree order (XGBoost). Format 1.1.</summary>
        FloatSumTreeEnsemble = 3,
        /// <summary><see cref="LinearScoreFunction"/> with <see cref="LinearScoreFunction.BiasFirst"/>: ((bias + x₀w₀) + x₁w₁) + … in float (XGBoost gblinear). Format 1.1.</summary>
        BiasFirstLinear = 4,
        /// <summary>
        /// How a <see cref="TreeEnsembleScoreFunction"/> summed in double is stored from format 1.3: kind 2 in the compact
        /// tree encoding (<see cref="Format.CompactTreeCodec"/>). Only in blobs: <see cref="ScoreFunction.Kind"/> reports <see cref="TreeEnsemble"/>.
        /// </summary>
        CompactTreeEnsemble = 5,
        /// <summary>How a <see cref="FloatSumTreeEnsemble"/> is stored from format 1.3 (the compact tree encoding). Only in blobs, as kind 5.</summary>
        CompactFloatSumTreeEnsemble = 6,
    }

    /// <summary>Maps a feature vector to one raw (uncalibrated) score. Immutable and thread-safe.</summary>
    public abstract class ScoreFunction
    {
        /// <summary>Persisted kind.</summary>
        public abstract ScoreFunctionKind Kind { get; }

        /// <summary>Number of features read; the feature column must have exactly this length.</summary>
        public abstract int FeatureCount { get; }

        /// <summary>
        /// The raw score of <paramref name="features"/>[<paramref name="offset"/>, +<see cref="FeatureCount"/>).
        /// Convenience for tests and tools: it allocates scratch space; scorers use the allocation-free overload.
        /// </summary>
        public float Score(float[] features, int offset) => Score(features, offset, new Workspace(WorkspaceTreeMasks));

        /// <summary>The raw score, using the caller's scratch space.</summary>
        internal abstract float Score(float[] features, int offset, Workspace workspace);

        /// <summary>Whether <see cref="ScoreBlock"/> runs (QuickScorer forests on .NET 10 with SIMD hardware).</summary>
        internal virtual bool ScoresBlocks => false;

        /// <summary>
        /// The raw scores of the <see cref="RowBlock.Rows"/> rows staged in <paramref name="block"/> into
        /// <paramref name="scores"/>, bit for bit those of <see cref="Score(float[], int, Workspace)"/>. The feature vector
        /// of a staged row starts at <paramref name="featureOffset"/> within its floats.
        /// </summary>
        internal virtual void ScoreBlock(RowBlock block, int featureOffset, float[] scores) =>
            throw new NotSupportedException("This score function scores row by row.");

        /// <summary>Tree leaf masks this function needs in a <see cref="Workspace"/>.</summary>
        internal virtual int WorkspaceTreeMasks => 0;

        internal abstract void WriteBody(BlobWriter writer);

        /// <summary>The kind written before the body: <see cref="Kind"/>, unless the body has an encoding of its own (compact trees).</summary>
        internal virtual ScoreFunctionKind PersistedKind => Kind;

        /// <summary>Writes kind, length and body.</summary>
        internal static void Write(BlobWriter writer, ScoreFunction function)
        {
            writer.WriteUInt16((ushort)function.PersistedKind);
            int length = writer.BeginLength();
            function.WriteBody(writer);
            writer.EndLength(length);
        }

        /// <summary>Reads what <see cref="Write"/> wrote; unknown kinds are refused by number.</summary>
        internal static ScoreFunction Read(BlobReader reader)
        {
            ushort kind = reader.ReadUInt16();
            var body = reader.Slice(reader.ReadCount(1, "score function length"), reader.Context + ", score function " + kind);
            ScoreFunction function;
            switch ((ScoreFunctionKind)kind)
            {
                case ScoreFunctionKind.Linear: function = LinearScoreFunction.ReadBody(body); break;
                case ScoreFunctionKind.BiasFirstLinear: function = LinearScoreFunction.ReadBody(body, biasFirst: true); break;
                case ScoreFunctionKind.TreeEnsemble: function = TreeEnsembleScoreFunction.ReadBody(body, floatSum: false, compact: false); break;
                case ScoreFunctionKind.FloatSumTreeEnsemble: function = TreeEnsembleScoreFunction.ReadBody(body, floatSum: true, compact: false); break;
                case ScoreFunctionKind.CompactTreeEnsemble: function = TreeEnsembleScoreFunction.ReadBody(body, floatSum: false, compact: true); break;
                case ScoreFunctionKind.CompactFloatSumTreeEnsemble: function = TreeEnsembleScoreFunction.ReadBody(body, floatSum: true, compact: true); break;
                default: throw reader.Fail($"unknown score function kind {kind}; this runtime supports 1..6 (a newer DbScoring may be needed)");
            }
            body.ExpectEnd();
            return function;
        }
    }
}
