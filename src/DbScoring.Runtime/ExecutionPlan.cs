using System.Collections.Generic;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Runtime
{
    /// <summary>
    /// How a loaded model is executed: the transforms to run and the predictor to call. Usually the model's own; for a
    /// linear model (binary, regression, multiclass) over Concatenate(numbers…, one-hot keys…) — optionally normalized
    /// with zero offsets — the concatenation, one-hot and normalization steps are folded into the dot products
    /// (<see cref="FoldedLinearScoreFunction"/>), with bit-identical results. Built once per model; shared by scorers.
    /// </summary>
    internal sealed class ExecutionPlan
    {
        private ExecutionPlan(Transform[] transforms, Predictor predictor)
        {
            Transforms = transforms;
            Predictor = predictor;
        }

        internal Transform[] Transforms { get; }

        internal Predictor Predictor { get; }

        internal static ExecutionPlan Build(ModelDefinition model)
        {
            var all = new Transform[model.Transforms.Count];
            for (int i = 0; i < all.Length; i++) all[i] = model.Transforms[i];
            var predictor = model.Predictor;
            var linear = predictor switch
            {
                BinaryPredictor b when b.Function is LinearScoreFunction f => new[] { f },
                RegressionPredictor r when r.Function is LinearScoreFunction f => new[] { f },
                MulticlassLinearPredictor m => ToArray(m.Classes),
                _ => null,
            };
            if (linear == null) return new ExecutionPlan(all, predictor);

            var writer = new Dictionary<int, Transform>();
            var position = new Dictionary<int, int>(); // destination column → index in all
            var readers = new Dictionary<int, int>();
            for (int i = 0; i < all.Length; i++)
            {
                var t = all[i];
                writer[t.Destination] = t;
                position[t.Destination] = i;
                foreach (int source in t.Sources) readers[source] = (readers.TryGetValue(source, out int n) ? n : 0) + 1;
            }
            readers[predictor.FeatureColumn] = (readers.TryGetValue(predictor.FeatureColumn, out int p) ? p : 0) + 1;
            bool OnlyReader(int column) => readers.TryGetValue(column, out int n) && n == 1;

            var elided = new bool[all.Length]; // HashSet is host-protected: refused in SQL Server's SAFE mode
            int concatenated = predictor.FeatureColumn;
            float[]? scale = null;
            if (writer.TryGetValue(concatenated, out var last) && last is AffineNormalizeTransform normalize && OnlyReader(concatenated) && AllZero(normalize.Offset))
            {
                scale = ToArray(normalize.Scale);
                elided[position[normalize.Destination]] = true;
                concatenated = normalize.Source;
            }
            if (!writer.TryGetValue(concatenated, out var producer) || producer is not ConcatenateTransform concat || !OnlyReader(concatenated))
                return new ExecutionPlan(all, predictor);
            elided[position[concat.Destination]] = true;

            var segments = new List<FoldedLinearScoreFunction.Segment>();
            int feature = 0;
            foreach (int source in concat.Sources)
            {
                var column = model.Columns[source];
                if (writer.TryGetValue(source, out var t) && t is KeyToVectorTransform oneHot && !oneHot.Bag && OnlyReader(source))
                {
                    var keys = model.Columns[oneHot.Source];
                    segments.Add(new FoldedLinearScoreFunction.Segment { IsKey = true, Column = oneHot.Source, Length = keys.Length, KeyCount = keys.KeyCount, FirstFeature = feature });
                    elided[position[oneHot.Destination]] = true;
                }
                else if (column.Kind == ColumnKind.Float)
                {
                    segments.Add(new FoldedLinearScoreFunction.Segment { Column = source, Length = column.Length, FirstFeature = feature });
                }
                else return new ExecutionPlan(all, predictor);
                feature += column.Length;
            }

            var folded = new ScoreFunction[linear.Length];
            for (int k = 0; k < linear.Length; k++) folded[k] = new FoldedLinearScoreFunction(linear[k], scale, segments.ToArray());
            Predictor rewritten = predictor switch
            {
                BinaryPredictor binary => new BinaryPredictor(binary.FeatureColumn, folded[0], binary.Calibrator, binary.Threshold, binary.ThresholdOnProbability),
                RegressionPredictor regression => new RegressionPredictor(regression.FeatureColumn, folded[0], regression.Link),
                _ => ((MulticlassLinearPredictor)predictor).WithEvaluated(folded),
            };
            var kept = new List<Transform>();
            for (int i = 0; i < all.Length; i++) if (!elided[i]) kept.Add(all[i]);
            return new ExecutionPlan(kept.ToArray(), rewritten);
        }

        private static bool AllZero(IReadOnlyList<float> values)
        {
            for (int i = 0; i < values.Count; i++) if (values[i] != 0f) return false;
            return true;
        }

        private static T[] ToArray<T>(IReadOnlyList<T> values)
        {
            var array = new T[values.Count];
            for (int i = 0; i < array.Length; i++) array[i] = values[i];
            return array;
        }
    }
}
