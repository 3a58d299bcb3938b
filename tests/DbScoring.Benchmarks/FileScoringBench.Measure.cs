using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Cli;
using DbScoring.Cli.Demo;
using DbScoring.Runtime;

namespace DbScoring.Benchmarks
{
    public static partial class FileScoringBench
    {
        /// <summary>Rows of the quick benchmark's file-scoring figure.</summary>
        public const int TargetRows = 1_000_000;

        /// <summary>`dbscoring score` throughput against the runtime alone on the same rows.</summary>
        public sealed class Result
        {
            public string Model { get; init; } = "";
            public double FileRowsPerSecond { get; init; }
            public double RuntimeRowsPerSecond { get; init; }
        }

        /// <summary>
        /// The demo's FastTree model: `dbscoring score` over a <paramref name="rows"/>-row CSV (median of three runs after a
        /// warm-up, wall clock) and `PredictBatch` over the same rows already parsed into columns (median of three).
        /// </summary>
        public static Result Measure(int rows, TextWriter progress)
        {
            string folder = Path.Combine(Path.GetTempPath(), "dbscoring-score-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string training = Path.Combine(folder, "training.csv"), input = Path.Combine(folder, "customers.csv");
                string zip = Path.Combine(folder, "model.zip"), blob = Path.Combine(folder, "model.dbsm"), output = Path.Combine(folder, "scores.csv");
                DemoData.Write(training, 20_000, seed: 7);
                DemoData.Write(input, rows, seed: 2026);
                DemoTrainer.TrainTrees(training, zip);
                Check(CliApp.Run(new[] { "convert", zip, "--output", blob }, Quiet()));
                string[] score = { "score", "--model", blob, "--input", input, "--output", output, "--key", "CustomerId" };
                Check(CliApp.Run(score, Quiet())); // warm-up
                double file = Median(3, () => Check(CliApp.Run(score, Quiet())));
                progress.WriteLine($"  dbscoring score: {rows / file:N0} rows/s");

                double runtime = RuntimeAlone(blob, input, rows);
                return new Result { Model = "FastTree 100 trees × 20 leaves (demo v2)", FileRowsPerSecond = rows / file, RuntimeRowsPerSecond = rows / runtime };
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>Seconds for `PredictBatch` over the file's rows already parsed into columns (median of three after a warm-up).</summary>
        private static double RuntimeAlone(string blob, string input, int rows)
        {
            var model = ScoringModel.Load(File.ReadAllBytes(blob));
            var columns = Columns(model, input, rows);
            var scorer = model.CreateScorer();
            var scores = new float[rows];
            var probabilities = new float[rows];
            var classes = new int[rows];
            scorer.PredictBatch(rows, columns.Numbers, columns.Texts, scores, probabilities, classes); // warm-up
            return Median(3, () => scorer.PredictBatch(rows, columns.Numbers, columns.Texts, scores, probabilities, classes));
        }

        private static double Median(int runs, Action action)
        {
            var seconds = new double[runs];
            for (int i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                action();
                seconds[i] = clock.Elapsed.TotalSeconds;
            }
            Array.Sort(seconds);
            return seconds[runs / 2];
        }

        /// <summary>The demo CSV (no quoted fields) as the model's input columns: empty = missing.</summary>
        private static (double[]?[] Numbers, string?[]?[] Texts) Columns(ScoringModel model, string path, int rows)
        {
            using var reader = new StreamReader(path);
            var header = reader.ReadLine()!.Split(',');
            int inputs = model.Inputs.Count;
            var at = model.Inputs.Select(i => Array.FindIndex(header, h => string.Equals(h, i.Name, StringComparison.OrdinalIgnoreCase))).ToArray();
            var numbers = new double[]?[inputs];
            var texts = new string?[]?[inputs];
            for (int i = 0; i < inputs; i++)
            {
                if (model.Inputs[i].Kind == InputKind.Text) texts[i] = new string?[rows];
                else numbers[i] = new double[rows];
            }
            for (int row = 0; row < rows; row++)
            {
                var fields = reader.ReadLine()!.Split(',');
                for (int i = 0; i < inputs; i++)
                {
                    string field = at[i] < 0 ? "" : fields[at[i]];
                    switch (model.Inputs[i].Kind)
                    {
                        case InputKind.Text: texts[i]![row] = field.Length == 0 ? null : field; break;
                        case InputKind.Boolean: numbers[i]![row] = field.Length == 0 ? double.NaN : field == "true" ? 1 : 0; break;
                        default: numbers[i]![row] = field.Length == 0 ? double.NaN : double.Parse(field, CultureInfo.InvariantCulture); break;
                    }
                }
            }
            return (numbers, texts);
        }
    }
}
