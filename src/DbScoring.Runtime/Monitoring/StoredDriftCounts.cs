using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>
    /// One batch's counts of one input or output as a store keeps them (ScoringRunDriftCounts in both stores): whether it
    /// is an output, its name, the rows per profile bucket, and the numbers below/above the profile's range. A run's drift
    /// is the sum of its batches (<see cref="Report"/>), however the batches were cut.
    /// </summary>
    public sealed class StoredDriftCounts
    {
        /// <summary>Counts as stored.</summary>
        public StoredDriftCounts(bool isOutput, string name, long[] buckets, long belowRange, long aboveRange)
        {
            IsOutput = isOutput;
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Buckets = buckets ?? throw new ArgumentNullException(nameof(buckets));
            BelowRange = belowRange;
            AboveRange = aboveRange;
        }

        /// <summary>The counts of <paramref name="counts"/>, to be stored.</summary>
        public static StoredDriftCounts Of(DistributionCounts counts, bool isOutput)
        {
            if (counts == null) throw new ArgumentNullException(nameof(counts));
            var buckets = new long[counts.Buckets.Count];
            for (int i = 0; i < buckets.Length; i++) buckets[i] = counts.Buckets[i];
            return new StoredDriftCounts(isOutput, counts.Profile.Name, buckets, counts.Below, counts.Above);
        }

        /// <summary>True for Score, Probability and PredictedLabel.</summary>
        public bool IsOutput { get; }

        /// <summary>Input name, or Score / Probability / PredictedLabel.</summary>
        public string Name { get; }

        /// <summary>Rows per profile bucket (<see cref="Distribution.BucketCount"/> order).</summary>
        public long[] Buckets { get; }

        /// <summary>Numbers below the profile's minimum.</summary>
        public long BelowRange { get; }

        /// <summary>Numbers above the profile's maximum.</summary>
        public long AboveRange { get; }

        /// <summary>
        /// The drift of a run from its stored batches: per profile input and output the sum of the batches' counts of that name
        /// (none: no rows), read against <paramref name="thresholds"/>. <see cref="ArgumentException"/> when stored counts do
        /// not fit the profile's buckets (they belong to another profile).
        /// </summary>
        public static DriftReport Report(TrainingProfile profile, IEnumerable<StoredDriftCounts> batches, DriftThresholds thresholds)
        {
            if (profile == null) throw new ArgumentNullException(nameof(profile));
            if (batches == null) throw new ArgumentNullException(nameof(batches));
            var stored = new List<StoredDriftCounts>(batches);
            return DriftReport.Create(Sum(profile.Inputs, false, stored), Sum(profile.Outputs, true, stored), thresholds);
        }

        private static List<DistributionCounts> Sum(IReadOnlyList<Distribution> distributions, bool isOutput, List<StoredDriftCounts> stored)
        {
            var totals = new List<DistributionCounts>(distributions.Count);
            foreach (var d in distributions)
            {
                var total = new DistributionCounts(d);
                foreach (var s in stored)
                    if (s.IsOutput == isOutput && string.Equals(s.Name, d.Name, StringComparison.Ordinal))
                        total.Add(new DistributionCounts(d, s.Buckets, s.BelowRange, s.AboveRange));
                totals.Add(total);
            }
            return totals;
        }
    }
}
