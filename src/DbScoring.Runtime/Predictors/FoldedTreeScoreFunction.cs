using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// An execution-only rewrite of a QuickScorer tree ensemble over Concatenate(numbers…, one-hot keys…): numeric
    /// features are read straight from their frame columns, and a one-hot block is replaced by its key — a slot is 1
    /// exactly when the key selects it — so each key value has its precomputed list of failed tests, and tests that
    /// fail whatever the key are applied up front. Same masks, same exit leaves, same sum as
    /// <see cref="QuickScorerForest"/>. Built by <see cref="ExecutionPlan"/>; never serialized.
    /// </summary>
    internal sealed class FoldedTreeScoreFunction : ScoreFunction
    {
        private readonly int _featureCount;
        private readonly bool _average;
        private readonly ulong[] _initialMasks;
        private readonly int[] _leafBase;
        private readonly double[] _leafValues;
        // Numeric features: frame float index, optional normalizer scale, entries [start, next start).
        private readonly int[] _floatIndex;
        private readonly float[] _floatScale;
        private readonly int[] _floatStart;
        private readonly QuickScorerForest.Entry[] _floatEntries;
        private readonly bool[] _floatFalseWhenMissing;
        // Key elements: frame key index, key count, first slot in _hotStart; entries for key k: [_hotStart[first + k − 1], _hotStart[first + k]).
        private readonly int[] _keyIndex;
        private readonly int[] _keyCount;
        private readonly int[] _keyFirst;
        private readonly int[] _hotStart;
        private readonly int[] _hotTree;
        private readonly ulong[] _hotMask;

        private FoldedTreeScoreFunction(int featureCount, bool average, ulong[] initialMasks, int[] leafBase, double[] leafValues,
            int[] floatIndex, float[] floatScale, int[] floatStart, QuickScorerForest.Entry[] floatEntries, bool[] floatFalseWhenMissing,
            int[] keyIndex, int[] keyCount, int[] keyFirst, int[] hotStart, int[] hotTree, ulong[] hotMask)
        {
            _featureCount = featureCount; _average = average; _initialMasks = initialMasks; _leafBase = leafBase; _leafValues = leafValues;
            _floatIndex = floatIndex; _floatScale = floatScale; _floatStart = floatStart; _floatEntries = floatEntries; _floatFalseWhenMissing = floatFalseWhenMissing;
            _keyIndex = keyIndex; _keyCount = keyCount; _keyFirst = keyFirst; _hotStart = hotStart; _hotTree = hotTree; _hotMask = hotMask;
        }

        public override ScoreFunctionKind Kind => ScoreFunctionKind.TreeEnsemble;

        public override int FeatureCount => _featureCount;

        internal override int WorkspaceTreeMasks => _initialMasks.Length;

        internal override void WriteBody(BlobWriter writer) =>
            throw new InvalidOperationException("A folded tree ensemble exists only while scoring; write the model's own function.");

        /// <summary>
        /// Re-targets <paramref name="ensemble"/>'s QuickScorer tables at frame columns, or returns null when a one-hot
        /// slot's test would depend on the slot being 0 in a way a key cannot express (a negative normalizer scale).
        /// </summary>
        internal static FoldedTreeScoreFunction? TryCreate(TreeEnsembleScoreFunction ensemble, FoldedFeatures features)
        {
            var quick = ensemble.QuickScorer;
            if (quick == null || ensemble.FloatSum) return null;   // the folded sum is ML.NET's double sum
            var masks = (ulong[])quick.InitialMasks.Clone();
            var floatIndex = new List<int>();
            var floatScale = new List<float>();
            var floatStart = new List<int>();
            var floatEntries = new List<QuickScorerForest.Entry>();
            var floatMissing = new List<bool>();
            // Per one-hot slot (key element e, key k ≥ 1: slot keyFirst[e] + k − 1), the tests that fail only when it is hot.
            var keyElements = features.KeyElements;
            var keyFirst = new int[keyElements.Count];
            int slots = 0;
            for (int e = 0; e < keyElements.Count; e++) { keyFirst[e] = slots; slots += keyElements[e].KeyCount; }
            var hot = new List<QuickScorerForest.Entry>?[slots];
            for (int k = 0; k < quick.Features.Length; k++)
            {
                int feature = quick.Features[k];
                var source = features.Locate(feature);
                int first = quick.FeatureStart[k], end = quick.FeatureStart[k + 1];
                if (!source.IsKey)
                {
                    floatIndex.Add(source.FrameIndex);
                    floatScale.Add(source.Scale);
                    floatStart.Add(floatEntries.Count);
                    for (int i = first; i < end; i++)
                    {
                        floatEntries.Add(quick.Entries[i]);
                        floatMissing.Add(quick.FalseWhenMissing[i]);
                    }
                    continue;
                }
                // A one-hot slot is 0 (cold) or 1 · scale (hot); its test fails (goes right) when value > threshold.
                float cold = 0f, warm = 1f * source.Scale;
                for (int i = first; i < end; i++)
                {
                    var entry = quick.Entries[i];
                    bool failsCold = cold > entry.Threshold, failsHot = warm > entry.Threshold;
                    if (failsCold && failsHot) masks[entry.Tree] &= entry.Mask;
                    else if (failsHot)
                    {
                        int slot = keyFirst[source.Element] + source.Key - 1;
                        (hot[slot] ??= new List<QuickScorerForest.Entry>()).Add(entry);
                    }
                    else if (failsCold) return null;
                }
            }
            floatStart.Add(floatEntries.Count);

            var hotStart = new int[slots + 1];
            var hotTree = new List<int>();
            var hotMask = new List<ulong>();
            for (int slot = 0; slot < slots; slot++)
            {
                hotStart[slot] = hotTree.Count;
                var list = hot[slot];
                if (list == null) continue;
                foreach (var entry in list) { hotTree.Add(entry.Tree); hotMask.Add(entry.Mask); }
            }
            hotStart[slots] = hotTree.Count;
            var keyIndex = new int[keyElements.Count];
            var keyCount = new int[keyElements.Count];
            for (int e = 0; e < keyElements.Count; e++) { keyIndex[e] = keyElements[e].FrameIndex; keyCount[e] = keyElements[e].KeyCount; }
            return new FoldedTreeScoreFunction(ensemble.FeatureCount, ensemble.Average, masks, quick.LeafBase, quick.LeafValues,
                floatIndex.ToArray(), floatScale.ToArray(), floatStart.ToArray(), floatEntries.ToArray(), floatMissing.ToArray(),
                keyIndex, keyCount, keyFirst, hotStart, hotTree.ToArray(), hotMask.ToArray());
        }

        [MethodImpl(HotPath.Options)]
        internal override float Score(float[] features, int offset, Workspace workspace)
        {
            ulong[] masks = workspace.TreeMasks;
            Array.Copy(_initialMasks, masks, _initialMasks.Length);
            float[] floats = workspace.Frame.Floats;
            uint[] keys = workspace.Frame.Keys;
            var entries = _floatEntries;
            for (int k = 0; k < _floatIndex.Length; k++)
            {
                float value = floats[_floatIndex[k]] * _floatScale[k];
                int i = _floatStart[k], end = _floatStart[k + 1];
                if (float.IsNaN(value))
                {
                    for (; i < end; i++)
                        if (_floatFalseWhenMissing[i]) masks[entries[i].Tree] &= entries[i].Mask;
                }
                else
                {
                    for (; i < end && entries[i].Threshold < value; i++)
                        masks[entries[i].Tree] &= entries[i].Mask;
                }
            }
            for (int e = 0; e < _keyIndex.Length; e++)
            {
                uint key = keys[_keyIndex[e]];
                if (key == 0 || key > (uint)_keyCount[e]) continue;
                int slot = _keyFirst[e] + (int)key - 1;
                for (int i = _hotStart[slot], end = _hotStart[slot + 1]; i < end; i++)
                    masks[_hotTree[i]] &= _hotMask[i];
            }
            double sum = 0;
            for (int t = 0; t < _initialMasks.Length; t++)
                sum += _leafValues[_leafBase[t] + Bits.TrailingZeroCount(masks[t])];
            return _average ? (float)sum / _initialMasks.Length : (float)sum;
        }
    }
}
