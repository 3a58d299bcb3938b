using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Runtime.Monitoring;

namespace DbScoring.Cli
{
    /// <summary>A model's training profile for people (<c>inspect</c>) and for machines (<c>--json</c>).</summary>
    public static class ProfileReport
    {
        /// <summary>What every report says when a model carries no profile.</summary>
        public const string NoProfile = "no profile (convert with --profile <rows.csv> or --sample <rows.csv> to store one)";

        /// <summary>The profile as a JSON-friendly object; null when there is none.</summary>
        public static object? Describe(TrainingProfile? profile) => profile == null ? null : new
        {
            source = profile.Source,
            rows = profile.Rows,
            inputs = profile.Inputs.Select(DescribeDistribution),
            outputs = profile.Outputs.Select(DescribeDistribution),
        };

        private static object DescribeDistribution(Distribution d) => new
        {
            name = d.Name,
            kind = d.Kind.ToString(),
            rows = d.Rows,
            missingShare = Share(d.Missing, d.Rows),
            min = d.Kind == DistributionKind.Numeric ? Nullable(d.Min) : null,
            max = d.Kind == DistributionKind.Numeric ? Nullable(d.Max) : null,
            bins = d.Kind == DistributionKind.Numeric
                ? d.Counts.Select((c, i) => new { bin = d.BucketLabel(i), lower = i == 0 ? null : Nullable(d.Edges[i - 1]), upper = i == d.Edges.Count ? null : Nullable(d.Edges[i]), share = Share(c, d.Rows) }).ToArray()
                : null,
            categories = d.Kind == DistributionKind.Categorical
                ? d.Categories.Select((c, i) => new { category = c, share = Share(d.Counts[i], d.Rows) }).ToArray()
                : null,
            otherShare = d.Kind == DistributionKind.Categorical ? Share(d.Other, d.Rows) : (double?)null,
        };

        /// <summary>Prints the profile (or "no profile") as indented lines.</summary>
        public static void Print(TextWriter o, TrainingProfile? profile)
        {
            if (profile == null)
            {
                o.WriteLine("  profile:    " + NoProfile);
                return;
            }
            o.WriteLine($"  profile:    {Plural.Count(profile.Rows, "row")} ({profile.Source})");
            int width = profile.Inputs.Concat(profile.Outputs).Max(d => d.Name.Length);
            foreach (var d in profile.Inputs.Concat(profile.Outputs))
                o.WriteLine($"    {d.Name.PadRight(width)}  missing {Percent(d.Missing, d.Rows),6}  {Summary(d)}");
        }

        /// <summary>One line: range and decile edges, or the most frequent categories with their shares.</summary>
        public static string Summary(Distribution d)
        {
            if (d.Kind == DistributionKind.Numeric)
            {
                if (double.IsNaN(d.Min)) return "no values";
                return $"[{Number(d.Min)}, {Number(d.Max)}], bin edges {string.Join(" ", d.Edges.Select(Number))}";
            }
            var shown = d.Categories.Take(6).Select((c, i) => $"{c} {Percent(d.Counts[i], d.Rows)}");
            string more = d.Categories.Count > 6 ? $", … ({d.Categories.Count} listed)" : "";
            string other = d.Other > 0 ? $", other {Percent(d.Other, d.Rows)}" : "";
            return string.Join(", ", shown) + more + other;
        }

        internal static string Percent(long count, long rows) =>
            rows == 0 ? "–" : (100.0 * count / rows).ToString("0.0", CultureInfo.InvariantCulture) + "%";

        internal static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

        private static double? Share(long count, long rows) => rows == 0 ? null : (double)count / rows;

        private static double? Nullable(double value) => double.IsNaN(value) || double.IsInfinity(value) ? null : value;
    }
}
