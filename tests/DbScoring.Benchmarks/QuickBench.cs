using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Runtime;
using Microsoft.ML;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// The quick benchmark (`build.ps1 bench`): for each model, rows/s of the DbScoring runtime vs ML.NET
    /// PredictionEngine vs ML.NET batch Transform vs ONNX Runtime (batch 10,000), single thread, median of several
    /// passes over the Adult data; plus model load time. Prints markdown tables with ratios.
    /// </summary>
    public static class QuickBench
    {
        private const int Passes = 5;

        public static void Run(string? filter, TextWriter o)
        {
            o.WriteLine($"# DbScoring quick benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            o.WriteLine();
            o.WriteLine("Single thread, Adult census rows (32,561 per pass), median of 5 passes. Ratios are DbScoring ÷ competitor.");
            o.WriteLine();
            o.WriteLine("| model | DbScoring rows/s | bytes/row | PredictionEngine rows/s | Transform rows/s | ONNX Runtime (batch 10k) rows/s | × PredictionEngine | × Transform | × ONNX |");
            o.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            var loads = new List<string>();
            foreach (var scenario in Scenario.All(filter))
            {
                int rows = scenario.Rows.Count;
                var scorer = scenario.Model.CreateScorer();
                double ours = RowsPerSecond(rows, () => scenario.ScoreWithRuntime(scorer));
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                scenario.ScoreWithRuntime(scorer);
                double bytesPerRow = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)rows;
                double engine = RowsPerSecond(rows, scenario.ScoreWithPredictionEngine);
                double transform = RowsPerSecond(rows, scenario.ScoreWithTransform);
                using var onnx = OnnxScorer.TryCreate(scenario, out string onnxReason);
                double onnxRate = onnx == null ? double.NaN : RowsPerSecond(rows, () => onnx.Score(10_000));
                o.WriteLine($"| {scenario.Name} | {F(ours)} | {bytesPerRow:0.#} | {F(engine)} | {F(transform)} | {(onnx == null ? "n/a" : F(onnxRate))} | " +
                            $"{ours / engine:0.0}× | {ours / transform:0.0}× | {(onnx == null ? "n/a" : (ours / onnxRate).ToString("0.0", CultureInfo.InvariantCulture) + "×")} |");
                if (onnx == null) Console.Error.WriteLine($"  ONNX export of '{scenario.Name}' failed: {onnxReason}");

                double blobLoad = MedianMilliseconds(30, () => ScoringModel.Load(scenario.Blob));
                var ml = new MLContext();
                double mlLoad = MedianMilliseconds(10, () => ml.Model.Load(scenario.ZipPath, out _));
                loads.Add($"| {scenario.Name} | {scenario.Blob.Length:N0} | {blobLoad:0.###} | {new FileInfo(scenario.ZipPath).Length:N0} | {mlLoad:0.##} | {mlLoad / blobLoad:0}× |");
                o.Flush();
            }
            o.WriteLine();
            o.WriteLine("| model | blob bytes | blob load ms | ML.NET zip bytes | Model.Load ms | load speed-up |");
            o.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var line in loads) o.WriteLine(line);
        }

        /// <summary>Median rows/s over <see cref="Passes"/> timed passes after one warm-up pass.</summary>
        private static double RowsPerSecond(int rows, Func<double> pass)
        {
            pass();
            var seconds = new double[Passes];
            for (int i = 0; i < Passes; i++)
            {
                var clock = Stopwatch.StartNew();
                pass();
                seconds[i] = clock.Elapsed.TotalSeconds;
            }
            Array.Sort(seconds);
            return rows / seconds[Passes / 2];
        }

        private static double MedianMilliseconds(int runs, Action action)
        {
            action();
            var ms = new double[runs];
            for (int i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                action();
                ms[i] = clock.Elapsed.TotalMilliseconds;
            }
            Array.Sort(ms);
            return ms[runs / 2];
        }

        private static string F(double rate) => rate >= 1e6 ? (rate / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M" : (rate / 1e3).ToString("0", CultureInfo.InvariantCulture) + " k";
    }
}
