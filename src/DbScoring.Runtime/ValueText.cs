namespace DbScoring.Runtime
{
    /// <summary>
    /// How the runtime reads an input value given as text (<see cref="Scorer.SetText"/>), for callers that count or check
    /// values without scoring them: culture-invariant; "", "?", "NA", "NaN" and null are missing (NaN).
    /// </summary>
    public static class ValueText
    {
        /// <summary>A number input's text as a double (NaN = missing); <see cref="System.FormatException"/> naming the input otherwise.</summary>
        public static double ParseNumber(string? text, string inputName) => ValueParser.ParseDouble(text, inputName);

        /// <summary>A boolean input's text: true/1 → 1, false/0 → 0, "" / "?" / null → NaN; <see cref="System.FormatException"/> otherwise.</summary>
        public static double ParseBoolean(string? text, string inputName) => ValueParser.ParseBoolean(text, inputName);
    }
}
