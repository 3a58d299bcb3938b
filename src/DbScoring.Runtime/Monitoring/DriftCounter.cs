using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>
    /// Counts the inputs and predictions of scored rows in the buckets of a model's training profile, for a drift
    /// report. Call the Set methods with the values exactly as given to the <see cref="Scorer"/>, and
    /// <see cref="CountPrediction"/> with its result; an input not set for a row is not counted for that row.
    /// Not thread-safe.
    /// </summary>
    public sealed class DriftCounter
    {
        private readonly ScoringModel _model;
        private readonly DistributionCounts[] _inputs;
        private readonly DistributionCounts?[] _outputs;
        private readonly Dictionary<string, bool>[] _known;
        private readonly Dictionary<string, bool> _labels;
        private readonly int _score, _probability, _label;

        /// <summary>Counts against <paramref name="model"/>'s profile; <see cref="ArgumentException"/> when the model has none.</summary>
        public DriftCounter(ScoringModel model)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            var profile = model.Profile ?? throw new ArgumentException(
                "The model has no training profile, so drift cannot be measured (no profile): convert it with --profile <rows.csv> or --sample <rows.csv>.", nameof(model));
            Profile = profile;
            _inputs = new DistributionCounts[profile.Inputs.Count];
            _known = new Dictionary<string, bool>[profile.Inputs.Count];
            for (int i = 0; i < _inputs.Length; i++)
            {
                _inputs[i] = new DistributionCounts(profile.Inputs[i]);
                _known[i] = Set(model.Inputs[i].Categories);
            }
            _outputs = new DistributionCounts?[profile.Outputs.Count];
            _score = _probability = _label = -1;
            for (int i = 0; i < _outputs.Length; i++)
            {
                var d = profile.Outputs[i];
                _outputs[i] = new DistributionCounts(d);
                if (d.Name == TrainingProfile.ScoreOutput) _score = i;
                else if (d.Name == TrainingProfile.ProbabilityOutput) _probability = i;
                else if (d.Name == TrainingProfile.LabelOutput) _label = i;
            }
            _labels = Set(model.ClassLabels);
        }

        /// <summary>The profile counted against.</summary>
        public TrainingProfile Profile { get; }

        /// <summary>Per model input, in input order.</summary>
        public IReadOnlyList<DistributionCounts> Inputs => _inputs;

        /// <summary>Per profile output (Score, Probability, PredictedLabel as the profile has them).</summary>
        public IReadOnlyList<DistributionCounts> Outputs
        {
            get
            {
                var list = new DistributionCounts[_outputs.Length];
                for (int i = 0; i < list.Length; i++) list[i] = _outputs[i]!;
                return list;
            }
        }

        /// <summary>Counts a Number or Boolean input (NaN = missing; Boolean: non-zero is 1).</summary>
        public void SetNumber(int input, double value)
        {
            var kind = _model.Inputs[input].Kind;
            if (kind == InputKind.Text) throw new ArgumentException($"Input '{_model.Inputs[input].Name}' is text; count it with SetText.", nameof(input));
            if (kind == InputKind.Boolean && !double.IsNaN(value)) value = value != 0 ? 1 : 0;
            _inputs[input].AddNumber(value);
        }

        /// <summary>
        /// Counts an input given as text: Text inputs as they are (null or empty = missing); Number and Boolean inputs
        /// parsed as <see cref="Scorer.SetText"/> parses them (<see cref="FormatException"/> naming the input when they are not).
        /// </summary>
        public void SetText(int input, string? value)
        {
            var column = _model.Inputs[input];
            switch (column.Kind)
            {
                case InputKind.Text:
                    // A model without a vocabulary for this input (hashed or free text) cannot tell an unlisted profile value
                    // from a new one: count it as other, so that the profile's own long tail is not reported as unseen.
                    _inputs[input].AddText(value, value != null && (_known[input].Count == 0 || _known[input].ContainsKey(value)));
                    break;
                case InputKind.Number:
                    _inputs[input].AddNumber(ValueParser.ParseDouble(value, column.Name)); // the value as given, like the profile
                    break;
                default:
                    _inputs[input].AddNumber(ValueParser.ParseBoolean(value, column.Name));
                    break;
            }
        }

        /// <summary>Counts a missing input.</summary>
        public void SetMissing(int input)
        {
            if (_model.Inputs[input].Kind == InputKind.Text) _inputs[input].AddText(null, false);
            else _inputs[input].AddNumber(double.NaN);
        }

        /// <summary>Counts the outputs of one scored row.</summary>
        public void CountPrediction(Prediction prediction)
        {
            if (prediction == null) throw new ArgumentNullException(nameof(prediction));
            CountOutputs(prediction.Score, prediction.Probability, prediction.PredictedLabel);
        }

        /// <summary>Counts the outputs of one scored row given as values (NaN and null = missing), e.g. read back from a table.</summary>
        public void CountOutputs(double score, double probability, string? label)
        {
            if (_score >= 0) _outputs[_score]!.AddNumber(score);
            if (_probability >= 0) _outputs[_probability]!.AddNumber(probability);
            if (_label >= 0) _outputs[_label]!.AddText(label, label != null && _labels.ContainsKey(label));
        }

        /// <summary>Adds the counts of another counter of the same model (a committed batch to its run).</summary>
        public void Add(DriftCounter other)
        {
            if (other == null) throw new ArgumentNullException(nameof(other));
            if (!ReferenceEquals(other.Profile, Profile) && other._inputs.Length != _inputs.Length)
                throw new ArgumentException("The counter belongs to another model.", nameof(other));
            for (int i = 0; i < _inputs.Length; i++) _inputs[i].Add(other._inputs[i]);
            for (int i = 0; i < _outputs.Length; i++) _outputs[i]!.Add(other._outputs[i]!);
        }

        /// <summary>The drift of everything counted so far.</summary>
        public DriftReport Report(DriftThresholds thresholds) => DriftReport.Create(_inputs, Outputs, thresholds);

        private static Dictionary<string, bool> Set(IReadOnlyList<string> values)
        {
            var set = new Dictionary<string, bool>(StringComparer.Ordinal);
            for (int i = 0; i < values.Count; i++) set[values[i]] = true;
            return set;
        }
    }
}
