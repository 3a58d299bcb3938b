// TEMPORARY STUB — NOT THE RUNTIME. Delete this folder when src/DbScoring.Runtime is merged into this branch
// (the project file then compiles the real runtime sources instead of this file automatically).
// It mirrors the published contract of DbScoring.Runtime so that the SQL CLR entry points compile; every
// member that would need the model format throws.
using System;
using System.Collections.Generic;

namespace DbScoring.Runtime
{
    /// <summary>Kind of prediction a model makes (persisted — never renumber).</summary>
    public enum PredictionKind
    {
        /// <summary>Two classes.</summary>
        BinaryClassification = 1,
        /// <summary>A number.</summary>
        Regression = 2,
        /// <summary>One of several classes.</summary>
        MulticlassClassification = 3,
    }

    /// <summary>Kind of a model input (persisted — never renumber).</summary>
    public enum InputKind
    {
        /// <summary>A number; NaN means missing.</summary>
        Number = 1,
        /// <summary>A string; null means missing.</summary>
        Text = 2,
        /// <summary>A boolean, passed as a number 0/1.</summary>
        Boolean = 3,
    }

    /// <summary>Stub: thrown for corrupt, tampered or unsupported blobs.</summary>
    public sealed class ModelFormatException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public ModelFormatException(string message) : base(message) { }
    }

    /// <summary>Stub of one model input.</summary>
    public sealed class InputColumn
    {
        /// <summary>Input name.</summary>
        public string Name = "";
        /// <summary>Input kind.</summary>
        public InputKind Kind;
        /// <summary>Position among the inputs.</summary>
        public int Index;
        /// <summary>Allowed categories; empty if not categorical.</summary>
        public IReadOnlyList<string> Categories = new string[0];
    }

    /// <summary>Stub of the prediction object.</summary>
    public sealed class Prediction
    {
        /// <summary>Raw score.</summary>
        public float Score;
        /// <summary>Probability; NaN when not calibrated.</summary>
        public float Probability;
        /// <summary>Predicted class; -1 for regression.</summary>
        public int PredictedClass;
        /// <summary>Predicted label.</summary>
        public string? PredictedLabel;
        /// <summary>Per-class scores.</summary>
        public float[] ClassScores = new float[0];
    }

    /// <summary>Stub scorer.</summary>
    public sealed class Scorer
    {
        /// <summary>Sets a number input.</summary>
        public void SetNumber(int input, double value) => throw new NotSupportedException("runtime stub");
        /// <summary>Sets a text input.</summary>
        public void SetText(int input, string? value) => throw new NotSupportedException("runtime stub");
        /// <summary>Marks an input missing.</summary>
        public void SetMissing(int input) => throw new NotSupportedException("runtime stub");
        /// <summary>Scores the current inputs.</summary>
        public Prediction Predict() => throw new NotSupportedException("runtime stub");
    }

    /// <summary>Stub model.</summary>
    public sealed class ScoringModel
    {
        private ScoringModel() { }
        /// <summary>Always throws: this is a stub.</summary>
        public static ScoringModel Load(byte[] blob) => throw new ModelFormatException("The scoring runtime is not built into this assembly (temporary stub).");
        /// <summary>Format version.</summary>
        public string FormatVersion => "";
        /// <summary>Content hash, lowercase hex.</summary>
        public string ContentHashHex => "";
        /// <summary>Prediction kind.</summary>
        public PredictionKind Kind => PredictionKind.Regression;
        /// <summary>Inputs.</summary>
        public IReadOnlyList<InputColumn> Inputs => new InputColumn[0];
        /// <summary>Class labels.</summary>
        public IReadOnlyList<string> ClassLabels => new string[0];
        /// <summary>Metadata.</summary>
        public IReadOnlyDictionary<string, string> Metadata => new Dictionary<string, string>();
        /// <summary>Finds an input by name.</summary>
        public int FindInput(string name) => -1;
        /// <summary>Describes the model as JSON.</summary>
        public string DescribeJson() => "{}";
        /// <summary>Creates a scorer.</summary>
        public Scorer CreateScorer() => new Scorer();
    }
}
