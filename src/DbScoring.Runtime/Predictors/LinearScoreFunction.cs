using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// bias + w·x, accumulated in float as ML.NET does (LinearModelParameters.Score in
    /// src/Microsoft.ML.StandardTrainers/Standard/LinearModelParameters.cs). NaN features propagate.
    /// </summary>
    public sealed class LinearScoreFunction : ScoreFunction
    {
        private readonly float[] _weights;

        /// <summary>Creates a linear function.</summary>
        public LinearScoreFunction(float[] weights, float bias)
        {
            _weights = weights ?? throw new ArgumentNullException(nameof(weights));
            Bias = bias;
        }

        /// <summary>One weight per feature.</summary>
        public IReadOnlyList<float> Weights => _weights;

        /// <summary>The intercept.</summary>
        public float Bias { get; }

        /// <inheritdoc />
        public override ScoreFunctionKind Kind => ScoreFunctionKind.Linear;

        /// <inheritdoc />
        public override int FeatureCount => _weights.Length;

        internal override float Score(float[] features, int offset, Workspace workspace) => Bias + Dot(_weights, features, offset);

        /// <summary>Float dot product of <paramref name="weights"/> with the features at <paramref name="offset"/>.</summary>
        [MethodImpl(HotPath.Options)]
        internal static float Dot(float[] weights, float[] features, int offset)
        {
            float sum = 0f;
            for (int i = 0; i < weights.Length; i++)
                sum += weights[i] * features[offset + i];
            return sum;
        }

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteSingle(Bias);
            writer.WriteSingleArray(_weights);
        }

        internal static LinearScoreFunction ReadBody(BlobReader reader)
        {
            float bias = reader.ReadSingle();
            return new LinearScoreFunction(reader.ReadSingleArray("weight count"), bias);
        }
    }
}
