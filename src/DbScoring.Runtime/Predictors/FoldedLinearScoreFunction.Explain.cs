using System;
using DbScoring.Runtime.Explanations;

namespace DbScoring.Runtime.Predictors
{
    internal sealed partial class FoldedLinearScoreFunction
    {
        /// <summary>
        /// Reason codes on the folded features: the same float terms <see cref="Score"/> adds, in the same order, each also
        /// added (widened) to the contribution of the input its feature came from (<paramref name="inputOfFeature"/>, from
        /// SlotLineage). A term of a feature that comes from no input goes to the base. So the contributions are those of the
        /// unfolded explanation (Σ weight × transformed value per input; a zero slot adds nothing), without building the
        /// one-hot, concatenated or normalized vectors. Returns the base (bias); <paramref name="rawScore"/> is exactly
        /// <see cref="Score"/>'s result.
        /// </summary>
        internal double Explain(Workspace workspace, int[] inputOfFeature, double[] contributions, out float rawScore)
        {
            Array.Clear(contributions, 0, contributions.Length);
            Frame frame = workspace.Frame;
            float[] floats = frame.Floats;
            uint[] keys = frame.Keys;
            double bias = _bias;
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
                        if (key != 0 && key <= (uint)segment.KeyCount)
                        {
                            int hot = feature + (int)key - 1;
                            float term = _keyTerms[hot];
                            sum += term;
                            Attribute(inputOfFeature[hot], term, contributions, ref bias);
                        }
                    }
                }
                else
                {
                    for (int j = 0; j < segment.Length; j++)
                    {
                        float term = _scale == null ? _weights[feature + j] * floats[at + j] : _weights[feature + j] * (floats[at + j] * _scale[feature + j]);
                        sum += term;
                        Attribute(inputOfFeature[feature + j], term, contributions, ref bias);
                    }
                }
            }
            rawScore = _bias + sum;
            return bias;
        }

        private static void Attribute(int input, float term, double[] contributions, ref double bias)
        {
            if (input >= 0) contributions[input] += term;
            else if (input == SlotLineage.NoInput) bias += term; // as the unfolded LinearExplainer (several inputs with a weight are refused up front)
        }
    }
}
