using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Runtime
{
    /// <summary>
    /// How a loaded model is executed: the transforms to run and the predictor to call. Usually the model's own. When
    /// the features are Concatenate(numbers…, one-hot keys…) — optionally normalized with zero offsets — and nothing
    /// else reads those intermediate vectors, a linear model (binary, regression, multiclass) or a QuickScorer tree
    /// ensemble (binary, regression, one-versus-all) reads the numbers and keys straight from the frame instead
    /// (<see cref="FoldedLinearScoreFunction"/>, <see cref="FoldedTreeScoreFunction"/>), and the one-hot,
    /// concatenation and normalization steps are not run. Results are bit-identical. Built once per model.
    /// </summary>
    internal sealed class ExecutionPlan
    {
        private ExecutionPlan(Transform[] transforms, Predictor predictor, ModelDefinition model)
        {
            KeyLookups = InputKeyLookups.Hoist(transforms, model.Columns, out var rest);
            Transforms = rest;
            Predictor = predictor;
            FoldedLinear = predictor switch
            {
                BinaryPredictor { Function: FoldedLinearScoreFunction f } => new[] { f },
                RegressionPredictor { Function: FoldedLinearScoreFunction f } => new[] { f },
                MulticlassLinearPredictor m => m.FoldedClasses,
                _ => null,
            };
        }

        /// <summary>The value-to-key steps over input texts, run first and together; null when there are none.</summary>
        internal InputKeyLookups? KeyLookups { get; }

        /// <summary>The other transforms to run, in order, after <see cref="KeyLookups"/>.</summary>
        internal Transform[] Transforms { get; }

        /// <summary>Runs the plan's transforms on the row in <paramref name="frame"/>: the key lookups, then the rest in order.</summary>
        [MethodImpl(HotPath.Options)]
        internal void RunTransforms(Frame frame)
        {
            KeyLookups?.Apply(frame);
            var transforms = Transforms;
            for (int i = 0; i < transforms.Length; i++) transforms[i].Apply(frame);
        }

        internal Predictor Predictor { get; }

        /// <summary>
        /// Per output (one, or one per class), the folded linear function the predictor scores with; null when the plan does
        /// not fold a linear model. Reason codes of linear models are computed on it (Scorer.Explain).
        /// </summary>
        internal FoldedLinearScoreFunction[]? FoldedLinear { get; }

        internal static ExecutionPlan Build(ModelDefinition model)
        {
            var all = new Transform[model.Transforms.Count];
            for (int i = 0; i < all.Length; i++) all[i] = model.Transforms[i];
            var predictor = model.Predictor;
            var plain = new ExecutionPlan(all, predictor, model);
            var fold = FoldedFeatures.TryCreate(model, all);
            if (fold == null) return plain;

            Predictor? rewritten = predictor switch
            {
                BinaryPredictor b when b.Function is LinearScoreFunction { BiasFirst: false } f =>
                    new BinaryPredictor(b.FeatureColumn, new FoldedLinearScoreFunction(f, fold.Scale, fold.Segments), b.Calibrator, b.Threshold, b.ThresholdOnProbability),
                RegressionPredictor r when r.Function is LinearScoreFunction { BiasFirst: false } f =>
                    new RegressionPredictor(r.FeatureColumn, new FoldedLinearScoreFunction(f, fold.Scale, fold.Segments), r.Link),
                MulticlassLinearPredictor m => m.WithEvaluated(FoldAll(m.Classes, fold)),
                BinaryPredictor b when b.Function is TreeEnsembleScoreFunction e && FoldedTreeScoreFunction.TryCreate(e, fold) is { } folded =>
                    new BinaryPredictor(b.FeatureColumn, folded, b.Calibrator, b.Threshold, b.ThresholdOnProbability),
                RegressionPredictor r when r.Function is TreeEnsembleScoreFunction e && FoldedTreeScoreFunction.TryCreate(e, fold) is { } folded =>
                    new RegressionPredictor(r.FeatureColumn, folded, r.Link),
                OneVersusAllPredictor o when FoldTrees(o.Functions, fold) is { } folded => o.WithEvaluated(folded),
                _ => null,
            };
            if (rewritten == null) return plain;
            var kept = new List<Transform>();
            for (int i = 0; i < all.Length; i++) if (!fold.Elided[i]) kept.Add(all[i]);
            return new ExecutionPlan(kept.ToArray(), rewritten, model);
        }

        /// <summary>Every class's tree ensemble folded, or null unless all of them fold.</summary>
        private static ScoreFunction[]? FoldTrees(IReadOnlyList<ScoreFunction> classes, FoldedFeatures fold)
        {
            var folded = new ScoreFunction[classes.Count];
            for (int k = 0; k < folded.Length; k++)
            {
                var function = classes[k] is TreeEnsembleScoreFunction e ? FoldedTreeScoreFunction.TryCreate(e, fold) : null;
                if (function == null) return null;
                folded[k] = function;
            }
            return folded;
        }

        private static ScoreFunction[] FoldAll(IReadOnlyList<LinearScoreFunction> classes, FoldedFeatures fold)
        {
            var folded = new ScoreFunction[classes.Count];
            for (int k = 0; k < folded.Length; k++) folded[k] = new FoldedLinearScoreFunction(classes[k], fold.Scale, fold.Segments);
            return folded;
        }
    }

    /// <summary>
    /// Where each feature of a Concatenate(numbers…, one-hot keys…) feature column comes from, so that predictors can
    /// read the frame instead of the built vector; and which transforms become unnecessary.
    /// </summary>
    internal sealed class FoldedFeatures
    {
        private readonly int[] _offsets; // frame offset of each working column

        private FoldedFeatures(FoldedLinearScoreFunction.Segment[] segments, float[]? scale, bool[] elided, int[] offsets)
        {
            Segments = segments;
            Scale = scale;
            Elided = elided;
            _offsets = offsets;
            var elements = new List<KeyElement>();
            foreach (var segment in segments)
                if (segment.IsKey)
                    for (int j = 0; j < segment.Length; j++) elements.Add(new KeyElement(offsets[segment.Column] + j, segment.KeyCount));
            KeyElements = elements;
        }

        internal FoldedLinearScoreFunction.Segment[] Segments { get; }

        /// <summary>The zero-offset normalizer's scale per feature, or null when the features are not normalized.</summary>
        internal float[]? Scale { get; }

        /// <summary>Per transform of the model: not needed when the predictor reads the folded features.</summary>
        internal bool[] Elided { get; }

        /// <summary>Every one-hot key element, in feature order: its frame index in the key array and its key count.</summary>
        internal IReadOnlyList<KeyElement> KeyElements { get; }

        /// <summary>The source of one feature: a float in the frame, or (key element, key value) of a one-hot block.</summary>
        internal FeatureSource Locate(int feature)
        {
            int element = 0;
            foreach (var segment in Segments)
            {
                int width = segment.IsKey ? segment.Length * segment.KeyCount : segment.Length;
                if (feature < segment.FirstFeature + width)
                {
                    int within = feature - segment.FirstFeature;
                    float scale = Scale == null ? 1f : Scale[feature];
                    return segment.IsKey
                        ? FeatureSource.OneHot(element + within / segment.KeyCount, within % segment.KeyCount + 1, scale)
                        : FeatureSource.Number(_offsets[segment.Column] + within, scale);
                }
                if (segment.IsKey) element += segment.Length;
            }
            throw new ModelFormatException($"Feature {feature} lies outside the concatenated columns.");
        }

        internal static FoldedFeatures? TryCreate(ModelDefinition model, Transform[] all)
        {
            var writer = new Dictionary<int, int>();   // destination column → transform index
            var readers = new Dictionary<int, int>();  // column → number of readers
            for (int i = 0; i < all.Length; i++)
            {
                writer[all[i].Destination] = i;
                foreach (int source in all[i].Sources) readers[source] = (readers.TryGetValue(source, out int n) ? n : 0) + 1;
            }
            int featureColumn = model.Predictor.FeatureColumn;
            readers[featureColumn] = (readers.TryGetValue(featureColumn, out int p) ? p : 0) + 1;
            bool OnlyReader(int column) => readers.TryGetValue(column, out int n) && n == 1;

            var elided = new bool[all.Length]; // (a HashSet would be host-protected: refused in SQL Server's SAFE mode)
            int concatenated = featureColumn;
            float[]? scale = null;
            if (writer.TryGetValue(concatenated, out int last) && all[last] is AffineNormalizeTransform normalize
                && OnlyReader(concatenated) && AllZero(normalize.Offset))
            {
                scale = new float[normalize.Scale.Count];
                for (int i = 0; i < scale.Length; i++) scale[i] = normalize.Scale[i];
                elided[last] = true;
                concatenated = normalize.Source;
            }
            if (!writer.TryGetValue(concatenated, out int producer) || all[producer] is not ConcatenateTransform concat || !OnlyReader(concatenated))
                return null;
            elided[producer] = true;

            var offsets = new Frame(model.Columns).Offsets;
            var segments = new List<FoldedLinearScoreFunction.Segment>();
            int feature = 0;
            foreach (int source in concat.Sources)
            {
                var column = model.Columns[source];
                if (writer.TryGetValue(source, out int index) && all[index] is KeyToVectorTransform oneHot && !oneHot.Bag && OnlyReader(source))
                {
                    var keys = model.Columns[oneHot.Source];
                    segments.Add(new FoldedLinearScoreFunction.Segment { IsKey = true, Column = oneHot.Source, FrameIndex = offsets[oneHot.Source], Length = keys.Length, KeyCount = keys.KeyCount, FirstFeature = feature });
                    elided[index] = true;
                }
                else if (column.Kind == ColumnKind.Float)
                {
                    segments.Add(new FoldedLinearScoreFunction.Segment { Column = source, FrameIndex = offsets[source], Length = column.Length, FirstFeature = feature });
                }
                else return null;
                feature += column.Length;
            }
            return new FoldedFeatures(segments.ToArray(), scale, elided, offsets);
        }

        private static bool AllZero(IReadOnlyList<float> values)
        {
            for (int i = 0; i < values.Count; i++) if (values[i] != 0f) return false;
            return true;
        }
    }

    /// <summary>One key of a folded one-hot block: where the key sits in the frame's key array, and how many keys it has.</summary>
    internal readonly struct KeyElement
    {
        internal KeyElement(int frameIndex, int keyCount)
        {
            FrameIndex = frameIndex;
            KeyCount = keyCount;
        }

        /// <summary>Index in <see cref="Frame.Keys"/>.</summary>
        internal int FrameIndex { get; }

        /// <summary>Keys 1..KeyCount select a slot of the one-hot block; 0 and larger keys select none.</summary>
        internal int KeyCount { get; }
    }

    /// <summary>
    /// Where one feature of a folded feature vector comes from: a number in the frame (<see cref="IsKey"/> false), or the
    /// slot of a one-hot block that is 1 exactly when key element <see cref="Element"/> holds <see cref="Key"/>.
    /// </summary>
    internal readonly struct FeatureSource
    {
        private FeatureSource(bool isKey, int frameIndex, int element, int key, float scale)
        {
            IsKey = isKey;
            FrameIndex = frameIndex;
            Element = element;
            Key = key;
            Scale = scale;
        }

        internal static FeatureSource Number(int frameIndex, float scale) => new FeatureSource(false, frameIndex, 0, 0, scale);

        internal static FeatureSource OneHot(int element, int key, float scale) => new FeatureSource(true, 0, element, key, scale);

        /// <summary>True for a one-hot slot, false for a number read from the frame.</summary>
        internal bool IsKey { get; }

        /// <summary>A number's index in <see cref="Frame.Floats"/>.</summary>
        internal int FrameIndex { get; }

        /// <summary>A one-hot slot's key element (an index into <see cref="FoldedFeatures.KeyElements"/>).</summary>
        internal int Element { get; }

        /// <summary>A one-hot slot's key value, 1-based.</summary>
        internal int Key { get; }

        /// <summary>The zero-offset normalizer's scale for this feature (1 when the features are not normalized).</summary>
        internal float Scale { get; }
    }
}
