using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Store;
using ScottPlot;

namespace DbScoring.Cli
{
    /// <summary>
    /// Draws realised performance as a PNG (ScottPlot, headless): the headline metrics of each version — per period when
    /// the rows are per day or week, else one bar per version — and, for binary models with probabilities, the
    /// calibration of each version against the diagonal.
    /// </summary>
    public static class PerformancePlot
    {
        private static readonly Color[] VersionColors = { Colors.SteelBlue, Colors.OrangeRed, Colors.SeaGreen, Colors.MediumPurple, Colors.DarkGoldenRod, Colors.Gray };

        /// <summary>Writes the chart of <paramref name="rows"/> (one model) to <paramref name="path"/>.</summary>
        public static void Save(IReadOnlyList<RealisedPerformance> rows, string model, string path)
        {
            if (rows.Count == 0) throw new InvalidOperationException("There is nothing to draw: no prediction has a recorded outcome.");
            var metrics = Metrics(rows);
            bool calibration = rows.Any(r => r.Calibration.Count > 0);
            var multiplot = new Multiplot();
            multiplot.AddPlots(metrics.Count + (calibration ? 1 : 0));
            multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: 1, columns: metrics.Count + (calibration ? 1 : 0));
            for (int m = 0; m < metrics.Count; m++) DrawMetric(multiplot.GetPlot(m), model, metrics[m].Name, metrics[m].Value, rows);
            if (calibration) DrawCalibration(multiplot.GetPlot(metrics.Count), model, rows);
            ChartFile.Save(multiplot, path, 700 * (metrics.Count + (calibration ? 1 : 0)), 500);
        }

        /// <summary>The metrics the task has: AUC (binary), accuracy and macro F1 (multiclass), MAE and RMSE (regression).</summary>
        private static List<(string Name, Func<RealisedPerformance, double?> Value)> Metrics(IReadOnlyList<RealisedPerformance> rows)
        {
            var all = new List<(string Name, Func<RealisedPerformance, double?> Value)>
            {
                ("AUC", r => r.Auc), ("accuracy", r => r.Accuracy), ("macro F1", r => r.MacroF1), ("MAE", r => r.Mae), ("RMSE", r => r.Rmse),
            };
            var present = all.Where(m => rows.Any(r => m.Value(r).HasValue)).ToList();
            if (present.Any(m => m.Name == "AUC")) present.RemoveAll(m => m.Name == "accuracy"); // binary: AUC is the headline
            return present.Count > 0 ? present : new List<(string, Func<RealisedPerformance, double?>)> { ("rows", r => r.Rows) };
        }

        private static void DrawMetric(Plot plot, string model, string metric, Func<RealisedPerformance, double?> value, IReadOnlyList<RealisedPerformance> rows)
        {
            var versions = rows.Select(r => r.Version).Distinct().OrderBy(v => v).ToList();
            bool perPeriod = rows.Any(r => r.PeriodStart.HasValue);
            for (int i = 0; i < versions.Count; i++)
            {
                var points = rows.Where(r => r.Version == versions[i] && value(r).HasValue).OrderBy(r => r.PeriodStart).ToList();
                if (points.Count == 0) continue;
                var color = VersionColors[i % VersionColors.Length];
                if (perPeriod)
                {
                    var line = plot.Add.Scatter(points.Select(r => r.PeriodStart!.Value.ToOADate()).ToArray(), points.Select(r => value(r)!.Value).ToArray(), color);
                    line.LegendText = $"version {versions[i]}";
                }
                else
                {
                    plot.Add.Bar(new Bar { Position = i, Value = value(points[0])!.Value, FillColor = color, Label = Format(value(points[0])!.Value) });
                }
            }
            if (perPeriod)
            {
                plot.Axes.DateTimeTicksBottom();
                plot.Legend.IsVisible = true;
                plot.Legend.Alignment = Alignment.LowerLeft;
            }
            else
            {
                plot.Axes.Bottom.SetTicks(versions.Select((_, i) => (double)i).ToArray(), versions.Select(v => $"version {v}").ToArray());
                plot.Axes.Margins(bottom: 0);
            }
            plot.Title($"{model}: {metric}{(perPeriod ? " per period" : "")}");
            plot.YLabel(metric);
        }

        private static void DrawCalibration(Plot plot, string model, IReadOnlyList<RealisedPerformance> rows)
        {
            var diagonal = plot.Add.Line(0, 0, 1, 1);
            diagonal.LineColor = Colors.Black.WithAlpha(0.4);
            diagonal.LinePattern = LinePattern.Dashed;
            var versions = rows.Where(r => r.Calibration.Count > 0).GroupBy(r => r.Version).OrderBy(g => g.Key).ToList();
            for (int i = 0; i < versions.Count; i++)
            {
                // Over all periods of the version: each bin's rows, mean probability and positive share, weighted by rows.
                var bins = versions[i].SelectMany(r => r.Calibration).GroupBy(b => b.Lower).OrderBy(g => g.Key)
                    .Select(g => (Rows: g.Sum(b => b.Rows), Mean: Weighted(g, b => b.MeanProbability), Share: Weighted(g, b => b.PositiveShare)))
                    .Where(b => b.Rows > 0).ToList();
                var line = plot.Add.Scatter(bins.Select(b => b.Mean).ToArray(), bins.Select(b => b.Share).ToArray(), VersionColors[i % VersionColors.Length]);
                line.LegendText = $"version {versions[i].Key}";
            }
            plot.Axes.SetLimits(0, 1, 0, 1);
            plot.Title($"{model}: calibration");
            plot.XLabel("mean predicted probability");
            plot.YLabel("share that were positive");
            plot.Legend.IsVisible = true;
            plot.Legend.Alignment = Alignment.UpperLeft;
        }

        private static double Weighted(IEnumerable<CalibrationBin> bins, Func<CalibrationBin, double?> value)
        {
            var known = bins.Where(b => b.Rows > 0 && value(b).HasValue).ToList();
            return known.Sum(b => value(b)!.Value * b.Rows) / known.Sum(b => b.Rows);
        }

        private static string Format(double value) => value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
    }
}
