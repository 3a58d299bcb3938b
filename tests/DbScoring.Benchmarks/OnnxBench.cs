using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DbScoring.Benchmarks.Xgboost;
using DbScoring.Conversion;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// `--onnx` (and a section of `--quick`): ONNX models converted by DbScoring's ONNX converter, scored by the DbScoring
    /// runtime one row at a time, against ONNX Runtime on the same .onnx file in batches of 10,000 and one row per call;
    /// single thread, median of 5 passes over the adult census numeric columns. The models: XGBoost binary:logistic with
    /// 100 and 500 trees written as a TreeEnsembleRegressor, and a scikit-learn LogisticRegression as Scaler +
    /// LinearClassifier (xgboost_bench.py --onnx-only writes them with python3-onnx: onnxmltools and skl2onnx are not
    /// available here). Reported, not asserted; ratios are DbScoring ÷ ONNX Runtime within this run.
    /// </summary>
    public static class OnnxBench
    {
        public static void Run(TextWriter o)
        {
            o.WriteLine($"# ONNX scoring speed — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
            o.WriteLine();
            Section(o);
        }

        /// <summary>The table; a line saying why when Python with xgboost, scikit-learn and onnx is missing.</summary>
        public static void Section(TextWriter o)
        {
            string folder = Path.Combine(Path.GetTempPath(), "dbscoring-onnx-bench-" + Environment.ProcessId);
            try
            {
                string python = Environment.GetEnvironmentVariable("DBSCORING_PYTHON") ?? "/usr/bin/python3";
                string script = Path.Combine(AppContext.BaseDirectory, "Xgboost", "xgboost_bench.py");
                List<string> lines;
                try { lines = XgboostBench.RunPython(python, script, XgboostBench.FindData(), folder, "--onnx-only"); }
                catch (Exception ex) when (ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception)
                {
                    o.WriteLine($"ONNX models not built, so not measured: {ex.Message.Split('\n')[0]} (needs python3-xgboost, python3-sklearn, python3-onnx).");
                    return;
                }
                float[] x = XgboostBench.ReadFloats(Path.Combine(folder, "rows.f32"));
                const int features = 6;
                int rows = x.Length / features;
                o.WriteLine($"ONNX models converted by DbScoring (`dbscoring convert model.onnx`) vs ONNX Runtime {OrtVersion()} on the same file; adult census " +
                            $"({rows:N0} rows × {features} numeric columns per pass), one thread, median of 5 passes. DbScoring scores one row per call; " +
                            "ONNX Runtime in batches of 10,000 and one row per call. Ratios are DbScoring ÷ ONNX Runtime, within this run (noisy machine).");
                o.WriteLine();
                o.WriteLine("| ONNX model | DbScoring rows/s | ONNX Runtime batch 10k rows/s | ONNX Runtime 1 row/call rows/s | × batch | × 1 row/call | max \\|Δ\\| |");
                o.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
                foreach (string line in lines)
                {
                    using var json = JsonDocument.Parse(line);
                    string path = Path.Combine(folder, json.RootElement.GetProperty("model").GetString()!);
                    string description = json.RootElement.GetProperty("description").GetString()!;
                    var model = ModelConverter.Convert(path).Model;
                    var scorer = model.CreateScorer();
                    bool probability = model.Kind == DbScoring.Runtime.PredictionKind.BinaryClassification;
                    float Ours(int r)
                    {
                        for (int f = 0; f < features; f++) scorer.SetNumber(f, x[r * features + f]);
                        var p = scorer.Predict();
                        return probability ? p.Probability : p.Score;
                    }
                    var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
                    using var session = new InferenceSession(path, options);
                    string output = session.OutputMetadata.Keys.Last();   // the margin, or the probabilities after the label
                    float[] Theirs(int start, int n)
                    {
                        var tensor = new DenseTensor<float>(new Memory<float>(x, start * features, n * features), new[] { n, features });
                        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", tensor) }, new[] { output });
                        var values = results.First().AsTensor<float>().ToArray();
                        int width = values.Length / n;
                        return Enumerable.Range(0, n).Select(r => values[r * width + width - 1]).ToArray();
                    }
                    var reference = Theirs(0, rows);
                    double maxDelta = 0;
                    for (int r = 0; r < rows; r++) maxDelta = Math.Max(maxDelta, Math.Abs(Ours(r) - reference[r]));
                    double ours = XgboostBench.RowsPerSecond(rows, () => { double sum = 0; for (int r = 0; r < rows; r++) sum += Ours(r); return sum; });
                    double batch = XgboostBench.RowsPerSecond(rows, () =>
                    {
                        double sum = 0;
                        for (int start = 0; start < rows; start += 10_000) sum += Theirs(start, Math.Min(10_000, rows - start))[0];
                        return sum;
                    });
                    double single = XgboostBench.RowsPerSecond(rows, () => { double sum = 0; for (int r = 0; r < rows; r++) sum += Theirs(r, 1)[0]; return sum; });
                    o.WriteLine($"| {description} | {XgboostBench.F(ours)} | {XgboostBench.F(batch)} | {XgboostBench.F(single)} | {ours / batch:0.0}× | {ours / single:0.0}× | {maxDelta:G3} |");
                }
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }

        private static string OrtVersion() =>
            System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(InferenceSession).Assembly)?.InformationalVersion.Split('+')[0] ?? "";
    }
}
