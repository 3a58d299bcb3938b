using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DbScoring.Benchmarks
{
    /// <summary>One target of issue 11: what it asks, what this run measured, whether that meets it.</summary>
    public sealed class Target
    {
        public Target(string goal, string measured, bool met)
        {
            Goal = goal;
            Measured = measured;
            Met = met;
        }

        public string Goal { get; }
        public string Measured { get; }
        public bool Met { get; }
    }

    /// <summary>Issue 11's targets, judged on one run's figures (ratios within the run).</summary>
    public static class Targets
    {
        public static IEnumerable<Target> Evaluate(IReadOnlyList<ModelResult> models, IReadOnlyList<SqliteBench.Result> sqlite, FileScoringBench.Result? file)
        {
            if (models.Count > 0)
            {
                var ratios = models.Select(m => m.OneRow / m.Transform).ToArray();
                double geomean = Math.Exp(ratios.Average(Math.Log));
                yield return new Target($"one row vs ML.NET Transform, geometric mean over the {models.Count} models ≥ 4×", X(geomean), geomean >= 4);
                var slowest = models.OrderBy(m => m.OneRow / m.Transform).First();
                yield return new Target("one row vs ML.NET Transform, no model below 2.5×", $"lowest {X(slowest.OneRow / slowest.Transform)} ({slowest.Name})", slowest.OneRow / slowest.Transform >= 2.5);
                foreach (var linear in models.Where(m => m.IsLinearWithCategories))
                    yield return new Target("linear with eight categorical inputs ≥ 4 M rows/s per core", $"{QuickBench.F(linear.OneRow)} rows/s ({linear.Name})", linear.OneRow >= 4e6);
                var trees = models.Where(m => m.IsTrees).ToArray();
                if (trees.Length > 0)
                {
                    var least = trees.OrderBy(m => m.Batch / m.OneRow).First();
                    yield return new Target("batch ≥ 1.5× one row on every tree model", $"lowest {X(least.Batch / least.OneRow)} ({least.Name})", least.Batch / least.OneRow >= 1.5);
                }
                var slowLoad = models.OrderBy(m => m.ModelLoadMs / m.BlobLoadMs).First();
                yield return new Target("blob load ≥ 20× a warm Model.Load, every model", $"lowest {slowLoad.ModelLoadMs / slowLoad.BlobLoadMs:0}× ({slowLoad.Name})", slowLoad.ModelLoadMs / slowLoad.BlobLoadMs >= 20);
                yield return new Target("bytes per loaded model reported", string.Join(", ", models.Select(m => (m.ResidentBytes / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " KiB")), true);
                double allocated = models.Max(m => m.BytesPerRow);
                yield return new Target("steady state allocation-free (one row and batch)", $"at most {allocated:0.##} bytes/row", allocated < 0.01);
            }
            foreach (var s in sqlite)
            {
                yield return new Target("SQLite score-table with input logging ≥ 200 k rows/s on 1 M rows", $"{QuickBench.F(s.ScoreTableRowsPerSecond)} rows/s ({s.Model})", s.ScoreTableRowsPerSecond >= 200e3);
                double ratio = s.CopyRowsPerSecond / s.ScoreTableRowsPerSecond;
                yield return new Target("score-table within 3× a plain INSERT … SELECT copy", $"{X(ratio)} ({s.Model})", ratio <= 3);
            }
            if (file != null)
            {
                double ratio = file.RuntimeRowsPerSecond / file.FileRowsPerSecond;
                yield return new Target("dbscoring score on 1 M rows: the file path costs ≤ 2× the scoring", $"{X(ratio)}: {QuickBench.F(file.FileRowsPerSecond)} vs {QuickBench.F(file.RuntimeRowsPerSecond)} rows/s", ratio <= 2);
            }
        }

        private static string X(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";
    }
}
