using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Runtime.Tests
{
    /// <summary>Tiny models that expose one transform's output as the prediction, to test semantics in isolation.</summary>
    internal static class Probe
    {
        /// <summary>Loads <paramref name="definition"/> through the blob format, as production does.</summary>
        internal static ScoringModel Load(ModelDefinition definition) => ScoringModel.Load(ModelSerializer.Write(definition));

        /// <summary>
        /// One input (column 0) → <paramref name="transform"/> writing column 1 (Float, <paramref name="width"/> slots)
        /// → regression with weights <paramref name="weights"/> (default: identity on a single slot).
        /// </summary>
        internal static Scorer Scalar(InputKind kind, Func<int, int, Transform> transform, int width = 1, float[]? weights = null, List<ColumnDefinition>? extraColumns = null,
            List<Transform>? before = null)
        {
            var columns = new List<ColumnDefinition>
            {
                new ColumnDefinition("in", kind == InputKind.Text ? ColumnKind.Text : ColumnKind.Float, 1),
                new ColumnDefinition("out", ColumnKind.Float, width),
            };
            if (extraColumns != null) columns.AddRange(extraColumns);
            var inputs = new List<InputColumn> { new InputColumn("x", kind, 0, 0) };
            var predictor = new RegressionPredictor(1, new LinearScoreFunction(weights ?? new[] { 1f }, 0f), RegressionLink.Identity);
            var transforms = new List<Transform>(before ?? new List<Transform>()) { transform(0, 1) };
            return Load(new ModelDefinition(inputs, columns, transforms, predictor, new string[0])).CreateScorer();
        }

        /// <summary>Number inputs straight into a feature vector of <paramref name="featureCount"/> slots, scored by <paramref name="predictor"/>.</summary>
        internal static Scorer Features(int featureCount, Func<int, Predictor> predictor, IReadOnlyList<string> labels)
        {
            var inputs = new List<InputColumn>();
            for (int i = 0; i < featureCount; i++) inputs.Add(new InputColumn("f" + i, InputKind.Number, 0, i));
            var columns = new List<ColumnDefinition> { new ColumnDefinition("Features", ColumnKind.Float, featureCount) };
            return Load(new ModelDefinition(inputs, columns, new List<Transform>(), predictor(0), labels)).CreateScorer();
        }

        internal static Prediction Predict(Scorer scorer, params double[] features)
        {
            for (int i = 0; i < features.Length; i++) scorer.SetNumber(i, features[i]);
            return scorer.Predict();
        }

        internal static float Score(Scorer scorer, double x)
        {
            scorer.SetNumber(0, x);
            return scorer.Predict().Score;
        }

        internal static float Score(Scorer scorer, string? text)
        {
            scorer.SetText(0, text);
            return scorer.Predict().Score;
        }
    }
}
