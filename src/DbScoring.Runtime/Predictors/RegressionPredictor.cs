using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>How a regression score is mapped to the prediction. Persisted — never renumber.</summary>
    public enum RegressionLink : byte
    {
        /// <summary>Score = raw score.</summary>
        Identity = 0,
        /// <summary>Score = exp(raw score), in float (ML.NET PoissonRegressionModelParameters).</summary>
        Exponential = 1,
        /// <summary>
        /// Score = 1 / (1 + exp(−raw score)) in float, as XGBoost's reg:logistic (common/math.h Sigmoid:
        /// 1.0f / (1.0f + expf(-x))). Format 1.1.
        /// </summary>
        Logistic = 2,
        /// <summary>
        /// Score = probit(raw score) with ONNX Runtime's approximation, √2 · ErfInv(2s − 1) (ml_common.h ComputeProbit):
        /// the post transform PROBIT of a single-target ONNX-ML TreeEnsembleRegressor. Format 1.1.
        /// </summary>
        Probit = 3,
    }

    /// <summary>Regression: Score = link(raw score).</summary>
    public sealed class RegressionPredictor : Predictor
    {
        /// <summary>Creates a regression predictor.</summary>
        public RegressionPredictor(int featureColumn, ScoreFunction function, RegressionLink link) : base(featureColumn)
        {
            Function = function ?? throw new ArgumentNullException(nameof(function));
            Link = link;
        }

        /// <summary>Computes the raw score.</summary>
        public ScoreFunction Function { get; }

        /// <summary>Maps the raw score to the prediction.</summary>
        public RegressionLink Link { get; }

        /// <inheritdoc />
        public override PredictorKind Kind => PredictorKind.Regression;

        /// <inheritdoc />
        public override PredictionKind Task => PredictionKind.Regression;

        internal override int WorkspaceTreeMasks => Function.WorkspaceTreeMasks;

        /// <inheritdoc />
        public override int FeatureCount => Function.FeatureCount;

        internal override ScoreFunction[]? BlockFunctions => Function.ScoresBlocks ? new[] { Function } : null;

        internal override void Predict(float[] features, int offset, Prediction output, IReadOnlyList<string> classLabels, Workspace workspace) =>
            Complete(Function.Score(features, offset, workspace), output);

        internal override void PredictFromBlock(RowBlock block, int row, Prediction output, IReadOnlyList<string> classLabels) =>
            Complete(block.Raw[0][row], output);

        private void Complete(float score, Prediction output)
        {
            output.Score = Apply(Link, score);
            output.Probability = float.NaN;
            output.PredictedClass = -1;
            output.PredictedLabel = null;
        }

        /// <summary>The link applied to a raw score.</summary>
        internal static float Apply(RegressionLink link, float score)
        {
            switch (link)
            {
                case RegressionLink.Exponential: return (float)Math.Exp(score);
                case RegressionLink.Logistic: return 1f / (1f + (float)Math.Exp(-score));
                case RegressionLink.Probit: return OnnxMath.Probit(score);
                default: return score;
            }
        }

        internal override void WriteBody(BlobWriter writer)
        {
            ScoreFunction.Write(writer, Function);
            writer.WriteByte((byte)Link);
        }

        internal static RegressionPredictor ReadBody(BlobReader reader, int featureColumn)
        {
            var function = ScoreFunction.Read(reader);
            byte link = reader.ReadByte();
            if (link > (byte)RegressionLink.Probit) throw reader.Fail($"unknown regression link {link}; this runtime supports 0..3 (a newer DbScoring may be needed)");
            return new RegressionPredictor(featureColumn, function, (RegressionLink)link);
        }
    }
}
