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

        internal Scorer(ScoringModel model)
        {
            _model = model;
            var definition = model.Definition;
            _frame = new Frame(definition.Columns);
            _prediction = new Prediction(definition.Predictor.ClassCount);
            _workspace = new Workspace(definition.Predictor.WorkspaceTreeMasks, _frame);
            int n = definition.Inputs.Count;
            _inputOffset = new int[n];
            _inputKind = new InputKind[n];
            for (int i = 0; i < n; i++)
            {
                var input = definition.Inputs[i];
                _inputOffset[i] = _frame.Offsets[input.Column] + input.Slot;
                _inputKind[i] = input.Kind;
            }
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
                case InputKind.Boolean: _frame.Floats[_inputOffset[input]] = double.IsNaN(value) ? float.NaN : value != 0 ? 1f : 0f; break;
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
            var plan = _model.Plan;
            var transforms = plan.Transforms;
            for (int i = 0; i < transforms.Length; i++) transforms[i].Apply(_frame);
            var predictor = plan.Predictor;
            predictor.Predict(_frame.Floats, _frame.Offsets[predictor.FeatureColumn], _prediction, _model.Definition.ClassLabels, _workspace);
            ClearInputs();
            return _prediction;
        }

        /// <summary>
        /// Scores <paramref name="rowCount"/> rows given column by column, without allocating: for input i,
        /// <paramref name="numbers"/>[i][row] (Number and Boolean inputs; NaN = missing) or <paramref name="texts"/>[i][row]
        /// (Text inputs; null = missing); the array of the other kind may be null. Writes Score per row, and when the
        /// arrays are given Probability, PredictedClass and (multiclass) the class scores, row-major.
        /// </summary>
        public void PredictBatch(int rowCount, double[]?[] numbers, string?[]?[] texts, float[] scores,
            float[]? probabilities = null, int[]? predictedClasses = null, float[]? classScores = null)
        {
            if (numbers == null) throw new ArgumentNullException(nameof(numbers));
            if (texts == null) throw new ArgumentNullException(nameof(texts));
            if (scores == null) throw new ArgumentNullException(nameof(scores));
            if (rowCount < 0 || scores.Length < rowCount) throw new ArgumentException($"scores holds {scores.Length} values for {rowCount} rows.", nameof(scores));
            int inputs = _inputKind.Length, classes = _prediction.ClassScores.Length;
            if (numbers.Length != inputs || texts.Length != inputs)
                throw new ArgumentException($"The model has {inputs} inputs; numbers has {numbers.Length} columns and texts {texts.Length}.");
            for (int i = 0; i < inputs; i++)
            {
                bool isText = _inputKind[i] == InputKind.Text;
                Array? column = isText ? texts[i] : numbers[i];
                if (column == null || column.Length < rowCount)
                    throw new ArgumentException($"Input '{_model.Inputs[i].Name}' needs {(isText ? "texts" : "numbers")}[{i}] with at least {rowCount} values.");
            }
            if (probabilities != null && probabilities.Length < rowCount) throw new ArgumentException("probabilities is shorter than the batch.", nameof(probabilities));
            if (predictedClasses != null && predictedClasses.Length < rowCount) throw new ArgumentException("predictedClasses is shorter than the batch.", nameof(predictedClasses));
            if (classScores != null && classScores.Length < (long)rowCount * classes) throw new ArgumentException("classScores is shorter than rows × classes.", nameof(classScores));

            for (int row = 0; row < rowCount; row++)
            {
                for (int i = 0; i < inputs; i++)
                {
                    if (_inputKind[i] == InputKind.Text) SetText(i, texts[i]![row]);
                    else SetNumber(i, numbers[i]![row]);
                }
                var prediction = Predict();
                scores[row] = prediction.Score;
                if (probabilities != null) probabilities[row] = prediction.Probability;
                if (predictedClasses != null) predictedClasses[row] = prediction.PredictedClass;
                if (classScores != null) Array.Copy(prediction.ClassScores, 0, classScores, row * classes, classes);
            }
        }

        private void ClearInputs()
        {
            for (int i = 0; i < _inputKind.Length; i++)
            {
                if (_inputKind[i] == InputKind.Text) _frame.Texts[_inputOffset[i]] = null;
                else _frame.Floats[_inputOffset[i]] = float.NaN;
            }
        }

        private InputKind KindOf(int input)
        {
            if ((uint)input >= (uint)_inputKind.Length)
                throw new ArgumentOutOfRangeException(nameof(input), input, $"The model has {_inputKind.Length} inputs (0..{_inputKind.Length - 1}).");
            return _inputKind[input];
        }
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
