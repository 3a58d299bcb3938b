using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>Predictor identifiers. Persisted — never renumber.</summary>
    public enum PredictorKind : ushort
    {
        /// <summary><see cref="BinaryPredictor"/>.</summary>
        Binary = 1,
        /// <summary><see cref="RegressionPredictor"/>.</summary>
        Regression = 2,
        /// <summary><see cref="MulticlassLinearPredictor"/>.</summary>
        MulticlassLinear = 3,
        /// <summary><see cref="OneVersusAllPredictor"/>.</summary>
        OneVersusAll = 4,
    }

    /// <summary>
    /// Turns the feature column into a <see cref="Prediction"/>. Immutable and thread-safe: all per-row state lives
    /// in the caller's <see cref="Prediction"/>.
    /// </summary>
    public abstract class Predictor
    {
        /// <summary>Creates a predictor reading working column <paramref name="featureColumn"/>.</summary>
        protected Predictor(int featureColumn)
        {
            FeatureColumn = featureColumn;
        }

        /// <summary>Index of the float working column holding the feature vector.</summary>
        public int FeatureColumn { get; }

        /// <summary>Persisted kind.</summary>
        public abstract PredictorKind Kind { get; }

        /// <summary>The task, which fixes the output shape.</summary>
        public abstract PredictionKind Task { get; }

        /// <summary>Number of features read.</summary>
        public abstract int FeatureCount { get; }

        /// <summary>Tree leaf masks this predictor needs in a <see cref="Workspace"/>.</summary>
        internal abstract int WorkspaceTreeMasks { get; }

        /// <summary>Multiclass: number of classes; otherwise 0.</summary>
        public virtual int ClassCount => 0;

        internal abstract void WriteBody(BlobWriter writer);

        /// <summary>
        /// The score functions whose raw scores make this predictor's prediction, when every one of them scores blocks of
        /// rows (<see cref="ScoreFunction.ScoresBlocks"/>); null otherwise, and the batch path scores row by row.
        /// </summary>
        internal virtual ScoreFunction[]? BlockFunctions => null;

        /// <summary>
        /// Completes row <paramref name="row"/>'s prediction from its raw scores in <paramref name="block"/>
        /// (<see cref="RowBlock.Raw"/>, one per <see cref="BlockFunctions"/> entry), exactly as <see cref="Predict"/> would.
        /// </summary>
        internal virtual void PredictFromBlock(RowBlock block, int row, Prediction output, IReadOnlyList<string> classLabels) =>
            throw new NotSupportedException("This predictor scores row by row.");

        /// <summary>Scores the features at <paramref name="offset"/> into <paramref name="output"/>.</summary>
        internal abstract void Predict(float[] features, int offset, Prediction output, IReadOnlyList<string> classLabels, Workspace workspace);

        /// <summary>Writes kind, feature column, length and body.</summary>
        internal static void Write(BlobWriter writer, Predictor predictor)
        {
            writer.WriteUInt16((ushort)predictor.Kind);
            writer.WriteInt32(predictor.FeatureColumn);
            int length = writer.BeginLength();
            predictor.WriteBody(writer);
            writer.EndLength(length);
        }

        /// <summary>Reads what <see cref="Write"/> wrote; unknown kinds are refused by number.</summary>
        internal static Predictor Read(BlobReader reader)
        {
            ushort kind = reader.ReadUInt16();
            int featureColumn = reader.ReadInt32();
            var body = reader.Slice(reader.ReadCount(1, "predictor length"), reader.Context + ", predictor " + kind);
            Predictor predictor;
            switch ((PredictorKind)kind)
            {
                case PredictorKind.Binary: predictor = BinaryPredictor.ReadBody(body, featureColumn); break;
                case PredictorKind.Regression: predictor = RegressionPredictor.ReadBody(body, featureColumn); break;
                case PredictorKind.MulticlassLinear: predictor = MulticlassLinearPredictor.ReadBody(body, featureColumn); break;
                case PredictorKind.OneVersusAll: predictor = OneVersusAllPredictor.ReadBody(body, featureColumn); break;
                default: throw reader.Fail($"unknown predictor kind {kind}; this runtime supports 1..4 (a newer DbScoring may be needed)");
            }
            body.ExpectEnd();
            return predictor;
        }
    }
}
