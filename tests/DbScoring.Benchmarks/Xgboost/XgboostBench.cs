using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DbScoring.Conversion;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DbScoring.Benchmarks.Xgboost
{
    /// <summary>
    /// `--xgboost`: XGBoost binary:logistic models of 100 and 500 trees (adult census, 6 numeric columns), converted
    /// through the parity gate, scored by the DbScoring runtime (one row at a time, one thread), by XGBoost's own
    /// predictor (Python, inplace_predict, one thread) and by ONNX Runtime on the same trees as an ONNX
    /// TreeEnsembleRegressor (batches of 10,000, one thread). Median of 5 passes each; reported, not asserted.
    /// </summary>
    public static class XgboostBench
    {
        private const int Passes = 5;

        public static void Run(TextWriter o)
        {
            string data = FindData();
            string folder = Path.Combine(Path.GetTempPath(), "dbscoring-xgboost-bench-" + Environment.ProcessId);
            try
            {
                string python = Environment.GetEnvironmentVariable("DBSCORING_PYTHON") ?? "/usr/bin/python3";
                string script = Path.Combine(AppContext.BaseDirectory, "Xgboost", "xgboost_bench.py");
                var lines = RunPython(python, script, data, folder);
                float[] x = ReadFloats(Path.Combine(folder, "rows.f32"));
                const int features = 6;
                int rows = x.Length / features;
                o.WriteLine($"# XGBoost scoring speed — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
                o.WriteLine();
                o.WriteLine($"binary:logistic, depth 6, adult census ({rows:N0} rows × {features} numeric columns per pass), one thread, median of {Passes} passes. " +
                            "Ratios are DbScoring ÷ competitor. Noisy machine: compare within a run.");
                o.WriteLine();
                o.WriteLine("| trees | DbScoring rows/s | XGBoost inplace_predict rows/s | ONNX Runtime (batch 10k) rows/s | × XGBoost | × ONNX Runtime | max \\|Δ margin\\| vs XGBoost |");
                o.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
                foreach (string line in lines)
                {
                    using var json = JsonDocument.Parse(line);
                    int trees = json.RootElement.GetProperty("trees").GetInt32();
                    double xgboost = json.RootElement.GetProperty("xgboostRowsPerSecond").GetDouble();
                    var converted = ModelConverter.Convert(Path.Combine(folder, $"model_{trees}.json"), new ConversionOptions { XgboostPython = python });
                    var model = converted.Model;
                    var scorer = model.CreateScorer();
                    float[] margins = ReadFloats(Path.Combine(folder, $"margins_{trees}.f32"));
                    double maxDelta = 0;
                    for (int r = 0; r < rows; r++)
                    {
                        for (int f = 0; f < features; f++) scorer.SetNumber(f, x[r * features + f]);
                        maxDelta = Math.Max(maxDelta, Math.Abs(scorer.Predict().Score - margins[r]));
                    }
                    double ours = RowsPerSecond(rows, () =>
                    {
                        double sum = 0;
                        for (int r = 0; r < rows; r++)
                        {
                            for (int f = 0; f < features; f++) scorer.SetNumber(f, x[r * features + f]);
                            sum += scorer.Predict().Probability;
                        }
                        return sum;
                    });
                    double onnx = OnnxRowsPerSecond(Path.Combine(folder, $"model_{trees}.onnx"), x, rows, features);
                    o.WriteLine($"| {trees} | {F(ours)} | {F(xgboost)} | {F(onnx)} | {ours / xgboost:0.0}× | {ours / onnx:0.0}× | {maxDelta:G3} |");
                }
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }

        private static double OnnxRowsPerSecond(string path, float[] x, int rows, int features)
        {
            var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
            using var session = new InferenceSession(path, options);
            const int batch = 10_000;
            return RowsPerSecond(rows, () =>
            {
                double sum = 0;
                for (int start = 0; start < rows; start += batch)
                {
                    int n = Math.Min(batch, rows - start);
                    var tensor = new DenseTensor<float>(new Memory<float>(x, start * features, n * features), new[] { n, features });
                    using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", tensor) });
                    sum += results.First().AsTensor<float>().GetValue(0);
                }
                return sum;
            });
        }

        internal static double RowsPerSecond(int rows, Func<double> pass)
        {
            pass();
            var seconds = new List<double>();
            for (int i = 0; i < Passes; i++)
            {
                var watch = Stopwatch.StartNew();
                pass();
                seconds.Add(watch.Elapsed.TotalSeconds);
            }
            seconds.Sort();
            return rows / seconds[seconds.Count / 2];
        }

        internal static List<string> RunPython(string python, string script, string data, string folder, params string[] extra)
        {
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in new[] { script, data, folder }.Concat(extra)) info.ArgumentList.Add(argument);
            info.Environment["OMP_NUM_THREADS"] = "1";
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{python} {script} failed: {error.Result}");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("{", StringComparison.Ordinal)).ToList();
        }

        internal static float[] ReadFloats(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            var values = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            return values;
        }

        internal static string FindData()
        {
            string? configured = Environment.GetEnvironmentVariable("DBSCORING_DATA");
            if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "adult.txt"))) return configured;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (File.Exists(Path.Combine(candidate, "adult.txt"))) return candidate;
            }
            throw new InvalidOperationException("../shared/data/adult.txt was not found; set DBSCORING_DATA.");
        }

        internal static string F(double rate) => rate >= 1e6 ? (rate / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M" : (rate / 1e3).ToString("0", CultureInfo.InvariantCulture) + " k";
    }
}
