using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>
    /// The population stability index between an expected distribution (the profile) and an actual one (a run or a
    /// file), over the same buckets: PSI = Σᵢ (aᵢ − eᵢ) · ln(aᵢ / eᵢ), where eᵢ and aᵢ are the shares of bucket i.
    /// A share of 0 (an empty bucket) is replaced by <see cref="Epsilon"/> so that every term is finite: a bucket
    /// that is empty on one side and not on the other contributes a large, but bounded, amount.
    /// </summary>
    public static class Psi
    {
        /// <summary>The share used for an empty bucket: 0.0001 (1 in 10,000 rows).</summary>
        public const double Epsilon = 1e-4;

        /// <summary>
        /// PSI of <paramref name="actual"/> counts against <paramref name="expected"/> counts (same length, same bucket
        /// order). 0 for identical shares; NaN when either side has no rows at all.
        /// </summary>
        public static double Compute(IReadOnlyList<long> expected, IReadOnlyList<long> actual)
        {
            if (expected == null) throw new ArgumentNullException(nameof(expected));
            if (actual == null) throw new ArgumentNullException(nameof(actual));
            if (expected.Count != actual.Count)
                throw new ArgumentException($"Both sides need the same buckets ({expected.Count} expected, {actual.Count} actual).", nameof(actual));
            double expectedTotal = Sum(expected), actualTotal = Sum(actual);
            if (expectedTotal <= 0 || actualTotal <= 0) return double.NaN;
            double psi = 0;
            for (int i = 0; i < expected.Count; i++)
            {
                double e = Share(expected[i], expectedTotal), a = Share(actual[i], actualTotal);
                psi += (a - e) * Math.Log(a / e);
            }
            return psi;
        }

        /// <summary>count / total, or <see cref="Epsilon"/> when the count is 0.</summary>
        public static double Share(long count, double total) => count <= 0 ? Epsilon : count / total;

        private static double Sum(IReadOnlyList<long> counts)
        {
            double total = 0;
            for (int i = 0; i < counts.Count; i++) total += counts[i];
            return total;
        }
    }

    /// <summary>How far a run drifted from the training profile. Persisted (stored as its name) — never renumber.</summary>
    public enum DriftLevel : byte
    {
        /// <summary>Every PSI below the warning threshold (or no rows to compare).</summary>
        None = 0,

        /// <summary>Some PSI at or above the warning threshold, none at or above the alert threshold.</summary>
        Warning = 1,

        /// <summary>Some PSI at or above the alert threshold.</summary>
        Alert = 2,
    }

    /// <summary>PSI thresholds of a model: 0.1 warning and 0.25 alert by default (the customary PSI reading).</summary>
    public sealed class DriftThresholds
    {
        /// <summary>The defaults: warning 0.1, alert 0.25.</summary>
        public DriftThresholds() : this(0.1, 0.25) { }

        /// <summary>Thresholds with 0 &lt; warning ≤ alert.</summary>
        public DriftThresholds(double warning, double alert)
        {
            if (!(warning > 0) || double.IsInfinity(warning)) throw new ArgumentOutOfRangeException(nameof(warning), warning, "The warning threshold must be a positive number.");
            if (!(alert >= warning) || double.IsInfinity(alert)) throw new ArgumentOutOfRangeException(nameof(alert), alert, "The alert threshold must be a number at least as large as the warning threshold.");
            Warning = warning;
            Alert = alert;
        }

        /// <summary>PSI at or above this is a warning.</summary>
        public double Warning { get; }

        /// <summary>PSI at or above this is an alert.</summary>
        public double Alert { get; }

        /// <summary>The level of one PSI value (NaN: None).</summary>
        public DriftLevel LevelOf(double psi) => psi >= Alert ? DriftLevel.Alert : psi >= Warning ? DriftLevel.Warning : DriftLevel.None;
    }
}
