using System;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// An execution-only rewrite of a <see cref="LinearScoreFunction"/> over Concatenate(numbers…, one-hot keys…),
    /// optionally normalized with zero offsets: it reads the numbers and keys from the frame and adds only the
    /// non-zero terms, in feature order — exactly the float sum the dense dot product computes (a zero term leaves a
    /// float sum unchanged), and the sum ML.NET's sparse dot product computes. The concatenated, one-hot and
    /// normalized vectors are never built. Built by <see cref="ExecutionPlan"/>; never serialized.
    /// </summary>
    internal sealed partial class FoldedLinearScoreFunction : ScoreFunction
    {
        private readonly float _bias;
        private readonly Segment[] _segments;
        private readonly float[] _weights;      // per feature: the weight
        private readonly float[]? _scale;       // per feature: the normalizer's scale, or null when not normalized
        private readonly float[] _keyTerms;     // per feature: the term of a one-hot 1, weight · (1 · scale)
        private readonly int _featureCount;

        /// <summary>A run of features: float slots of one column, or the one-hot blocks of one key column.</summary>
        internal struct Segment
        {
            public bool IsKey;
            public int Column;      // frame column read
            public int FrameIndex;  // where that column starts in the frame's floats (numbers) or keys (one-hot)
            public int Length;      // float slots, or key elements
            public int KeyCount;    // one-hot block width (keys)
            public int FirstFeature;
        }

        internal FoldedLinearScoreFunction(LinearScoreFunction linear, float[]? scale, Segment[] segments)
        {
            _bias = linear.Bias;
            _featureCount = linear.FeatureCount;
            _weights = new float[_featureCount];
            for (int i = 0; i < _featureCount; i++) _weights[i] = linear.Weights[i];
            _scale = scale;
            _segments = segments;
            _keyTerms = new float[_featureCount];
            for (int i = 0; i < _featureCount; i++) _keyTerms[i] = _weights[i] * (scale == null ? 1f : 1f * scale[i]);
        }

        /// <summary>The runs of features, in feature order.</summary>
        internal Segment[] Segments => _segments;

        /// <summary>The normalizer's scale per feature, or null when the features are not normalized.</summary>
        internal float[]? Scale => _scale;

        internal float Bias => _bias;

        /// <summary>The weight of feature <paramref name="feature"/>.</summary>
        internal float Weight(int feature) => _weights[feature];

        /// <summary>The term feature <paramref name="feature"/> adds when it is a one-hot slot that is 1.</summary>
        internal float KeyTerm(int feature) => _keyTerms[feature];

        public override ScoreFunctionKind Kind => ScoreFunctionKind.Linear;

        public override int FeatureCount => _featureCount;

        internal override void WriteBody(BlobWriter writer) =>
            throw new InvalidOperationException("A folded linear function exists only while scoring; write the model's own function.");

        [MethodImpl(HotPath.Options)]
        internal override float Score(float[] features, int offset, Workspace workspace)
        {
            Frame frame = workspace.Frame;
            float[] floats = frame.Floats;
            uint[] keys = frame.Keys;
            float sum = 0f;
            for (int s = 0; s < _segments.Length; s++)
            {
                Segment segment = _segments[s];
                int at = segment.FrameIndex, feature = segment.FirstFeature;
                if (segment.IsKey)
                {
                    for (int j = 0; j < segment.Length; j++, feature += segment.KeyCount)
                    {
                        uint key = keys[at + j];
                        if (key != 0 && key <= (uint)segment.KeyCount) sum += _keyTerms[feature + (int)key - 1];
                    }
                }
                else if (_scale == null)
                {
                    for (int j = 0; j < segment.Length; j++) sum += _weights[feature + j] * floats[at + j];
                }
                else
                {
                    for (int j = 0; j < segment.Length; j++) sum += _weights[feature + j] * (floats[at + j] * _scale[feature + j]);
                }
            }
            return _bias + sum;
        }
    }
}
