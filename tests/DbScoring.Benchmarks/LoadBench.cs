using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using Microsoft.ML;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// `--load [filter] [runs]`: where a blob load's time goes, per model, against a warm ML.NET `Model.Load` in the
    /// same run. The load is timed until the model can score: `ScoringModel.Load` + `CreateScorer` + one prediction
    /// (nothing deferred escapes the clock). The phases are timed apart by calling the loader's own steps: SHA-256 of
    /// the blob, `ModelSerializer.Read` (section table, parse, validation, QuickScorer tables), the trees' validation
    /// walk alone, and the QuickScorer build, which validates each tree as it takes it (re-run over the parsed trees, with
    /// the blob's stored test order and, for comparison, sorting as for a blob without section 8), the execution plan
    /// (folding), and the first prediction.
    /// Medians of <c>runs</c> after a warm-up (<see cref="LoadTiming"/>: 2 s for the whole load and for ML.NET's, half a
    /// second for each phase); the process CPU time per load over another <c>runs</c> loads (ours) and <c>runs</c> / 3 (ML.NET's)
    /// is printed too, with the ratio of the two: on a shared machine it moves much less with other processes' load than
    /// the wall clock, which stretches ML.NET's longer loads more (they are preempted more often).
    /// With DBSCORING_LOAD_BLOBS=folder the blobs are also written there (for perf/callgrind runs over one file).
    /// </summary>
    public static class LoadBench
    {
        public static void Run(string? filter, int runs, TextWriter o)
        {
            o.WriteLine($"load average {QuickBench.LoadAverage()}; medians of {runs} runs (µs)");
            o.WriteLine("| model | blob bytes | SHA-256 | Read (parse+validate+tables) | of which: validation walk alone | of which: QuickScorer build from section 8 (validation included) | (without section 8: sorted) | plan (fold) | scorer + first row | **load to first score** | load, CPU µs | Model.Load warm | Model.Load, CPU µs | × | × by CPU time |");
            o.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            string? dump = Environment.GetEnvironmentVariable("DBSCORING_LOAD_BLOBS");
            foreach (var scenario in Scenario.All(filter))
            {
                byte[] blob = scenario.Blob;
                if (dump != null)
                {
                    Directory.CreateDirectory(dump);
                    File.WriteAllBytes(Path.Combine(dump, new string(scenario.Name.Where(char.IsLetterOrDigit).ToArray()) + ".dbsm"), blob);
                }
                var definition = ModelSerializer.Read(blob, out _);
                var ensembles = Ensembles(definition.Predictor).ToArray();
                double sha = Median(runs, () => Sha256.Fastest(blob, 0, blob.Length - 32));
                double read = Median(runs, () => ModelSerializer.Read(blob, out _));
                double validate = Median(runs, () =>
                {
                    foreach (var e in ensembles)
                    {
                        var scratch = new RegressionTree.Validation();
                        for (int t = 0; t < e.Trees.Count; t++) e.Trees[t].Validate(e.FeatureCount, t, scratch);
                    }
                });
                double sorted = Median(runs, () => { foreach (var e in ensembles) QuickScorerForest.TryCreate(e.Trees, e.FeatureCount, null); });
                var orders = ensembles.Select(e => e.QuickScorer == null ? null : QuickScorerForest.TestOrder(e.Trees)).ToArray();
                double build = Median(runs, () => { for (int k = 0; k < ensembles.Length; k++) QuickScorerForest.TryCreate(ensembles[k].Trees, ensembles[k].FeatureCount, orders[k]); });
                double plan = Median(runs, () => ExecutionPlan.Build(definition));
                var loaded = ScoringModel.Load(blob);
                double first = Median(runs, () => FirstScore(scenario, loaded));
                double total = LoadTiming.SteadyMedianMicroseconds(runs, () => FirstScore(scenario, ScoringModel.Load(blob)));
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (int i = 0; i < runs; i++) FirstScore(scenario, ScoringModel.Load(blob));
                double cpuPerLoad = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / runs;
                var ml = new MLContext();
                int mlRuns = Math.Max(5, runs / 3);
                double mlLoad = LoadTiming.SteadyMedianMicroseconds(mlRuns, () => ml.Model.Load(scenario.ZipPath, out _));
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (int i = 0; i < mlRuns; i++) ml.Model.Load(scenario.ZipPath, out _);
                double mlCpuPerLoad = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / mlRuns;
                o.WriteLine($"| {scenario.Name} | {blob.Length:N0} | {U(sha)} | {U(read)} | {U(validate)} | {U(build)} | {U(sorted)} | {U(plan)} | {U(first)} | **{U(total)}** | {U(cpuPerLoad)} | {U(mlLoad)} | {U(mlCpuPerLoad)} | {mlLoad / total:0.0}× | {mlCpuPerLoad / cpuPerLoad:0.0}× |");
                o.Flush();
            }
        }

        /// <summary>
        /// `--load-loop blob.dbsm [loads]`: loads one blob file <c>loads</c> times (load + scorer + one row of missing inputs),
        /// for a profiler: `perf record` with DOTNET_PerfMapEnabled=1, or callgrind with two counts (instructions per load =
        /// the difference ÷ the difference of counts).
        /// </summary>
        public static void Loop(string path, int count, TextWriter o)
        {
            byte[] blob = File.ReadAllBytes(path);
            var clock = Stopwatch.StartNew();
            long loads = 0;
            double sink = 0;
            for (; loads < count; loads++)
            {
                var p = ScoringModel.Load(blob).CreateScorer().Predict();
                sink += p.Score;
            }
            o.WriteLine($"{loads} loads in {clock.Elapsed.TotalSeconds:0.0} s: {clock.Elapsed.TotalMilliseconds * 1000 / loads:0} µs per load (checksum {sink})");
        }

        /// <summary>A scorer and one scored row: what a caller waits for after loading.</summary>
        internal static double FirstScore(Scenario scenario, ScoringModel model)
        {
            var scorer = model.CreateScorer();
            for (int i = 0; i < scenario.IsText.Length; i++)
            {
                if (scenario.IsText[i]) scorer.SetText(i, scenario.Texts[0][i]);
                else scorer.SetNumber(i, scenario.Numbers[0][i]);
            }
            var p = scorer.Predict();
            return scenario.Multiclass ? p.ClassScores[0] : p.Score;
        }

        private static System.Collections.Generic.IEnumerable<TreeEnsembleScoreFunction> Ensembles(Predictor predictor)
        {
            switch (predictor)
            {
                case BinaryPredictor { Function: TreeEnsembleScoreFunction e }: yield return e; break;
                case RegressionPredictor { Function: TreeEnsembleScoreFunction e }: yield return e; break;
                case OneVersusAllPredictor o:
                    foreach (var f in o.Functions) if (f is TreeEnsembleScoreFunction e) yield return e;
                    break;
            }
        }

        /// <summary>A phase's median µs: each phase repeats the loader's own steps, half a second of warm-up is enough for them.</summary>
        private static double Median(int runs, Action action) => LoadTiming.SteadyMedianMicroseconds(runs, action, 0.5);

        private static string U(double microseconds) => microseconds.ToString("0", CultureInfo.InvariantCulture);
    }
}
