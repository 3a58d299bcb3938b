using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace DbScoring.Runtime
{
    /// <summary>
    /// Scores rows of one <see cref="ScoringModel"/>: set each input, then call <see cref="Predict"/>.
    /// Not thread-safe — use one per thread. Steady-state scoring allocates nothing. An input not set since the
    /// previous <see cref="Predict"/> is missing (NaN for numbers, null for text).
    /// </summary>
    public sealed partial class Scorer
    {
        private readonly ScoringModel _model;
        private readonly Frame _frame;
        private readonly Prediction _prediction;
        private readonly Workspace _workspace;
        private readonly int[] _inputOffset;
        private readonly InputKind[] _inputKind;
        private readonly int[] _textSlots;   // frame text index of each Text input
        private readonly int[] _floatSlots;  // frame float index of each Number or Boolean input

        internal Scorer(ScoringModel model)
        {
            _model = model;
            var definition = model.Definition;
            _frame = new Frame(definition.Columns);
            _prediction = new Prediction(definition.Predictor.ClassCount);
            _workspace = new Workspace(definition.Predictor.WorkspaceTreeMasks, _frame);
            _blockFunctions = BlockFunctionsOf(model);
            int n = definition.Inputs.Count;
            _inputOffset = new int[n];
            _inputKind = new InputKind[n];
            var textSlots = new System.Collections.Generic.List<int>();
            var floatSlots = new System.Collections.Generic.List<int>();
            for (int i = 0; i < n; i++)
            {
                var input = definition.Inputs[i];
                _inputOffset[i] = _frame.Offsets[input.Column] + input.Slot;
                _inputKind[i] = input.Kind;
                (input.Kind == InputKind.Text ? textSlots : floatSlots).Add(_inputOffset[i]);
            }
            _textSlots = textSlots.ToArray();
            _floatSlots = floatSlots.ToArray();
            ClearInputs();
        }

        /// <summary>The model this scorer scores.</summary>
        public ScoringModel Model => _model;

        /// <summary>Sets a Number or Boolean input; NaN means missing. For Boolean inputs non-zero means true.</summary>
        public void SetNumber(int input, double value)
        {
            switch (KindOf(input))
            {
                case InputKind.Number: _frame.Floats[_inputOffset[input]] = (float)value; break;
                case InputKind.Boolean: _frame.Floats[_inputOffset[input]] = BooleanValue(value); break;
                default:
                    throw new ArgumentException($"Input '{_model.Inputs[input].Name}' is text; pass it with SetText.", nameof(input));
            }
        }

        /// <summary>
        /// Sets an input from text. Text inputs take the value as is (null = missing). Number inputs parse it with the
        /// invariant culture ("", "?", "NA", "NaN" and null are missing); Boolean inputs accept true/false/1/0.
        /// Throws <see cref="FormatException"/> naming the input when the text is not a value of its kind.
        /// </summary>
        public void SetText(int input, string? value)
        {
            switch (KindOf(input))
            {
                case InputKind.Text: _frame.Texts[_inputOffset[input]] = value; break;
                case InputKind.Number: _frame.Floats[_inputOffset[input]] = ValueParser.ParseNumber(value, _model.Inputs[input].Name); break;
                default: _frame.Floats[_inputOffset[input]] = ValueParser.ParseBoolean(value, _model.Inputs[input].Name); break;
            }
        }

        /// <summary>Marks an input missing.</summary>
        public void SetMissing(int input)
        {
            if (KindOf(input) == InputKind.Text) _frame.Texts[_inputOffset[input]] = null;
            else _frame.Floats[_inputOffset[input]] = float.NaN;
        }

        /// <summary>
        /// Scores the inputs set since the last call and returns this scorer's <see cref="Prediction"/>, which the next
        /// call overwrites. All inputs are missing again afterwards.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public Prediction Predict()
        {
            RunTransforms();
            var predictor = _model.Plan.Predictor;
            predictor.Predict(_frame.Floats, _frame.Offsets[predictor.FeatureColumn], _prediction, _model.Definition.ClassLabels, _workspace);
            ClearInputs();
            return _prediction;
        }

        /// <summary>A Boolean input as the model sees it: NaN stays missing, non-zero is 1, zero is 0.</summary>
        internal static float BooleanValue(double value) => double.IsNaN(value) ? float.NaN : value != 0 ? 1f : 0f;

        private void RunTransforms() => _model.Plan.RunTransforms(_frame);

        /// <summary>Every input missing again: the text inputs' slots null, the others NaN.</summary>
        private void ClearInputs()
        {
            string?[] texts = _frame.Texts;
            float[] floats = _frame.Floats;
            foreach (int slot in _textSlots) texts[slot] = null;
            foreach (int slot in _floatSlots) floats[slot] = float.NaN;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)] // per input of every row: the check stays, the message is built elsewhere
        private InputKind KindOf(int input)
        {
            InputKind[] kinds = _inputKind;
            if ((uint)input >= (uint)kinds.Length) ThrowNoSuchInput(input);
            return kinds[input];
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ThrowNoSuchInput(int input) =>
            throw new ArgumentOutOfRangeException(nameof(input), input, $"The model has {_inputKind.Length} inputs (0..{_inputKind.Length - 1}).");
    }

    /// <summary>Text to input values, for callers that read text files. Culture-invariant.</summary>
    internal static class ValueParser
    {
        internal static float ParseNumber(string? text, string inputName)
        {
            if (text == null) return float.NaN;
            string t = text.Trim();
            if (IsMissingNumber(t)) return float.NaN;
            if (float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)) return value;
            throw NotANumber(text, inputName);
        }

        /// <summary>The same rules as <see cref="ParseNumber"/>, in double precision (drift is measured on the values as given).</summary>
        internal static double ParseDouble(string? text, string inputName)
        {
            if (text == null) return double.NaN;
            string t = text.Trim();
            if (IsMissingNumber(t)) return double.NaN;
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return value;
            throw NotANumber(text, inputName);
        }

        private static bool IsMissingNumber(string t) =>
            t.Length == 0 || t == "?" || string.Equals(t, "NA", StringComparison.OrdinalIgnoreCase) || string.Equals(t, "NaN", StringComparison.OrdinalIgnoreCase);

        private static FormatException NotANumber(string text, string inputName) =>
            new FormatException($"Input '{inputName}' expects a number, but the value is '{Truncate(text)}'.");

        internal static float ParseBoolean(string? text, string inputName)
        {
            if (text == null) return float.NaN;
            string t = text.Trim();
            if (t.Length == 0 || t == "?") return float.NaN;
            if (t == "1" || string.Equals(t, "true", StringComparison.OrdinalIgnoreCase)) return 1f;
            if (t == "0" || string.Equals(t, "false", StringComparison.OrdinalIgnoreCase)) return 0f;
            throw new FormatException($"Input '{inputName}' expects true/false, but the value is '{Truncate(text)}'.");
        }

        private static string Truncate(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";
    }
}
