using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>
    /// Collects profile rows for a model, scores each with the model, and builds its <see cref="TrainingProfile"/>:
    /// set a row's inputs (unset inputs are missing), call <see cref="AddRow"/>, repeat, then <see cref="Build"/>.
    /// Keeps every value until then (quantiles need them all). Not thread-safe.
    /// </summary>
    public sealed class TrainingProfileBuilder
    {
        private readonly ScoringModel _model;
        private readonly Scorer _scorer;
        private readonly List<double>[] _numbers;
        private readonly List<string?>[] _texts;
        private readonly double[] _rowNumbers;
        private readonly string?[] _rowTexts;
        private readonly List<double> _scores = new List<double>();
        private readonly List<double> _probabilities = new List<double>();
        private readonly List<string?> _labels = new List<string?>();

        /// <summary>Starts a profile of <paramref name="model"/>'s inputs and outputs.</summary>
        public TrainingProfileBuilder(ScoringModel model)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            _scorer = model.CreateScorer();
            int n = model.Inputs.Count;
            _numbers = new List<double>[n];
            _texts = new List<string?>[n];
            _rowNumbers = new double[n];
            _rowTexts = new string?[n];
            for (int i = 0; i < n; i++)
            {
                if (model.Inputs[i].Kind == InputKind.Text) _texts[i] = new List<string?>();
                else _numbers[i] = new List<double>();
            }
            ClearRow();
        }

        /// <summary>Rows added so far.</summary>
        public int Rows => _scores.Count;

        /// <summary>Sets a Number or Boolean input of the current row (NaN = missing; Boolean: non-zero is true).</summary>
        public void SetNumber(int input, double value)
        {
            _scorer.SetNumber(input, value);
            _rowNumbers[input] = _model.Inputs[input].Kind == InputKind.Boolean && !double.IsNaN(value) ? (value != 0 ? 1 : 0) : value;
        }

        /// <summary>Sets a Text input of the current row (null or empty = missing).</summary>
        public void SetText(int input, string? value)
        {
            if (_model.Inputs[input].Kind != InputKind.Text)
                throw new ArgumentException($"Input '{_model.Inputs[input].Name}' is {_model.Inputs[input].Kind}; pass it with SetNumber.", nameof(input));
            _scorer.SetText(input, value);
            _rowTexts[input] = value;
        }

        /// <summary>Scores the current row with the model and adds its inputs and outputs to the profile.</summary>
        public void AddRow()
        {
            var prediction = _scorer.Predict();
            for (int i = 0; i < _numbers.Length; i++)
            {
                if (_texts[i] != null) _texts[i].Add(_rowTexts[i]);
                else _numbers[i].Add(_rowNumbers[i]);
            }
            _scores.Add(prediction.Score);
            _probabilities.Add(prediction.Probability);
            _labels.Add(prediction.PredictedLabel);
            ClearRow();
        }

        /// <summary>The profile of the rows added; <paramref name="source"/> says where they came from ("file:name.csv").</summary>
        public TrainingProfile Build(string source)
        {
            int rows = _scores.Count;
            var inputs = new Distribution[_numbers.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                string name = _model.Inputs[i].Name;
                inputs[i] = _texts[i] != null ? DistributionBuilder.Categorical(name, _texts[i], rows) : DistributionBuilder.Numeric(name, _numbers[i], rows);
            }
            var outputs = new List<Distribution> { DistributionBuilder.Numeric(TrainingProfile.ScoreOutput, _scores, rows) };
            if (HasProbability(_model)) outputs.Add(DistributionBuilder.Numeric(TrainingProfile.ProbabilityOutput, _probabilities, rows));
            if (_model.Kind != PredictionKind.Regression) outputs.Add(DistributionBuilder.Categorical(TrainingProfile.LabelOutput, _labels, rows));
            return new TrainingProfile(source, rows, inputs, outputs);
        }

        /// <summary>True when the model outputs a probability (binary classification with a calibrator).</summary>
        public static bool HasProbability(ScoringModel model)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            return model.Definition.Predictor is Predictors.BinaryPredictor binary && binary.Calibrator != null;
        }

        private void ClearRow()
        {
            for (int i = 0; i < _rowNumbers.Length; i++) { _rowNumbers[i] = double.NaN; _rowTexts[i] = null; }
        }
    }
}
