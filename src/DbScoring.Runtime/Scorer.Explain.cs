using System;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Runtime
{
    public sealed partial class Scorer
    {
        private ShapScratch? _shapScratch; // allocated on the first explained row, then reused

        /// <summary>
        /// Scores the inputs set since the last call, like <see cref="Predict"/>, and writes the reason codes into
        /// <paramref name="into"/>: one contribution per input on the raw score scale, the base value and the raw score
        /// (<see cref="Explanation"/>). Multiclass: toward <paramref name="classIndex"/>, or the predicted class when −1.
        /// Steady state allocates nothing. Same thread-safety as <see cref="Predict"/> (one scorer per thread).
        /// Throws <see cref="ExplanationUnavailableException"/> with the reason when the model cannot be explained
        /// (<see cref="ScoringModel.ExplanationRefusal"/>), for example trees converted without reference rows.
        /// </summary>
        public Prediction Explain(Explanation into, int classIndex = -1)
        {
            if (into == null) throw new ArgumentNullException(nameof(into));
            if (!ReferenceEquals(into.Model, _model))
                throw new ArgumentException("The explanation buffer was created for another model; create one with new Explanation(scorer.Model).", nameof(into));
            var explainer = _model.Explainer;
            if (explainer.Refusal != null)
            {
                ClearInputs();
                throw new ExplanationUnavailableException(explainer.Refusal);
            }
            bool multiclass = _model.Kind == PredictionKind.MulticlassClassification;
            if (classIndex < -1 || classIndex >= explainer.OutputCount || (!multiclass && classIndex > 0))
            {
                ClearInputs();
                throw new ArgumentOutOfRangeException(nameof(classIndex), classIndex,
                    multiclass ? $"The model has {explainer.OutputCount} classes (0..{explainer.OutputCount - 1}); −1 explains the predicted class." : "Only multiclass models take a class; pass −1.");
            }

            // Linear models the plan folds: contributions on the folded features, one extra pass over the terms scoring adds.
            var foldedLinear = _model.Plan.FoldedLinear;
            if (foldedLinear != null && explainer.Function(0) is LinearExplainer)
            {
                ExplainFoldedLinear(into, classIndex, foldedLinear, multiclass);
                return _prediction;
            }

            // Otherwise the full pipeline, not the folded plan: contributions need every transformed slot. The unfolded
            // predictor scores bit for bit like the plan (ExecutionPlan's guarantee).
            var definition = _model.Definition;
            var transforms = definition.Transforms;
            for (int i = 0; i < transforms.Count; i++) transforms[i].Apply(_frame);
            var predictor = definition.Predictor;
            float[] features = _frame.Floats;
            int offset = _frame.Offsets[predictor.FeatureColumn];
            predictor.Predict(features, offset, _prediction, definition.ClassLabels, _workspace);

            int output = multiclass ? (classIndex >= 0 ? classIndex : _prediction.PredictedClass) : 0;
            into.Method = explainer.Function(Math.Max(output, 0)).Method;
            into.Scale = explainer.Scale;
            into.ClassIndex = multiclass ? output : -1;
            if (output < 0) MarkNoClassPredicted(into);
            else
            {
                _shapScratch ??= new ShapScratch(explainer.PathCapacity);
                into.Base = explainer.Function(output).Explain(features, offset, into.Contributions, _shapScratch);
                into.RawScore = RawScore(predictor, explainer.ScoreFunction(output), features, offset);
            }
            into.Rank();
            ClearInputs();
            return _prediction;
        }

        private void ExplainFoldedLinear(Explanation into, int classIndex, FoldedLinearScoreFunction[] folded, bool multiclass)
        {
            var explainer = _model.Explainer;
            RunTransforms();
            var predictor = _model.Plan.Predictor;
            predictor.Predict(_frame.Floats, _frame.Offsets[predictor.FeatureColumn], _prediction, _model.Definition.ClassLabels, _workspace);
            int output = multiclass ? (classIndex >= 0 ? classIndex : _prediction.PredictedClass) : 0;
            into.Method = ExplanationMethod.Linear;
            into.Scale = explainer.Scale;
            into.ClassIndex = multiclass ? output : -1;
            if (output < 0) MarkNoClassPredicted(into);
            else
            {
                into.Base = ((LinearExplainer)explainer.Function(output)).ExplainFolded(folded[output], _workspace, into.Contributions, out float raw);
                into.RawScore = raw;
            }
            into.Rank();
            ClearInputs();
        }

        /// <summary>
        /// Runs the whole pipeline on the inputs set (not the folded plan) and returns the frame's floats, with the
        /// predictor's features at <paramref name="featureOffset"/>. Call <see cref="EndRow"/> when done with them.
        /// </summary>
        internal float[] TransformAll(out int featureOffset)
        {
            var transforms = _model.Definition.Transforms;
            for (int i = 0; i < transforms.Count; i++) transforms[i].Apply(_frame);
            featureOffset = _frame.Offsets[_model.Definition.Predictor.FeatureColumn];
            return _frame.Floats;
        }

        /// <summary>Marks every input missing again, as after <see cref="Predict"/>.</summary>
        internal void EndRow() => ClearInputs();

        /// <summary>The explained function's raw score: the prediction's Score where that is the raw score, else recomputed.</summary>
        private float RawScore(Predictor predictor, ScoreFunction function, float[] features, int offset)
        {
            if (predictor is BinaryPredictor) return _prediction.Score;
            if (predictor is RegressionPredictor r && r.Link == RegressionLink.Identity) return _prediction.Score;
            return function.Score(features, offset, _workspace);
        }

        /// <summary>Every class score is NaN: no class was predicted, so none is explained.</summary>
        private static void MarkNoClassPredicted(Explanation into)
        {
            for (int i = 0; i < into.Contributions.Length; i++) into.Contributions[i] = double.NaN;
            into.Base = double.NaN;
            into.RawScore = double.NaN;
        }
    }
}
