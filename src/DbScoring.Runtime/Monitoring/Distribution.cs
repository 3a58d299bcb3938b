using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>How a <see cref="Distribution"/> describes its values. Persisted — never renumber.</summary>
    public enum DistributionKind : byte
    {
        /// <summary>Numbers: min, max and quantile bins (NaN = missing).</summary>
        Numeric = 1,

        /// <summary>Text: the share of each of the most frequent values, the rest as "other" (null or empty = missing).</summary>
        Categorical = 2,
    }

    /// <summary>
    /// The distribution of one input (or one output) over the profile rows of a model (docs/model-format.md, section 6).
    /// Immutable. Counts, not shares, are stored so that the bytes are exact; a share is a count divided by
    /// <see cref="Rows"/>.
    /// </summary>
    /// <remarks>
    /// Numeric bins: with inner edges e[0] &lt; … &lt; e[m−1], bin 0 holds x ≤ e[0], bin i holds e[i−1] &lt; x ≤ e[i], and
    /// bin m holds x &gt; e[m−1] (so the first and last bins are open: values outside the profile's range fall into them).
    /// Without edges there is one bin. ±∞ are numbers; NaN is missing.
    /// </remarks>
    public sealed class Distribution
    {
        private readonly Dictionary<string, int> _categoryIndex;

        private Distribution(string name, DistributionKind kind, long missing, double min, double max, double[] edges,
            long[] counts, string[] categories, long other)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Kind = kind;
            Missing = missing;
            Min = min;
            Max = max;
            Edges = edges;
            Counts = counts;
            Categories = categories;
            Other = other;
            long rows = missing + other;
            for (int i = 0; i < counts.Length; i++) rows += counts[i];
            Rows = rows;
            _categoryIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < categories.Length; i++) _categoryIndex[categories[i]] = i;
        }

        /// <summary>A numeric distribution; <paramref name="counts"/> has one count per bin (edges + 1).</summary>
        public static Distribution Numeric(string name, long missing, double min, double max, double[] edges, long[] counts)
        {
            if (edges == null) throw new ArgumentNullException(nameof(edges));
            if (counts == null) throw new ArgumentNullException(nameof(counts));
            if (counts.Length != edges.Length + 1) throw new ArgumentException($"A numeric distribution has one count per bin ({edges.Length + 1}), not {counts.Length}.", nameof(counts));
            return new Distribution(name, DistributionKind.Numeric, missing, min, max, (double[])edges.Clone(), (long[])counts.Clone(), new string[0], 0);
        }

        /// <summary>A categorical distribution: one count per listed category, the rest in <paramref name="other"/>.</summary>
        public static Distribution Categorical(string name, long missing, string[] categories, long[] counts, long other)
        {
            if (categories == null) throw new ArgumentNullException(nameof(categories));
            if (counts == null) throw new ArgumentNullException(nameof(counts));
            if (counts.Length != categories.Length) throw new ArgumentException($"A categorical distribution has one count per category ({categories.Length}), not {counts.Length}.", nameof(counts));
            return new Distribution(name, DistributionKind.Categorical, missing, double.NaN, double.NaN, new double[0], (long[])counts.Clone(), (string[])categories.Clone(), other);
        }

        /// <summary>Input name, or for outputs "Score", "Probability" or "PredictedLabel".</summary>
        public string Name { get; }

        /// <summary>Numeric or categorical.</summary>
        public DistributionKind Kind { get; }

        /// <summary>Rows counted: missing + every bin (numeric) or every category and other (categorical).</summary>
        public long Rows { get; }

        /// <summary>Rows whose value was missing (NaN; null or empty text).</summary>
        public long Missing { get; }

        /// <summary>Numeric: smallest non-missing value; NaN when every value was missing, or categorical.</summary>
        public double Min { get; }

        /// <summary>Numeric: largest non-missing value; NaN when every value was missing, or categorical.</summary>
        public double Max { get; }

        /// <summary>Numeric: the inner bin edges, strictly ascending (at most 9 from the builder; fewer when values repeat).</summary>
        public IReadOnlyList<double> Edges { get; }

        /// <summary>Numeric: rows per bin (edges + 1 bins). Categorical: rows per listed category.</summary>
        public IReadOnlyList<long> Counts { get; }

        /// <summary>Categorical: the most frequent values, most frequent first (ties by ordinal text order).</summary>
        public IReadOnlyList<string> Categories { get; }

        /// <summary>Categorical: rows with a value not among <see cref="Categories"/>.</summary>
        public long Other { get; }

        /// <summary>Share of missing rows in [0, 1]; NaN without rows.</summary>
        public double MissingShare => Rows == 0 ? double.NaN : (double)Missing / Rows;

        /// <summary>
        /// The number of buckets drift is measured over. Numeric: one per bin, then missing. Categorical: one per listed
        /// category, then other (a value the profile saw outside the list), unseen (a value it never saw), missing.
        /// </summary>
        public int BucketCount => Kind == DistributionKind.Numeric ? Counts.Count + 1 : Counts.Count + 3;

        /// <summary>The profile's own rows per bucket, in <see cref="BucketCount"/> order (unseen is always 0 here).</summary>
        public long[] BucketCounts()
        {
            var buckets = new long[BucketCount];
            for (int i = 0; i < Counts.Count; i++) buckets[i] = Counts[i];
            if (Kind == DistributionKind.Categorical) buckets[Counts.Count] = Other;
            buckets[buckets.Length - 1] = Missing;
            return buckets;
        }

        /// <summary>The bucket of a number: its bin, or the missing bucket for NaN.</summary>
        public int BucketOfNumber(double value)
        {
            if (double.IsNaN(value)) return BucketCount - 1;
            return BinOf(Edges, value);
        }

        /// <summary>Code of a number below the profile's minimum (counted in the first bin): 65,534. Persisted — never renumber.</summary>
        public const int BelowCode = 0xFFFE;

        /// <summary>Code of a number above the profile's maximum (counted in the last bin): 65,535. Persisted — never renumber.</summary>
        public const int AboveCode = 0xFFFF;

        /// <summary>
        /// The drift code of a number (<see cref="DriftCoder"/>): <see cref="BelowCode"/> below <see cref="Min"/>,
        /// <see cref="AboveCode"/> above <see cref="Max"/>, else its bucket (the missing bucket for NaN).
        /// </summary>
        public int CodeOfNumber(double value)
        {
            if (value < Min) return BelowCode;
            if (value > Max) return AboveCode;
            return BucketOfNumber(value);
        }

        /// <summary>The bucket a drift code counts in: the code itself, or the first/last bin for a number below/above the range.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The code is no bucket of this distribution.</exception>
        public int BucketOfCode(int code)
        {
            if (code == BelowCode && Kind == DistributionKind.Numeric) return 0;
            if (code == AboveCode && Kind == DistributionKind.Numeric) return Counts.Count - 1;
            if (code < 0 || code >= BucketCount)
                throw new ArgumentOutOfRangeException(nameof(code), code, $"'{Name}' has {BucketCount} buckets; {code} is none of them.");
            return code;
        }

        /// <summary>
        /// The bucket of a text value: missing for null or empty text; its listed category; else unseen when the profile
        /// listed every value it saw (<see cref="Other"/> = 0); else other when <paramref name="knownOutsideList"/> says
        /// the value may be one of the profile's unlisted values (the caller knows the model's vocabulary, or has none
        /// to tell by), unseen when not.
        /// </summary>
        public int BucketOfText(string? value, bool knownOutsideList)
        {
            if (value == null || value.Length == 0) return BucketCount - 1;
            if (_categoryIndex.TryGetValue(value, out int index)) return index;
            return Other > 0 && knownOutsideList ? Counts.Count : Counts.Count + 1;
        }

        /// <summary>True when <paramref name="value"/> is one of the listed categories.</summary>
        public bool IsListed(string value) => _categoryIndex.ContainsKey(value);

        /// <summary>Index of the unseen bucket (categorical only), else −1.</summary>
        public int UnseenBucket => Kind == DistributionKind.Categorical ? Counts.Count + 1 : -1;

        /// <summary>A short name of a bucket for reports: "≤ 3.5", "(3.5, 7]", "> 7", a category, "other", "unseen", "missing".</summary>
        public string BucketLabel(int bucket)
        {
            if (bucket == BucketCount - 1) return "missing";
            if (Kind == DistributionKind.Categorical)
                return bucket < Categories.Count ? Categories[bucket] : bucket == Categories.Count ? "other" : "unseen";
            if (Edges.Count == 0) return "all";
            if (bucket == 0) return "≤ " + Format(Edges[0]);
            if (bucket == Edges.Count) return "> " + Format(Edges[Edges.Count - 1]);
            return "(" + Format(Edges[bucket - 1]) + ", " + Format(Edges[bucket]) + "]";
        }

        /// <summary>The bin of a non-NaN number: the first i with value ≤ edges[i], else edges.Count (binary search).</summary>
        public static int BinOf(IReadOnlyList<double> edges, double value)
        {
            int lo = 0, hi = edges.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (value <= edges[mid]) hi = mid; else lo = mid + 1;
            }
            return lo;
        }

        private static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
    }
}
