using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>
    /// The values of one input or output in a run (or a file), counted in the buckets of its profile
    /// <see cref="Distribution"/>, plus how many numbers fell below the profile's minimum or above its maximum.
    /// Counts of several batches add up (<see cref="Add"/>), so stores can keep them per batch.
    /// </summary>
    public sealed class DistributionCounts
    {
        private readonly long[] _buckets;

        /// <summary>Empty counts for <paramref name="profile"/>'s buckets.</summary>
        public DistributionCounts(Distribution profile)
        {
            Profile = profile ?? throw new ArgumentNullException(nameof(profile));
            _buckets = new long[profile.BucketCount];
        }

        /// <summary>Counts read back from a store: <paramref name="buckets"/> in <see cref="Distribution.BucketCount"/> order.</summary>
        public DistributionCounts(Distribution profile, IReadOnlyList<long> buckets, long below, long above)
            : this(profile)
        {
            if (buckets == null) throw new ArgumentNullException(nameof(buckets));
            if (buckets.Count != _buckets.Length)
                throw new ArgumentException($"'{profile.Name}' has {_buckets.Length} buckets in its profile, not {buckets.Count}: the counts belong to another profile.", nameof(buckets));
            for (int i = 0; i < _buckets.Length; i++) _buckets[i] = buckets[i];
            Below = below;
            Above = above;
        }

        /// <summary>The profile distribution whose buckets these are.</summary>
        public Distribution Profile { get; }

        /// <summary>Rows per bucket, in <see cref="Distribution.BucketCount"/> order.</summary>
        public IReadOnlyList<long> Buckets => _buckets;

        /// <summary>Numbers below the profile's minimum.</summary>
        public long Below { get; private set; }

        /// <summary>Numbers above the profile's maximum.</summary>
        public long Above { get; private set; }

        /// <summary>Rows counted.</summary>
        public long Rows
        {
            get
            {
                long rows = 0;
                for (int i = 0; i < _buckets.Length; i++) rows += _buckets[i];
                return rows;
            }
        }

        /// <summary>Counts a number (NaN = missing).</summary>
        public void AddNumber(double value) => AddCode(Profile.CodeOfNumber(value), 1);

        /// <summary>
        /// Counts <paramref name="rows"/> values of one drift code (<see cref="DriftCoder"/>): its bucket, and below/above the
        /// range for <see cref="Distribution.BelowCode"/> and <see cref="Distribution.AboveCode"/>.
        /// </summary>
        public void AddCode(int code, long rows)
        {
            if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "A count cannot be negative.");
            _buckets[Profile.BucketOfCode(code)] += rows;
            if (code == Distribution.BelowCode && Profile.Kind == DistributionKind.Numeric) Below += rows;
            else if (code == Distribution.AboveCode && Profile.Kind == DistributionKind.Numeric) Above += rows;
        }

        /// <summary>Counts a text (null or empty = missing); <paramref name="knownOutsideList"/>: see <see cref="Distribution.BucketOfText"/>.</summary>
        public void AddText(string? value, bool knownOutsideList) => _buckets[Profile.BucketOfText(value, knownOutsideList)]++;

        /// <summary>Adds another batch's counts of the same profile distribution.</summary>
        public void Add(DistributionCounts other)
        {
            if (other == null) throw new ArgumentNullException(nameof(other));
            if (other._buckets.Length != _buckets.Length) throw new ArgumentException("The counts belong to another profile distribution.", nameof(other));
            for (int i = 0; i < _buckets.Length; i++) _buckets[i] += other._buckets[i];
            Below += other.Below;
            Above += other.Above;
        }
    }
}
