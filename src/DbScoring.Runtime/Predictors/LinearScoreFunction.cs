using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// bias + w·x, accumulated in float as ML.NET does (LinearModelParameters.Score in
    /// src/Microsoft.ML.StandardTrainers/Standard/LinearModelParameters.cs). NaN features propagate.
    /// With <see cref="BiasFirst"/> (kind <see cref="ScoreFunctionKind.BiasFirstLinear"/>) the float sum starts from the
    /// bias and adds x·w feature by feature, as XGBoost's GBLinear::Pred does (src/gbm/gblinear.cc) — a different
    /// rounding order from bias + (Σ x·w).
    /// </summary>
    public sealed class LinearScoreFunction : ScoreFunction
    {
        private readonly float[] _weights;

        /// <summary>Creates a linear function: bias + (Σ w·x).</summary>
        public LinearScoreFunction(float[] weights, float bias) : this(weights, bias, biasFirst: false)
        {
        }

        /// <summary>Creates a linear function; <paramref name="biasFirst"/> sums ((bias + x₀w₀) + x₁w₁) + … (XGBoost).</summary>
        public LinearScoreFunction(float[] weights, float bias, bool biasFirst)
        {
            _weights = weights ?? throw new ArgumentNullException(nameof(weights));
            Bias = bias;
            BiasFirst = biasFirst;
        }

        /// <summary>Whether the float sum starts from the bias (XGBoost) rather than adding it last (ML.NET).</summary>
        public bool BiasFirst { get; }

        /// <summary>One weight per feature.</summary>
        public IReadOnlyList<float> Weights => _weights;

        /// <summary>The intercept.</summary>
        public float Bias { get; }

        /// <inheritdoc />
        public override ScoreFunctionKind Kind => BiasFirst ? ScoreFunctionKind.BiasFirstLinear : ScoreFunctionKind.Linear;

        /// <inheritdoc />
        public override int FeatureCount => _weights.Length;

        internal override float Score(float[] features, int offset, Workspace workspace) =>
            BiasFirst ? DotFrom(Bias, _weights, features, offset) : Bias + Dot(_weights, features, offset);

        /// <summary>Float dot product of <paramref name="weights"/> with the features at <paramref name="offset"/>.</summary>
        [MethodImpl(HotPath.Options)]
        internal static float Dot(float[] weights, float[] features, int offset) => DotFrom(0f, weights, features, offset);

        /// <summary><paramref name="start"/> + x₀w₀ + x₁w₁ + …, accumulated left to right in float.</summary>
        [MethodImpl(HotPath.Options)]
        private static float DotFrom(float start, float[] weights, float[] features, int offset)
        {
            float sum = start;
            for (int i = 0; i < weights.Length; i++)
                sum += weights[i] * features[offset + i];
            return sum;
        }

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteSingle(Bias);
            writer.WriteSingleArray(_weights);
        }

        internal static LinearScoreFunction ReadBody(BlobReader reader, bool biasFirst = false)
        {
            float bias = reader.ReadSingle();
            return new LinearScoreFunction(reader.ReadSingleArray("weight count"), bias, biasFirst);
        }
    }
}
