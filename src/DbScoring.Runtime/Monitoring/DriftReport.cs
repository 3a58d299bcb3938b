using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>The drift of one input or output against its profile distribution.</summary>
    public sealed class DistributionDrift
    {
        internal DistributionDrift(DistributionCounts counts, bool isOutput, DriftThresholds thresholds)
        {
            var profile = counts.Profile;
            Profile = profile;
            Name = profile.Name;
            IsOutput = isOutput;
            Kind = profile.Kind;
            Rows = counts.Rows;
            var expected = profile.BucketCounts();
            Psi = Monitoring.Psi.Compute(expected, counts.Buckets);
            Level = thresholds.LevelOf(Psi);
            int n = expected.Length;
            var labels = new string[n];
            var expectedShares = new double[n];
            var actualShares = new double[n];
            for (int i = 0; i < n; i++)
            {
                labels[i] = profile.BucketLabel(i);
                expectedShares[i] = profile.Rows == 0 ? double.NaN : (double)expected[i] / profile.Rows;
                actualShares[i] = Rows == 0 ? double.NaN : (double)counts.Buckets[i] / Rows;
            }
            BucketLabels = labels;
            ExpectedShares = expectedShares;
            ActualShares = actualShares;
            MissingShare = actualShares[n - 1];
            UnseenShare = profile.UnseenBucket >= 0 ? actualShares[profile.UnseenBucket] : 0;
            OutOfRangeShare = Rows == 0 ? double.NaN : (double)(counts.Below + counts.Above) / Rows;
        }

        /// <summary>The profile distribution compared against.</summary>
        public Distribution Profile { get; }

        /// <summary>Input name, or Score / Probability / PredictedLabel.</summary>
        public string Name { get; }

        /// <summary>True for Score, Probability and PredictedLabel.</summary>
        public bool IsOutput { get; }

        /// <summary>Numeric or categorical.</summary>
        public DistributionKind Kind { get; }

        /// <summary>Rows compared.</summary>
        public long Rows { get; }

        /// <summary>Population stability index against the profile (<see cref="Monitoring.Psi"/>); NaN without rows.</summary>
        public double Psi { get; }

        /// <summary>The PSI read against the thresholds.</summary>
        public DriftLevel Level { get; }

        /// <summary>Share of missing values in the rows compared.</summary>
        public double MissingShare { get; }

        /// <summary>Share of text values the profile never saw (0 for numbers).</summary>
        public double UnseenShare { get; }

        /// <summary>Share of numbers below the profile's minimum or above its maximum (0 for text).</summary>
        public double OutOfRangeShare { get; }

        /// <summary>Bucket names: bins, categories, other, unseen, missing.</summary>
        public IReadOnlyList<string> BucketLabels { get; }

        /// <summary>The profile's share per bucket.</summary>
        public IReadOnlyList<double> ExpectedShares { get; }

        /// <summary>The compared rows' share per bucket.</summary>
        public IReadOnlyList<double> ActualShares { get; }
    }

    /// <summary>The drift of a run or file: every input and output against the training profile, and the overall level.</summary>
    public sealed class DriftReport
    {
        private DriftReport(List<DistributionDrift> inputs, List<DistributionDrift> outputs, DriftThresholds thresholds)
        {
            Inputs = inputs;
            Outputs = outputs;
            Thresholds = thresholds;
            var causes = new List<string>();
            var level = DriftLevel.None;
            foreach (var d in inputs) Consider(d, ref level);
            foreach (var d in outputs) Consider(d, ref level);
            // The causes are the distributions at the run's level: an alert names what alerted, a warning what warned.
            foreach (var d in inputs) if (level != DriftLevel.None && d.Level == level) causes.Add(d.Name);
            foreach (var d in outputs) if (level != DriftLevel.None && d.Level == level) causes.Add(d.Name);
            Level = level;
            Causes = causes;
            Rows = outputs.Count > 0 ? outputs[0].Rows : inputs.Count > 0 ? inputs[0].Rows : 0;
        }

        /// <summary>Compares counted inputs and outputs with their profile distributions.</summary>
        public static DriftReport Create(IReadOnlyList<DistributionCounts> inputs, IReadOnlyList<DistributionCounts> outputs, DriftThresholds thresholds)
        {
            if (inputs == null) throw new ArgumentNullException(nameof(inputs));
            if (outputs == null) throw new ArgumentNullException(nameof(outputs));
            if (thresholds == null) throw new ArgumentNullException(nameof(thresholds));
            var i = new List<DistributionDrift>(inputs.Count);
            foreach (var c in inputs) i.Add(new DistributionDrift(c, false, thresholds));
            var o = new List<DistributionDrift>(outputs.Count);
            foreach (var c in outputs) o.Add(new DistributionDrift(c, true, thresholds));
            return new DriftReport(i, o, thresholds);
        }

        /// <summary>Rows compared.</summary>
        public long Rows { get; }

        /// <summary>Per model input, in input order.</summary>
        public IReadOnlyList<DistributionDrift> Inputs { get; }

        /// <summary>Score, Probability, PredictedLabel (as the profile has them).</summary>
        public IReadOnlyList<DistributionDrift> Outputs { get; }

        /// <summary>The thresholds the levels were read with.</summary>
        public DriftThresholds Thresholds { get; }

        /// <summary>The highest level of any input or output.</summary>
        public DriftLevel Level { get; }

        /// <summary>Names of the inputs and outputs at <see cref="Level"/> (empty when None).</summary>
        public IReadOnlyList<string> Causes { get; }

        /// <summary>The output named <paramref name="name"/>, or null.</summary>
        public DistributionDrift? Output(string name)
        {
            foreach (var d in Outputs) if (d.Name == name) return d;
            return null;
        }

        private static void Consider(DistributionDrift d, ref DriftLevel level)
        {
            if (d.Level > level) level = d.Level;
        }
    }
}
