using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// Multiclass linear model: score_k = bias_k + w_k·x, optionally turned into probabilities by softmax
    /// (ML.NET MaximumEntropyModelParameters; without softmax LinearMulticlassModelParameters). Follows
    /// src/Microsoft.ML.StandardTrainers/Standard/LogisticRegression/MulticlassLogisticRegression.cs.
    /// </summary>
    public sealed class MulticlassLinearPredictor : Predictor
    {
        private readonly LinearScoreFunction[] _classes;
        private readonly ScoreFunction[] _evaluated; // what Predict calls: the classes, or their folded forms (ExecutionPlan)
        private readonly FoldedClassScores? _allClasses; // every folded class in one pass, when they share their features

        /// <summary>Creates the predictor from one linear function per class, in class order.</summary>
        public MulticlassLinearPredictor(int featureColumn, IReadOnlyList<LinearScoreFunction> classes, bool softmax) : base(featureColumn)
        {
            if (classes == null) throw new ArgumentNullException(nameof(classes));
            _classes = new LinearScoreFunction[classes.Count];
            for (int i = 0; i < classes.Count; i++) _classes[i] = classes[i];
            _evaluated = _classes;
            Softmax = softmax;
        }

        /// <summary>The same predictor evaluating <paramref name="evaluated"/> (one per class) instead of the classes.</summary>
        internal MulticlassLinearPredictor WithEvaluated(ScoreFunction[] evaluated) => new MulticlassLinearPredictor(this, evaluated);

        private MulticlassLinearPredictor(MulticlassLinearPredictor original, ScoreFunction[] evaluated) : base(original.FeatureColumn)
        {
            _classes = original._classes;
            _evaluated = evaluated;
            Softmax = original.Softmax;
            var folded = FoldedClasses;
            if (folded != null && FoldedClassScores.CanCombine(folded)) _allClasses = new FoldedClassScores(folded);
        }

        /// <summary>One linear function per class.</summary>
        public IReadOnlyList<LinearScoreFunction> Classes => _classes;

        /// <summary>The folded function of every class when the execution plan folded them all; null otherwise.</summary>
        internal FoldedLinearScoreFunction[]? FoldedClasses
        {
            get
            {
                var folded = new FoldedLinearScoreFunction[_evaluated.Length];
                for (int k = 0; k < folded.Length; k++)
                {
                    if (_evaluated[k] is not FoldedLinearScoreFunction f) return null;
                    folded[k] = f;
                }
                return folded;
            }
        }

        /// <summary>Whether every class is scored in one pass over the folded features (<see cref="FoldedClassScores"/>).</summary>
        internal bool CombinesClasses => _allClasses != null;

        /// <summary>Whether scores are normalized to probabilities with softmax.</summary>
        public bool Softmax { get; }

        /// <inheritdoc />
        public override PredictorKind Kind => PredictorKind.MulticlassLinear;

        /// <inheritdoc />
        public override PredictionKind Task => PredictionKind.MulticlassClassification;

        internal override int WorkspaceTreeMasks => 0;

        /// <inheritdoc />
        public override int FeatureCount => _classes.Length == 0 ? 0 : _classes[0].FeatureCount;

        /// <inheritdoc />
        public override int ClassCount => _classes.Length;

        internal override void Predict(float[] features, int offset, Prediction output, IReadOnlyList<string> classLabels, Workspace workspace)
        {
            float[] scores = output.ClassScores;
            if (_allClasses != null) _allClasses.Score(workspace.Frame, scores);
            else for (int k = 0; k < _evaluated.Length; k++) scores[k] = _evaluated[k].Score(features, offset, workspace);
            if (Softmax) MulticlassMath.LogSumExpSoftmax(scores);
            MulticlassMath.SetArgMax(output, classLabels);
        }

        internal override void WriteBody(BlobWriter writer)
        {
            writer.WriteBoolean(Softmax);
            writer.WriteInt32(_classes.Length);
            foreach (var c in _classes) c.WriteBody(writer);
        }

        internal static MulticlassLinearPredictor ReadBody(BlobReader reader, int featureColumn)
        {
            bool softmax = reader.ReadBoolean();
            var classes = new LinearScoreFunction[reader.ReadCount(8, "class count")];
            for (int k = 0; k < classes.Length; k++)
            {
                classes[k] = LinearScoreFunction.ReadBody(reader);
                if (classes[k].FeatureCount != classes[0].FeatureCount)
                    throw reader.Fail($"class {k} has {classes[k].FeatureCount} weights, class 0 has {classes[0].FeatureCount}");
            }
            if (classes.Length < 2) throw reader.Fail($"a multiclass model needs at least 2 classes, found {classes.Length}");
            return new MulticlassLinearPredictor(featureColumn, classes, softmax);
        }
    }

    /// <summary>Shared multiclass arithmetic, following ML.NET's MathUtils (src/Microsoft.ML.Core/Utilities/MathUtils.cs).</summary>
    internal static class MulticlassMath
    {
        /// <summary>
        /// In place: v_k = exp(v_k − lse) with lse = MathUtils.SoftMax(v), ML.NET's log-sum-exp that skips logits more
        /// than 30 below the maximum (so outputs need not sum exactly to 1). Used by maximum entropy.
        /// </summary>
        internal static void LogSumExpSoftmax(float[] values)
        {
            float lse = LogSumExp(values);
            for (int i = 0; i < values.Length; i++) values[i] = (float)Math.Exp((float)(values[i] - lse));
        }

        private static float LogSumExp(float[] x)
        {
            int maxIndex = 0;
            float max = float.NegativeInfinity;
            for (int i = 0; i < x.Length; i++)
                if (x[i] > max) { max = x[i]; maxIndex = i; }
            if (float.IsNegativeInfinity(max)) return float.NegativeInfinity;
            if (x.Length == 1) return max;
            double sum = 0;
            float cutoff = max - 30f;
            for (int i = 0; i < x.Length; i++)
                if (i != maxIndex && x[i] > cutoff) sum += Math.Exp(x[i] - max);
            return sum > 0 ? (float)(max + Math.Log(1.0 + sum)) : max;
        }

        /// <summary>
        /// Predicted class = first index of the largest non-NaN score, as MathUtils.ArgMax; when every score is NaN,
        /// no class (−1, label null), as ML.NET's key 0.
        /// </summary>
        internal static void SetArgMax(Prediction output, IReadOnlyList<string> classLabels) =>
            SetClass(output, classLabels, ArgMax(output.ClassScores));

        /// <summary>First index of the largest non-NaN value; −1 when every value is NaN.</summary>
        internal static int ArgMax(float[] scores)
        {
            int best = -1;
            for (int k = 0; k < scores.Length; k++)
            {
                float score = scores[k];
                if (float.IsNaN(score)) continue;
                if (best < 0 || score > scores[best]) best = k;
            }
            return best;
        }

        /// <summary>Class <paramref name="best"/> (−1: none) as the prediction; Score is its entry of the class scores.</summary>
        internal static void SetClass(Prediction output, IReadOnlyList<string> classLabels, int best)
        {
            output.PredictedClass = best;
            output.PredictedLabel = best < 0 ? null : classLabels[best];
            output.Score = best < 0 ? float.NaN : output.ClassScores[best];
            output.Probability = float.NaN;
        }
    }
}
