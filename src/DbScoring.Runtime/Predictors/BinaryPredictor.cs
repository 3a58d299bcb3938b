using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// Binary classification: Score from a score function, Probability from an optional calibrator, and
    /// PredictedLabel = (Score or Probability) &gt; threshold, false for NaN. Follows ML.NET BinaryClassifierScorer
    /// (src/Microsoft.ML.Data/Scorers/BinaryClassifierScorer.cs).
    /// </summary>
    public sealed class BinaryPredictor : Predictor
    {
        /// <summary>Creates a binary predictor.</summary>
        public BinaryPredictor(int featureColumn, ScoreFunction function, Calibrator? calibrator, float threshold, bool thresholdOnProbability)
            : base(featureColumn)
        {
            Function = function ?? throw new ArgumentNullException(nameof(function));
            Calibrator = calibrator;
            Threshold = threshold;
            ThresholdOnProbability = thresholdOnProbability;
        }

        /// <summary>Computes the raw score.</summary>
        public ScoreFunction Function { get; }

        /// <summary>Maps the score to a probability; null when the model is not calibrated.</summary>
        public Calibrator? Calibrator { get; }

        /// <summary>The label is true when the thresholded value is strictly greater than this.</summary>
        public float Threshold { get; }

        /// <summary>True: the threshold applies to Probability; false: to Score.</summary>
        public bool ThresholdOnProbability { get; }

        /// <inheritdoc />
        public override PredictorKind Kind => PredictorKind.Binary;

        /// <inheritdoc />
        public override PredictionKind Task => PredictionKind.BinaryClassification;

        internal override int WorkspaceTreeMasks => Function.WorkspaceTreeMasks;

        /// <inheritdoc />
        public override int FeatureCount => Function.FeatureCount;

        internal override ScoreFunction[]? BlockFunctions => Function.ScoresBlocks ? new[] { Function } : null;

        internal override void Predict(float[] features, int offset, Prediction output, IReadOnlyList<string> classLabels, Workspace workspace) =>
            Complete(Function.Score(features, offset, workspace), output, classLabels);

        internal override void PredictFromBlock(RowBlock block, int row, Prediction output, IReadOnlyList<string> classLabels) =>
            Complete(block.Raw[0][row], output, classLabels);

        private void Complete(float score, Prediction output, IReadOnlyList<string> classLabels)
        {
            float probability = Calibrator == null ? float.NaN : Calibrator.Probability(score);
            bool label = (ThresholdOnProbability ? probability : score) > Threshold;
            output.Score = score;
            output.Probability = probability;
            output.PredictedClass = label ? 1 : 0;
            output.PredictedLabel = classLabels[label ? 1 : 0];
        }

        internal override void WriteBody(BlobWriter writer)
        {
            ScoreFunction.Write(writer, Function);
            Calibrator.Write(writer, Calibrator);
            writer.WriteSingle(Threshold);
            writer.WriteBoolean(ThresholdOnProbability);
        }

        internal static BinaryPredictor ReadBody(BlobReader reader, int featureColumn)
        {
            var function = ScoreFunction.Read(reader);
            var calibrator = Calibrator.Read(reader);
            float threshold = reader.ReadSingle();
            bool onProbability = reader.ReadBoolean();
            if (onProbability && calibrator == null) throw reader.Fail("the threshold applies to a probability, but the model has no calibrator");
            return new BinaryPredictor(featureColumn, function, calibrator, threshold, onProbability);
        }
    }
}
