using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DbScoring.Cli;
using DbScoring.Cli.Demo;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// `--score-file [rows]`: end-to-end throughput of `dbscoring score` (read CSV, score, write CSV) on the demo's
    /// generated customers with its two models (logistic regression, 100 boosted trees); median of five runs after one
    /// warm-up run, in-process. Beside it, in the same run, the runtime alone (`PredictBatch` over the same rows already
    /// parsed into columns, single thread) and the ratio the issue 11 target is about: how many times the scoring alone
    /// the file path costs (wall clock; the file path may use more than one core).
    /// </summary>
    public static partial class FileScoringBench
    {
        private const int Runs = 5;

        public static void Run(int rows, TextWriter o)
        {
            string folder = Path.Combine(Path.GetTempPath(), "dbscoring-score-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string training = Path.Combine(folder, "training.csv"), input = Path.Combine(folder, "customers.csv");
                DemoData.Write(training, 20_000, seed: 7);
                DemoData.Write(input, rows, seed: 2026);
                o.WriteLine($"# dbscoring score — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {rows:N0} rows " +
                            $"({new FileInfo(input).Length / 1e6:0.0} MB CSV, 9 columns), median of {Runs} runs");
                o.WriteLine();
                o.WriteLine("| model | rows/s (wall clock) | rows per CPU second | MB/s read | seconds | runtime alone, rows/s | file ÷ runtime (time) |");
                o.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
                foreach (var (name, train) in new (string, Action<string, string>)[]
                         { ("Logistic regression (demo v1)", DemoTrainer.TrainLogistic), ("FastTree 100 trees × 20 leaves (demo v2)", DemoTrainer.TrainTrees) })
                {
                    string zip = Path.Combine(folder, "model.zip"), blob = Path.Combine(folder, "model.dbsm"), output = Path.Combine(folder, "scores.csv");
                    train(training, zip);
                    Check(CliApp.Run(new[] { "convert", zip, "--output", blob }, Quiet()));
                    string[] score = { "score", "--model", blob, "--input", input, "--output", output, "--key", "CustomerId" };
                    Check(CliApp.Run(score, Quiet())); // warm-up
                    // CPU time as well as wall-clock time: on a shared machine the wall clock also measures the neighbours.
                    var runs = Enumerable.Range(0, Runs).Select(_ =>
                    {
                        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                        var clock = Stopwatch.StartNew();
                        Check(CliApp.Run(score, Quiet()));
                        return (Wall: clock.Elapsed.TotalSeconds, Cpu: (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                    }).ToArray();
                    double median = runs.Select(r => r.Wall).OrderBy(s => s).ElementAt(Runs / 2);
                    double cpuMedian = runs.Select(r => r.Cpu).OrderBy(s => s).ElementAt(Runs / 2);
                    double runtime = RuntimeAlone(blob, input, rows);
                    o.WriteLine($"| {name} | {rows / median:N0} | {rows / cpuMedian:N0} | {new FileInfo(input).Length / 1e6 / median:0.0} | {median:0.000} | " +
                                $"{rows / runtime:N0} | {median / runtime:0.00}× |");
                    o.Flush();
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static CliContext Quiet() => new(TextWriter.Null, TextWriter.Null);

        private static void Check(int exitCode)
        {
            if (exitCode != 0) throw new InvalidOperationException($"dbscoring exited with code {exitCode}.");
        }
    }
}
