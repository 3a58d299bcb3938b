using System;

namespace DbScoring.Runtime
{
    /// <summary>
    /// The output of scoring one row. A <see cref="Scorer"/> owns one instance and overwrites it on every call,
    /// so copy the values you keep.
    /// </summary>
    public sealed class Prediction
    {
        internal Prediction(int classCount)
        {
            ClassScores = classCount > 0 ? new float[classCount] : Array.Empty<float>();
        }

        /// <summary>
        /// Binary: the raw score (margin); regression: the predicted value; multiclass: the score of the predicted
        /// class. NaN when the inputs made the model's arithmetic undefined.
        /// </summary>
        public float Score { get; internal set; }

        /// <summary>Binary with a calibrator: probability of the positive class in [0, 1]; NaN otherwise.</summary>
        public float Probability { get; internal set; }

        /// <summary>Binary: 1 for true, 0 for false; multiclass: index into <see cref="ScoringModel.ClassLabels"/>; regression: −1.</summary>
        public int PredictedClass { get; internal set; }

        /// <summary>The predicted label as text (binary "True"/"False", multiclass the class label); null for regression.</summary>
        public string? PredictedLabel { get; internal set; }

        /// <summary>Multiclass: one score per class in <see cref="ScoringModel.ClassLabels"/> order; empty otherwise.</summary>
        public float[] ClassScores { get; }
    }
}
