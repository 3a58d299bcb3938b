using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>
    /// The bucket code of one value against a model's training profile: the rules by which drift counts a value (which
    /// bucket, whether it lies outside the profile's range, when a text is "other" and when "unseen"), in one place, for
    /// <see cref="DriftCounter"/> (which adds codes up) and for SQL Server (which computes one code per value and row in a
    /// CLR function and counts them set-based). Immutable after construction, so several threads may use one instance.
    /// </summary>
    /// <remarks>
    /// A code is the profile bucket index (<see cref="Distribution.BucketCount"/> order), or for a number outside the
    /// profile's range <see cref="Distribution.BelowCode"/> (counted in the first bin) or <see cref="Distribution.AboveCode"/>
    /// (counted in the last bin). Codes are persisted nowhere; a batch's codes are turned into bucket counts with
    /// <see cref="DistributionCounts.AddCode"/> before they are stored.
    /// </remarks>
    public sealed class DriftCoder
    {
        private readonly ScoringModel _model;
        private readonly Dictionary<string, bool>[] _known;
        private readonly Dictionary<string, bool> _labels;
        private readonly int _score, _probability, _label;

        /// <summary>Codes against <paramref name="model"/>'s profile; <see cref="ArgumentException"/> when the model has none.</summary>
        public DriftCoder(ScoringModel model)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            Profile = model.Profile ?? throw new ArgumentException(
                "The model has no training profile, so drift cannot be measured (no profile): convert it with --profile <rows.csv> or --sample <rows.csv>.", nameof(model));
            _known = new Dictionary<string, bool>[Profile.Inputs.Count];
            for (int i = 0; i < _known.Length; i++) _known[i] = Set(model.Inputs[i].Categories);
            _score = _probability = _label = -1;
            for (int i = 0; i < Profile.Outputs.Count; i++)
            {
                string name = Profile.Outputs[i].Name;
                if (name == TrainingProfile.ScoreOutput) _score = i;
                else if (name == TrainingProfile.ProbabilityOutput) _probability = i;
                else if (name == TrainingProfile.LabelOutput) _label = i;
            }
            _labels = Set(model.ClassLabels);
        }

        /// <summary>The profile coded against.</summary>
        public TrainingProfile Profile { get; }

        /// <summary>Codes per row: one per model input (input order), then one per profile output (profile order).</summary>
        public int CodesPerRow => Profile.Inputs.Count + Profile.Outputs.Count;

        /// <summary>The code of a Number or Boolean input's value (NaN = missing; Boolean: non-zero is 1).</summary>
        public int InputNumber(int input, double value)
        {
            var kind = _model.Inputs[input].Kind;
            if (kind == InputKind.Text) throw new ArgumentException($"Input '{_model.Inputs[input].Name}' is text; code it with InputText.", nameof(input));
            if (kind == InputKind.Boolean && !double.IsNaN(value)) value = value != 0 ? 1 : 0;
            return Profile.Inputs[input].CodeOfNumber(value);
        }

        /// <summary>
        /// The code of an input given as text: Text inputs as they are (null or empty = missing); Number and Boolean inputs
        /// parsed as <see cref="Scorer.SetText"/> parses them (<see cref="FormatException"/> naming the input when they are not).
        /// </summary>
        public int InputText(int input, string? value)
        {
            var column = _model.Inputs[input];
            switch (column.Kind)
            {
                case InputKind.Text:
                    // A model without a vocabulary for this input (hashed or free text) cannot tell an unlisted profile value
                    // from a new one: count it as other, so that the profile's own long tail is not reported as unseen.
                    return Profile.Inputs[input].BucketOfText(value, value != null && (_known[input].Count == 0 || _known[input].ContainsKey(value)));
                case InputKind.Number:
                    return Profile.Inputs[input].CodeOfNumber(ValueParser.ParseDouble(value, column.Name)); // the value as given, like the profile
                default:
                    return Profile.Inputs[input].CodeOfNumber(ValueParser.ParseBoolean(value, column.Name));
            }
        }

        /// <summary>The code of a missing input.</summary>
        public int InputMissing(int input) => Profile.Inputs[input].BucketCount - 1;

        /// <summary>
        /// The codes of one scored row's outputs given as values (NaN and null = missing), written to <paramref name="codes"/>
        /// from <paramref name="offset"/> in profile output order.
        /// </summary>
        public void Outputs(double score, double probability, string? label, int[] codes, int offset)
        {
            if (codes == null) throw new ArgumentNullException(nameof(codes));
            if (_score >= 0) codes[offset + _score] = Profile.Outputs[_score].CodeOfNumber(score);
            if (_probability >= 0) codes[offset + _probability] = Profile.Outputs[_probability].CodeOfNumber(probability);
            if (_label >= 0) codes[offset + _label] = Profile.Outputs[_label].BucketOfText(label, label != null && _labels.ContainsKey(label));
        }

        private static Dictionary<string, bool> Set(IReadOnlyList<string> values)
        {
            var set = new Dictionary<string, bool>(StringComparer.Ordinal);
            for (int i = 0; i < values.Count; i++) set[values[i]] = true;
            return set;
        }
    }
}
