using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Runtime.Monitoring;

namespace DbScoring.Cli
{
    /// <summary>A drift report for people (a table sorted by PSI) and for machines (<c>--json</c>).</summary>
    public static class DriftText
    {
        /// <summary>Prints the level, the causes and one line per input and output, most drifted first.</summary>
        public static void Print(TextWriter o, DriftReport report, string what)
        {
            var t = report.Thresholds;
            o.WriteLine($"Drift of {what} against the training profile: {report.Level}" +
                        (report.Causes.Count > 0 ? $" ({string.Join(", ", report.Causes)})" : "") +
                        $" — {Plural.Count(report.Rows, "row")}; PSI ≥ {Number(t.Warning)} warning, ≥ {Number(t.Alert)} alert");
            var rows = report.Inputs.Concat(report.Outputs).OrderByDescending(d => double.IsNaN(d.Psi) ? -1 : d.Psi).ToList();
            int width = System.Math.Max(5, rows.Max(d => d.Name.Length + (d.IsOutput ? 9 : 0)));
            o.WriteLine($"  {"input".PadRight(width)}  {"PSI",8}  {"level",-7}  {"missing",7}  {"unseen",7}  {"out of range",12}");
            foreach (var d in rows)
            {
                string name = d.IsOutput ? d.Name + " (output)" : d.Name;
                o.WriteLine($"  {name.PadRight(width)}  {Psi(d.Psi),8}  {d.Level,-7}  {Share(d.MissingShare),7}  " +
                            $"{(d.Kind == DistributionKind.Categorical ? Share(d.UnseenShare) : ""),7}  {(d.Kind == DistributionKind.Numeric ? Share(d.OutOfRangeShare) : ""),12}");
            }
        }

        /// <summary>The report as a JSON-friendly object.</summary>
        public static object Describe(DriftReport report) => new
        {
            level = report.Level.ToString(),
            causes = report.Causes,
            rows = report.Rows,
            warningThreshold = report.Thresholds.Warning,
            alertThreshold = report.Thresholds.Alert,
            epsilon = Runtime.Monitoring.Psi.Epsilon,
            distributions = report.Inputs.Concat(report.Outputs).OrderByDescending(d => double.IsNaN(d.Psi) ? -1 : d.Psi).Select(d => new
            {
                name = d.Name,
                role = d.IsOutput ? "output" : "input",
                kind = d.Kind.ToString(),
                psi = Nullable(d.Psi),
                level = d.Level.ToString(),
                rows = d.Rows,
                missingShare = Nullable(d.MissingShare),
                unseenShare = d.Kind == DistributionKind.Categorical ? Nullable(d.UnseenShare) : null,
                outOfRangeShare = d.Kind == DistributionKind.Numeric ? Nullable(d.OutOfRangeShare) : null,
                buckets = d.BucketLabels.Select((b, i) => new { bucket = b, profileShare = Nullable(d.ExpectedShares[i]), share = Nullable(d.ActualShares[i]) }),
            }),
        };

        internal static string Psi(double psi) => double.IsNaN(psi) ? "–" : psi.ToString("0.0000", CultureInfo.InvariantCulture);

        private static string Share(double share) => double.IsNaN(share) ? "–" : (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + "%";

        private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

        private static double? Nullable(double value) => double.IsNaN(value) || double.IsInfinity(value) ? null : value;
    }
}
