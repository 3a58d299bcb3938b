using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Runtime.Monitoring;
using ScottPlot;

namespace DbScoring.Cli
{
    /// <summary>
    /// Draws a drift report as a PNG (ScottPlot, headless): the Score distribution of the profile against the rows
    /// compared, and the three most drifted inputs — bars of the share of rows per bucket, side by side.
    /// </summary>
    public static class DriftPlot
    {
        private const int MaxBuckets = 14;
        private static readonly Color ProfileColor = Colors.SteelBlue, RunColor = Colors.OrangeRed;

        /// <summary>Writes the chart to <paramref name="path"/> (1400 × 900 pixels); <paramref name="runLabel"/> names the compared rows in the legend.</summary>
        public static void Save(DriftReport report, string path, string runLabel)
        {
            var panels = new List<DistributionDrift>();
            if (report.Output(TrainingProfile.ScoreOutput) is { } score) panels.Add(score);
            panels.AddRange(report.Inputs.Where(d => !double.IsNaN(d.Psi)).OrderByDescending(d => d.Psi).Take(3));
            if (panels.Count == 0) throw new InvalidOperationException("There is nothing to draw: the report has no rows.");
            var multiplot = new Multiplot();
            multiplot.AddPlots(panels.Count);
            multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: panels.Count > 2 ? 2 : 1, columns: panels.Count > 1 ? 2 : 1);
            for (int p = 0; p < panels.Count; p++) Draw(multiplot.GetPlot(p), panels[p], runLabel);
            ChartFile.Save(multiplot, path, 1400, panels.Count > 2 ? 900 : 450);
        }

        private static void Draw(Plot plot, DistributionDrift d, string runLabel)
        {
            var buckets = Enumerable.Range(0, d.BucketLabels.Count).ToList();
            if (buckets.Count > MaxBuckets) // many categories: keep the largest, in their order
                buckets = buckets.OrderByDescending(i => Math.Max(Value(d.ExpectedShares[i]), Value(d.ActualShares[i]))).Take(MaxBuckets).OrderBy(i => i).ToList();
            var bars = new List<Bar>();
            for (int x = 0; x < buckets.Count; x++)
            {
                bars.Add(new Bar { Position = x - 0.2, Value = Value(d.ExpectedShares[buckets[x]]), Size = 0.4, FillColor = ProfileColor });
                bars.Add(new Bar { Position = x + 0.2, Value = Value(d.ActualShares[buckets[x]]), Size = 0.4, FillColor = RunColor });
            }
            plot.Add.Bars(bars);
            plot.Axes.Bottom.SetTicks(buckets.Select((_, x) => (double)x).ToArray(), buckets.Select(i => Label(d, i)).ToArray());
            plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
            double highest = bars.Count == 0 ? 1 : bars.Max(b => b.Value);
            plot.Axes.SetLimits(-0.7, buckets.Count - 0.3, 0, Math.Max(highest, 0.01) * 1.3); // headroom for the legend
            plot.Title($"{d.Name}{(d.IsOutput ? " (output)" : "")} — PSI {DriftText.Psi(d.Psi)} ({d.Level})");
            plot.YLabel("share of rows");
            plot.Legend.IsVisible = true;
            plot.Legend.Alignment = Alignment.UpperRight;
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "profile", FillColor = ProfileColor });
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = runLabel, FillColor = RunColor });
        }

        private static double Value(double share) => double.IsNaN(share) ? 0 : share;

        /// <summary>Numeric bins by their upper edge ("≤ 24", last "> 73"), 3 significant digits; categories shortened.</summary>
        private static string Label(DistributionDrift d, int bucket)
        {
            var edges = d.Profile.Edges;
            if (d.Kind == DistributionKind.Numeric && bucket < d.BucketLabels.Count - 1 && edges.Count > 0)
                return bucket < edges.Count ? "≤ " + Compact(edges[bucket]) : "> " + Compact(edges[edges.Count - 1]);
            string label = d.BucketLabels[bucket];
            return label.Length <= 12 ? label : label.Substring(0, 11) + "…";
        }

        private static string Compact(double value) => value.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
    }
}
