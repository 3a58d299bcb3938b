using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Conversion;
using DbScoring.Store;
using DbScoring.Store.Sqlite;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// `--monitoring [rows] [runs]`: what monitoring costs a SQLite score-table run (issue 9's cost figures). One store,
    /// one source table of generated rows, the logistic model registered twice — version 1 without a training profile,
    /// version 2 the same model with one — and three kinds of run, each repeated: version 1 alone (the baseline),
    /// version 2 alone (the same scoring plus drift against its profile), and version 1 with version 2 in its shadow
    /// (every row scored twice, both logged). Reports process CPU seconds (steadier than the clock on a shared machine)
    /// and the medians' ratios to the baseline; the issue's aim is a shadow run at most 2× a run with one version.
    /// </summary>
    public static class MonitoringCostBench
    {
        private sealed record Kind(string Name, string Model, string? Shadow);

        private static readonly Kind[] Kinds =
        {
            new("one version (baseline)", "bench:1", null),
            new("drift against the profile", "bench:2", null),
            new("shadow of a second version", "bench:1", "bench:2"),
        };

        public static void Run(int rows, int runs, TextWriter o)
        {
            var scenario = Scenario.All("Logistic").Single();
            string folder = Path.Combine(Path.GetTempPath(), "dbscoring-monitoring-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string profileCsv = Path.Combine(folder, "profile.csv");
                WriteProfileRows(scenario, profileCsv);
                byte[] profiled = ModelConverter.Convert(scenario.ZipPath, new ConversionOptions { ProfilePath = profileCsv, SyntheticRows = 500 }).Blob;

                string file = Path.Combine(folder, "store.db");
                SqliteScoringBenchmark.Run(scenario.Blob, rows, file); // registers bench:1 and fills bench_rows (c0, c1, …)
                using var store = new SqliteModelStore(file);
                store.RegisterVersion(new RegisterRequest { Model = "bench", Blob = profiled, Notes = "the same model with a training profile" });
                string source = SqliteBench.CreateNamedSource(store, scenario);

                o.WriteLine($"Monitoring cost in SQLite score-table: {scenario.Name}, {rows:N0} rows, input logging on, {runs} runs each, load average {QuickBench.LoadAverage()}");
                o.WriteLine("| run kind | median CPU s | median wall s | rows/CPU s | × baseline (CPU) |");
                o.WriteLine("|---|---:|---:|---:|---:|");
                double baseline = 0;
                int target = 0;
                foreach (var kind in Kinds)
                {
                    var cpu = new List<double>();
                    var wall = new List<double>();
                    for (int run = 0; run < runs; run++)
                    {
                        var (c, w) = Measure(() => store.ScoreTable(new ScoreTableRequest
                        {
                            Model = ModelRef.Parse(kind.Model), Shadow = kind.Shadow == null ? null : ModelRef.Parse(kind.Shadow),
                            Source = source, KeyColumns = new[] { "id" }, Target = "scores_" + (++target).ToString(CultureInfo.InvariantCulture),
                            BatchSize = 100_000, LogInputs = true,
                        }));
                        cpu.Add(c);
                        wall.Add(w);
                    }
                    double medianCpu = Median(cpu);
                    if (baseline == 0) baseline = medianCpu;
                    o.WriteLine($"| {kind.Name} | {medianCpu:0.00} | {Median(wall):0.00} | {QuickBench.F(rows / medianCpu)} | {medianCpu / baseline:0.00}× |");
                    o.Flush();
                }
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>The scenario's Adult rows under the model's input names: the profile the drift is measured against.</summary>
        private static void WriteProfileRows(Scenario scenario, string path)
        {
            var inputs = scenario.Model.Inputs;
            using var w = new StreamWriter(path);
            w.WriteLine(string.Join(",", inputs.Select(i => i.Name)));
            for (int r = 0; r < scenario.Numbers.Length; r++)
                w.WriteLine(string.Join(",", inputs.Select((input, i) => scenario.IsText[i]
                    ? scenario.Texts[r][i] ?? ""
                    : scenario.Numbers[r][i].ToString("R", CultureInfo.InvariantCulture))));
        }

        private static (double CpuSeconds, double WallSeconds) Measure(Action action)
        {
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            action();
            double wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            return ((process.TotalProcessorTime - cpu).TotalSeconds, wall);
        }

        private static double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
    }
}
