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
    /// The quick benchmark (`build.ps1 bench`): for each model, rows/s of the DbScoring runtime one row at a time and in
    /// batches vs ML.NET PredictionEngine, ML.NET batch Transform and ONNX Runtime (batch 10,000), single thread, median
    /// of several passes over the Adult data; model load time and resident size; SQLite and `dbscoring score` figures;
    /// then every target of issue 11 with its measured value, met or not. Ratios are taken within this one run.
    /// </summary>
    public static class QuickBench
    {
        private const int Passes = 5;

        public static void Run(string? filter, TextWriter o)
        {
            o.WriteLine($"# DbScoring quick benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            o.WriteLine();
            o.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, " +
                        $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, load average at start {LoadAverage()}.");
            o.WriteLine();
            o.WriteLine("Single thread, Adult census rows (32,561 per pass), median of 5 passes after 2 s of warm-up. One row = `SetNumber`/`SetText` + `Predict` per row " +
                        "(what a SQL CLR scalar function does); batch = `PredictBatch` over columns. Ratios are DbScoring one row ÷ competitor.");
            o.WriteLine();
            o.WriteLine("| model | one row rows/s | batch rows/s | batch ÷ one row | bytes/row | PredictionEngine rows/s | Transform rows/s | ONNX Runtime rows/s | × Transform | × PredictionEngine | × ONNX |");
            o.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var results = new List<ModelResult>();
            var loads = new List<string>();
            var sqlite = new List<SqliteBench.Result>();
            foreach (var scenario in Scenario.All(filter))
            {
                int rows = scenario.Rows.Count;
                var scorer = scenario.Model.CreateScorer();
                var batch = new BatchColumns(scenario);
                var result = new ModelResult(scenario.Name, scenario.IsTrees, scenario.IsLinearWithCategories);
                result.OneRow = RowsPerSecond(rows, () => scenario.ScoreWithRuntime(scorer));
                result.Batch = RowsPerSecond(rows, () => batch.Score(scorer));
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                scenario.ScoreWithRuntime(scorer);
                batch.Score(scorer);
                result.BytesPerRow = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (2.0 * rows);
                double engine = RowsPerSecond(rows, scenario.ScoreWithPredictionEngine);
                result.Transform = RowsPerSecond(rows, scenario.ScoreWithTransform);
                using var onnx = OnnxScorer.TryCreate(scenario, out string onnxReason);
                double onnxRate = onnx == null ? double.NaN : RowsPerSecond(rows, () => onnx.Score(10_000));
                o.WriteLine($"| {scenario.Name} | {F(result.OneRow)} | {F(result.Batch)} | {result.Batch / result.OneRow:0.00}× | {result.BytesPerRow:0.#} | {F(engine)} | {F(result.Transform)} | " +
                            $"{(onnx == null ? "n/a" : F(onnxRate))} | {result.OneRow / result.Transform:0.0}× | {result.OneRow / engine:0.0}× | " +
                            $"{(onnx == null ? "n/a" : (result.OneRow / onnxRate).ToString("0.0", CultureInfo.InvariantCulture) + "×")} |");
                if (onnx == null) Console.Error.WriteLine($"  ONNX export of '{scenario.Name}' failed: {onnxReason}");

                result.BlobLoadMs = LoadTiming.SteadyMedianMicroseconds(31, () => LoadBench.FirstScore(scenario, ScoringModel.Load(scenario.Blob))) / 1000;
                var ml = new MLContext();
                result.ModelLoadMs = LoadTiming.SteadyMedianMicroseconds(11, () => ml.Model.Load(scenario.ZipPath, out _)) / 1000;
                result.ResidentBytes = ResidentBytes(scenario.Blob);
                loads.Add($"| {scenario.Name} | {scenario.Blob.Length:N0} | {result.BlobLoadMs:0.###} | {new FileInfo(scenario.ZipPath).Length:N0} | {result.ModelLoadMs:0.##} | " +
                          $"{result.ModelLoadMs / result.BlobLoadMs:0}× | {result.ResidentBytes:N0} |");
                if (scenario.Name.StartsWith("Logistic", StringComparison.Ordinal) || scenario.Name.StartsWith("FastTree 100", StringComparison.Ordinal))
                    sqlite.Add(SqliteBench.Run(scenario));
                results.Add(result);
                o.Flush();
            }
            o.WriteLine();
            o.WriteLine("Load: `ScoringModel.Load` of the blob in memory (SHA-256 check, parse, validate, build the evaluators) until the model has scored its first row " +
                        "(`CreateScorer` + one `Predict`, so no deferred work escapes the clock) vs ML.NET `Model.Load` of the zip file; each side is first repeated for " +
                        $"{LoadTiming.WarmUpSeconds:0} s (both run tier-1 JIT code), then the median of 31 and 11 loads. Resident bytes: the objects the loaded model keeps " +
                        "(`ModelMemory`, the figure `dbscoring inspect` shows).");
            o.WriteLine();
            o.WriteLine("| model | blob bytes | blob load ms | ML.NET zip bytes | Model.Load ms | load speed-up | resident bytes |");
            o.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var line in loads) o.WriteLine(line);

            FileScoringBench.Result? file = null;
            if (sqlite.Count > 0)
            {
                o.WriteLine();
                o.WriteLine($"Inside SQLite, {SqliteBench.Rows:N0} generated rows: `SELECT sum(dbscoring_score(...))` vs the same SELECT over a trivial function of the same " +
                            "arity (the floor); `score-table` end to end with input logging (batches of 100,000, each committed with its prediction-log rows and input " +
                            "statistics) vs a plain `INSERT … SELECT` copy of the same rows into a table with the same key.");
                o.WriteLine();
                o.WriteLine("| model | in-SQL scoring rows/s | floor rows/s | scoring ÷ floor time | score-table rows/s | INSERT … SELECT rows/s | score-table ÷ copy time |");
                o.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
                foreach (var s in sqlite)
                    o.WriteLine($"| {s.Model} | {F(s.InSqlRowsPerSecond)} | {F(s.FloorRowsPerSecond)} | {s.FloorRowsPerSecond / s.InSqlRowsPerSecond:0.00}× | " +
                                $"{F(s.ScoreTableRowsPerSecond)} | {F(s.CopyRowsPerSecond)} | {s.CopyRowsPerSecond / s.ScoreTableRowsPerSecond:0.0}× |");
                o.WriteLine();
                file = FileScoringBench.Measure(FileScoringBench.TargetRows, Console.Error);
                o.WriteLine($"`dbscoring score` on a {FileScoringBench.TargetRows:N0}-row CSV (the demo's customers, FastTree 100 trees), in-process, median of 3 runs, " +
                            "vs the runtime alone on the same rows already in memory (`PredictBatch`).");
                o.WriteLine();
                o.WriteLine("| model | dbscoring score rows/s | runtime alone rows/s | file ÷ runtime time |");
                o.WriteLine("|---|---:|---:|---:|");
                o.WriteLine($"| {file.Model} | {F(file.FileRowsPerSecond)} | {F(file.RuntimeRowsPerSecond)} | {file.RuntimeRowsPerSecond / file.FileRowsPerSecond:0.0}× |");
            }

            if (filter == null)
            {
                o.WriteLine();
                o.WriteLine("## ONNX models (converted from .onnx) vs ONNX Runtime");
                o.WriteLine();
                OnnxBench.Section(o);
            }

            o.WriteLine();
            o.WriteLine("## Targets (issue 11), this run");
            o.WriteLine();
            o.WriteLine("| target | measured | met |");
            o.WriteLine("|---|---|---|");
            foreach (var target in Targets.Evaluate(results, sqlite, file)) o.WriteLine($"| {target.Goal} | {target.Measured} | {(target.Met ? "met" : "**not met**")} |");
        }

        /// <summary>
        /// Median rows/s over <see cref="Passes"/> timed passes, after warming up for at least two seconds so that every
        /// competitor runs fully optimized (tiered) JIT code.
        /// </summary>
        internal static double RowsPerSecond(int rows, Func<double> pass)
        {
            var warmUp = Stopwatch.StartNew();
            do pass(); while (warmUp.Elapsed.TotalSeconds < 2);
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

        /// <summary>The objects a loaded model keeps (<see cref="DbScoring.Cli.ModelMemory"/>, the figure <c>inspect</c> shows).</summary>
        private static long ResidentBytes(byte[] blob) => DbScoring.Cli.ModelMemory.ResidentBytes(ScoringModel.Load(blob));

        internal static string LoadAverage()
        {
            try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
            catch (IOException) { return "unknown"; }
            catch (UnauthorizedAccessException) { return "unknown"; }
        }

        internal static string F(double rate) =>
            double.IsNaN(rate) ? "n/a" : rate >= 1e6 ? (rate / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M" : (rate / 1e3).ToString("0", CultureInfo.InvariantCulture) + " k";
    }

    /// <summary>One model's figures, for the target table.</summary>
    public sealed class ModelResult
    {
        public ModelResult(string name, bool isTrees, bool isLinearWithCategories)
        {
            Name = name;
            IsTrees = isTrees;
            IsLinearWithCategories = isLinearWithCategories;
        }

        public string Name { get; }
        public bool IsTrees { get; }
        public bool IsLinearWithCategories { get; }
        public double OneRow { get; set; }
        public double Batch { get; set; }
        public double BytesPerRow { get; set; }
        public double Transform { get; set; }
        public double BlobLoadMs { get; set; }
        public double ModelLoadMs { get; set; }
        public long ResidentBytes { get; set; }
    }

    /// <summary>The scenario's rows as input columns, scored with <see cref="Scorer.PredictBatch"/>.</summary>
    public sealed class BatchColumns
    {
        private readonly double[]?[] _numbers;
        private readonly string?[]?[] _texts;
        private readonly float[] _scores;
        private readonly float[] _probabilities;
        private readonly int[] _classes;
        private readonly float[]? _classScores;

        public BatchColumns(Scenario scenario) : this(scenario.Model, scenario.RuntimeRows)
        {
        }

        public BatchColumns(ScoringModel model, RuntimeRows scenario)
        {
            int inputs = model.Inputs.Count, rows = scenario.Numbers.Length;
            _numbers = new double[]?[inputs];
            _texts = new string?[]?[inputs];
            for (int i = 0; i < inputs; i++)
            {
                if (scenario.IsText[i]) _texts[i] = scenario.Texts.Select(r => r[i]).ToArray();
                else _numbers[i] = scenario.Numbers.Select(r => r[i]).ToArray();
            }
            _scores = new float[rows];
            _probabilities = new float[rows];
            _classes = new int[rows];
            _classScores = scenario.Multiclass ? new float[rows * model.ClassLabels.Count] : null;
        }

        public double Score(Scorer scorer)
        {
            scorer.PredictBatch(_scores.Length, _numbers, _texts, _scores, _probabilities, _classes, _classScores);
            double sum = 0;
            if (_classScores != null)
                for (int r = 0; r < _scores.Length; r++) sum += _classScores[r * scorer.Model.ClassLabels.Count];
            else
                for (int r = 0; r < _scores.Length; r++) sum += _scores[r];
            return sum;
        }
    }
}
