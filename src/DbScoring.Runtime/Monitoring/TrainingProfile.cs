using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>
    /// The model's reference data, summarised: per input and per output (Score, Probability, PredictedLabel) the
    /// distribution over the profile rows (training or reference rows given at conversion). Drift is measured against it.
    /// Stored in the blob's TrainingStatistics section (6); immutable.
    /// </summary>
    public sealed class TrainingProfile
    {
        /// <summary>Output distribution names, in the order they are written.</summary>
        public const string ScoreOutput = "Score", ProbabilityOutput = "Probability", LabelOutput = "PredictedLabel";

        /// <summary>Creates a profile.</summary>
        /// <param name="source">Where the rows came from, e.g. "file:customers.csv" (no paths, no times: the bytes must be reproducible).</param>
        /// <param name="rows">Number of profile rows.</param>
        /// <param name="inputs">One distribution per model input, in the model's input order.</param>
        /// <param name="outputs">Distributions of the model's outputs on the same rows.</param>
        public TrainingProfile(string source, long rows, IReadOnlyList<Distribution> inputs, IReadOnlyList<Distribution> outputs)
        {
            Source = source ?? throw new ArgumentNullException(nameof(source));
            Rows = rows;
            Inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
            Outputs = outputs ?? throw new ArgumentNullException(nameof(outputs));
        }

        /// <summary>Where the profile rows came from ("file:name.csv").</summary>
        public string Source { get; }

        /// <summary>Number of profile rows.</summary>
        public long Rows { get; }

        /// <summary>One distribution per model input, in the model's input order.</summary>
        public IReadOnlyList<Distribution> Inputs { get; }

        /// <summary>Score (always), Probability (binary with a calibrator), PredictedLabel (classification).</summary>
        public IReadOnlyList<Distribution> Outputs { get; }

        /// <summary>
        /// The profile alone, as the bytes of the blob's TrainingStatistics section (docs/model-format.md): how SQL Server's
        /// scoring.ExportTrainingProfile gives an analyst the reference for drift without the model blob itself.
        /// </summary>
        public byte[] ToBytes()
        {
            var w = new Format.BlobWriter();
            ProfileCodec.Write(w, this);
            return w.ToArray();
        }

        /// <summary>Reads bytes written by <see cref="ToBytes"/>, with the section's checks (counts add up, edges ascend).</summary>
        /// <exception cref="ModelFormatException">The bytes are not a profile.</exception>
        public static TrainingProfile FromBytes(byte[] bytes)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            return ProfileCodec.ReadWithoutModel(new Format.BlobReader(bytes, 0, bytes.Length, "training profile"));
        }

        /// <summary>The output distribution named <paramref name="name"/>, or null.</summary>
        public Distribution? Output(string name)
        {
            for (int i = 0; i < Outputs.Count; i++)
                if (string.Equals(Outputs[i].Name, name, StringComparison.Ordinal)) return Outputs[i];
            return null;
        }
    }
}
