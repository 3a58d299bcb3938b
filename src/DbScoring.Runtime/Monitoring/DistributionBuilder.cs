using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>
    /// Builds <see cref="Distribution"/>s from profile rows, deterministically: the same multiset of values gives the
    /// same distribution (and bytes), whatever the row order.
    /// </summary>
    public static class DistributionBuilder
    {
        /// <summary>Quantile bins of a numeric distribution (before equal edges are merged).</summary>
        public const int Bins = 10;

        /// <summary>Categories listed by name in a categorical distribution; the rest count as "other".</summary>
        public const int MaxCategories = 100;

        /// <summary>
        /// A numeric distribution of the first <paramref name="count"/> values (NaN = missing). The inner edges are the
        /// 10 %, 20 %, …, 90 % quantiles by nearest rank (the value at sorted position ⌈k·n/10⌉ − 1), equal edges merged;
        /// −0 counts as 0.
        /// </summary>
        public static Distribution Numeric(string name, IReadOnlyList<double> values, int count)
        {
            if (values == null) throw new ArgumentNullException(nameof(values));
            if (count < 0 || count > values.Count) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be within the values.");
            var present = new double[count];
            int n = 0;
            long missing = 0;
            for (int i = 0; i < count; i++)
            {
                double v = values[i];
                if (double.IsNaN(v)) { missing++; continue; }
                present[n++] = v == 0 ? 0.0 : v; // −0 → +0, so that the bytes do not depend on row order
            }
            if (n == 0) return Distribution.Numeric(name, missing, double.NaN, double.NaN, new double[0], new long[1]);
            Array.Sort(present, 0, n);
            var edges = new List<double>(Bins - 1);
            for (int k = 1; k < Bins; k++)
            {
                long rank = ((long)k * n + Bins - 1) / Bins; // ⌈k·n/10⌉
                double cut = present[rank - 1];
                if (edges.Count == 0 || cut > edges[edges.Count - 1]) edges.Add(cut);
            }
            var counts = new long[edges.Count + 1];
            for (int i = 0; i < n; i++) counts[Distribution.BinOf(edges, present[i])]++;
            return Distribution.Numeric(name, missing, present[0], present[n - 1], edges.ToArray(), counts);
        }

        /// <summary>
        /// A categorical distribution of the first <paramref name="count"/> values (null or empty text = missing): the
        /// <see cref="MaxCategories"/> most frequent values by count (ties by ordinal text order), the rest as other.
        /// </summary>
        public static Distribution Categorical(string name, IReadOnlyList<string?> values, int count)
        {
            if (values == null) throw new ArgumentNullException(nameof(values));
            if (count < 0 || count > values.Count) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be within the values.");
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            long missing = 0;
            for (int i = 0; i < count; i++)
            {
                string? v = values[i];
                if (v == null || v.Length == 0) { missing++; continue; }
                counts.TryGetValue(v, out long c);
                counts[v] = c + 1;
            }
            var entries = new KeyValuePair<string, long>[counts.Count];
            int e = 0;
            foreach (var pair in counts) entries[e++] = pair;
            Array.Sort(entries, new MostFrequentFirst());
            int listed = Math.Min(MaxCategories, entries.Length);
            var names = new string[listed];
            var listedCounts = new long[listed];
            long other = 0;
            for (int i = 0; i < entries.Length; i++)
            {
                if (i < listed) { names[i] = entries[i].Key; listedCounts[i] = entries[i].Value; }
                else other += entries[i].Value;
            }
            return Distribution.Categorical(name, missing, names, listedCounts, other);
        }

        /// <summary>Count descending, then text ascending (ordinal): a total order, so the result does not depend on row order.</summary>
        private sealed class MostFrequentFirst : IComparer<KeyValuePair<string, long>>
        {
            public int Compare(KeyValuePair<string, long> x, KeyValuePair<string, long> y)
            {
                int byCount = y.Value.CompareTo(x.Value);
                return byCount != 0 ? byCount : string.CompareOrdinal(x.Key, y.Key);
            }
        }
    }
}
