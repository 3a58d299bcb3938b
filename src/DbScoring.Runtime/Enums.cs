namespace DbScoring.Runtime
{
    /// <summary>What a caller supplies for an input field. Persisted — never renumber.</summary>
    public enum InputKind : byte
    {
        /// <summary>A number (ML.NET Single, Double or integer column). NaN means missing.</summary>
        Number = 1,
        /// <summary>Text, typically a category. Null means missing.</summary>
        Text = 2,
        /// <summary>A boolean, scored as 0 or 1.</summary>
        Boolean = 3,
    }

    /// <summary>The kind of values a working column holds. Persisted — never renumber.</summary>
    public enum ColumnKind : byte
    {
        /// <summary>32-bit floats.</summary>
        Float = 1,
        /// <summary>Text (null = missing).</summary>
        Text = 2,
        /// <summary>Key values: 0 = missing, 1..KeyCount = a known value.</summary>
        Key = 3,
    }

    /// <summary>The task a model performs, which fixes the shape of its output. Persisted — never renumber.</summary>
    public enum PredictionKind : byte
    {
        /// <summary>Two classes: PredictedLabel (true/false), Score and, when calibrated, Probability.</summary>
        BinaryClassification = 1,
        /// <summary>A number: Score.</summary>
        Regression = 2,
        /// <summary>Several classes: PredictedLabel and one score per class.</summary>
        MulticlassClassification = 3,
    }
}
