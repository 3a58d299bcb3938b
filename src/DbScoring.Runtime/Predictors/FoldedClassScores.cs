using System;
using System.Runtime.CompilerServices;
#if NET
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// Every class of a folded multiclass linear model (<see cref="FoldedLinearScoreFunction"/> per class) scored in one
    /// pass over the features: the weights are stored feature by feature with the classes side by side
    /// (<c>[feature · stride + class]</c>), so a number is read and scaled once for all classes and a one-hot key adds one
    /// contiguous row of terms. Class k's float sum still adds its terms in feature order, starting from 0, and adds the
    /// bias last — the very operations of <see cref="FoldedLinearScoreFunction.Score"/>, so every class score is the same
    /// bit for bit. On .NET 10 with 256-bit SIMD the classes run in 8-wide lanes: each lane performs the scalar float
    /// multiply and add of its class (IEEE single precision, no fused multiply-add), so the lanes equal the scalar path;
    /// .NET Framework (SQL Server) runs the scalar loop.
    /// </summary>
    internal sealed class FoldedClassScores
    {
        private readonly int _classes;
        private readonly bool _vectorized;                         // classes in 256-bit lanes (.NET 10 with SIMD hardware)
        private readonly int _stride;                              // classes, rounded up to whole vectors on the SIMD path
        private readonly FoldedLinearScoreFunction.Segment[] _segments;
        private readonly float[]? _scale;                          // per feature; null when the features are not normalized
        private readonly float[] _weights;                         // [feature · stride + class]
        private readonly float[] _keyTerms;                        // [feature · stride + class]: the term of a one-hot 1
        private readonly float[] _bias;                            // [class], stride long

        internal FoldedClassScores(FoldedLinearScoreFunction[] classes) : this(classes, Vectorized)
        {
        }

        /// <summary>For tests: <paramref name="vectorized"/> false runs the scalar loop (.NET Framework's) on .NET 10 too.</summary>
        internal FoldedClassScores(FoldedLinearScoreFunction[] classes, bool vectorized)
        {
            _classes = classes.Length;
            _vectorized = vectorized && Vectorized;
            _stride = _vectorized ? (_classes + Lanes - 1) / Lanes * Lanes : _classes;
            var first = classes[0];
            _segments = first.Segments;
            _scale = first.Scale;
            int features = first.FeatureCount;
            _weights = new float[features * _stride];
            _keyTerms = new float[features * _stride];
            _bias = new float[_stride];
            CheckSegments(_segments, _scale, features);
            for (int k = 0; k < _classes; k++)
            {
                _bias[k] = classes[k].Bias;
                for (int f = 0; f < features; f++)
                {
                    _weights[f * _stride + k] = classes[k].Weight(f);
                    _keyTerms[f * _stride + k] = classes[k].KeyTerm(f);
                }
            }
        }

        /// <summary>
        /// What keeps the .NET 10 lanes inside the weight tables (they load without bounds checks): every segment's
        /// features lie within [0, <paramref name="features"/>), and so does the scale. The frame itself is read checked.
        /// </summary>
        private static void CheckSegments(FoldedLinearScoreFunction.Segment[] segments, float[]? scale, int features)
        {
            if (scale != null && scale.Length < features) throw new ArgumentException($"{scale.Length} scales for {features} features.", nameof(scale));
            foreach (var segment in segments)
            {
                long width = segment.IsKey ? (long)segment.Length * segment.KeyCount : segment.Length;
                if (segment.FirstFeature < 0 || segment.Length < 0 || segment.KeyCount < 0 || segment.FirstFeature + width > features)
                    throw new ArgumentException($"A folded segment covers features {segment.FirstFeature}..{segment.FirstFeature + width} of {features}.", nameof(segments));
            }
        }

        /// <summary>Whether <paramref name="classes"/> can be scored together: the same features, segments and scale.</summary>
        internal static bool CanCombine(FoldedLinearScoreFunction[] classes)
        {
            if (classes.Length == 0) return false;
            for (int k = 1; k < classes.Length; k++)
                if (classes[k].Segments != classes[0].Segments || classes[k].Scale != classes[0].Scale || classes[k].FeatureCount != classes[0].FeatureCount)
                    return false;
            return true;
        }

#if NET
        internal static bool Vectorized => Vector256.IsHardwareAccelerated;

        private static int Lanes => Vector256<float>.Count;
#else
        internal static bool Vectorized => false;

        private static int Lanes => 1;
#endif

        /// <summary>Writes every class's raw score (bias + Σ terms) of the row in <paramref name="frame"/> into <paramref name="scores"/>.</summary>
        [MethodImpl(HotPath.Options)]
        internal void Score(Frame frame, float[] scores)
        {
#if NET
            if (_vectorized)
            {
                for (int chunk = 0; chunk < _stride; chunk += Lanes) ScoreChunk(frame, chunk, scores);
                return;
            }
#endif
            ScoreScalar(frame, scores);
        }

        /// <summary>The scalar loop: per class, the terms in feature order (the classes interleaved, each its own sum).</summary>
        [MethodImpl(HotPath.Options)]
        private void ScoreScalar(Frame frame, float[] scores)
        {
            float[] floats = frame.Floats, weights = _weights, keyTerms = _keyTerms;
            uint[] keys = frame.Keys;
            int classes = _classes, stride = _stride;
            for (int k = 0; k < classes; k++) scores[k] = 0f;
            for (int s = 0; s < _segments.Length; s++)
            {
                var segment = _segments[s];
                int at = segment.FrameIndex, feature = segment.FirstFeature;
                if (segment.IsKey)
                {
                    for (int j = 0; j < segment.Length; j++, feature += segment.KeyCount)
                    {
                        uint key = keys[at + j];
                        if (key == 0 || key > (uint)segment.KeyCount) continue;
                        int row = (feature + (int)key - 1) * stride;
                        for (int k = 0; k < classes; k++) scores[k] += keyTerms[row + k];
                    }
                }
                else
                {
                    for (int j = 0; j < segment.Length; j++)
                    {
                        float x = _scale == null ? floats[at + j] : floats[at + j] * _scale[feature + j];
                        int row = (feature + j) * stride;
                        for (int k = 0; k < classes; k++) scores[k] += weights[row + k] * x;
                    }
                }
            }
            for (int k = 0; k < classes; k++) scores[k] = _bias[k] + scores[k];
        }

#if NET
        /// <summary>
        /// Classes [<paramref name="chunk"/>, + 8) in one vector: lane k performs class k's scalar operations in the same
        /// order. The weight rows load without bounds checks: the constructor checked that every segment's features lie
        /// within the tables, and a row holds <c>stride</c> ≥ <paramref name="chunk"/> + 8 floats.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private void ScoreChunk(Frame frame, int chunk, float[] scores)
        {
            float[] floats = frame.Floats;
            uint[] keys = frame.Keys;
            float[]? scale = _scale;
            int stride = _stride;
            ref float weights = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_weights), chunk);
            ref float keyTerms = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_keyTerms), chunk);
            var sum = Vector256<float>.Zero;
            foreach (var segment in _segments)
            {
                int at = segment.FrameIndex, feature = segment.FirstFeature;
                if (segment.IsKey)
                {
                    for (int j = 0; j < segment.Length; j++, feature += segment.KeyCount)
                    {
                        uint key = keys[at + j];
                        if (key == 0 || key > (uint)segment.KeyCount) continue;
                        sum += Vector256.LoadUnsafe(ref keyTerms, (nuint)((feature + (int)key - 1) * stride));
                    }
                }
                else if (scale == null)
                {
                    for (int j = 0; j < segment.Length; j++)
                        sum += Vector256.LoadUnsafe(ref weights, (nuint)((feature + j) * stride)) * Vector256.Create(floats[at + j]);
                }
                else
                {
                    for (int j = 0; j < segment.Length; j++)
                        sum += Vector256.LoadUnsafe(ref weights, (nuint)((feature + j) * stride)) * Vector256.Create(floats[at + j] * scale[feature + j]);
                }
            }
            var total = Vector256.Create(_bias, chunk) + sum;
            if (chunk + Lanes <= scores.Length) total.CopyTo(scores, chunk);
            else for (int k = chunk; k < _classes; k++) scores[k] = total.GetElement(k - chunk);
        }
#endif
    }
}
