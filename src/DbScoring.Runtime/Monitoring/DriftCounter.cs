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
        private readonly DriftCoder _coder;
        private readonly DistributionCounts[] _inputs;
        private readonly DistributionCounts[] _outputs;
        private readonly int[] _outputCodes;

        /// <summary>Counts against <paramref name="model"/>'s profile; <see cref="ArgumentException"/> when the model has none.</summary>
        public DriftCounter(ScoringModel model)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            _coder = new DriftCoder(model);
            Profile = _coder.Profile;
            _inputs = new DistributionCounts[Profile.Inputs.Count];
            for (int i = 0; i < _inputs.Length; i++) _inputs[i] = new DistributionCounts(Profile.Inputs[i]);
            _outputs = new DistributionCounts[Profile.Outputs.Count];
            for (int i = 0; i < _outputs.Length; i++) _outputs[i] = new DistributionCounts(Profile.Outputs[i]);
            _outputCodes = new int[_outputs.Length];
        }

        /// <summary>The profile counted against.</summary>
        public TrainingProfile Profile { get; }

        /// <summary>Per model input, in input order.</summary>
        public IReadOnlyList<DistributionCounts> Inputs => _inputs;

        /// <summary>Per profile output (Score, Probability, PredictedLabel as the profile has them).</summary>
        public IReadOnlyList<DistributionCounts> Outputs => _outputs;

        /// <summary>Counts a Number or Boolean input (NaN = missing; Boolean: non-zero is 1).</summary>
        public void SetNumber(int input, double value) => _inputs[input].AddCode(_coder.InputNumber(input, value), 1);

        /// <summary>
        /// Counts an input given as text: Text inputs as they are (null or empty = missing); Number and Boolean inputs
        /// parsed as <see cref="Scorer.SetText"/> parses them (<see cref="FormatException"/> naming the input when they are not).
        /// </summary>
        public void SetText(int input, string? value) => _inputs[input].AddCode(_coder.InputText(input, value), 1);

        /// <summary>Counts a missing input.</summary>
        public void SetMissing(int input) => _inputs[input].AddCode(_coder.InputMissing(input), 1);

        /// <summary>Counts the outputs of one scored row.</summary>
        public void CountPrediction(Prediction prediction)
        {
            if (prediction == null) throw new ArgumentNullException(nameof(prediction));
            CountOutputs(prediction.Score, prediction.Probability, prediction.PredictedLabel);
        }

        /// <summary>Counts the outputs of one scored row given as values (NaN and null = missing), e.g. read back from a table.</summary>
        public void CountOutputs(double score, double probability, string? label)
        {
            _coder.Outputs(score, probability, label, _outputCodes, 0);
            for (int i = 0; i < _outputs.Length; i++) _outputs[i].AddCode(_outputCodes[i], 1);
        }

        /// <summary>Adds the counts of another counter of the same model (a committed batch to its run).</summary>
        public void Add(DriftCounter other)
        {
            if (other == null) throw new ArgumentNullException(nameof(other));
            if (!ReferenceEquals(other.Profile, Profile) && other._inputs.Length != _inputs.Length)
                throw new ArgumentException("The counter belongs to another model.", nameof(other));
            for (int i = 0; i < _inputs.Length; i++) _inputs[i].Add(other._inputs[i]);
            for (int i = 0; i < _outputs.Length; i++) _outputs[i].Add(other._outputs[i]);
        }

        /// <summary>The drift of everything counted so far.</summary>
        public DriftReport Report(DriftThresholds thresholds) => DriftReport.Create(_inputs, Outputs, thresholds);
    }
}
