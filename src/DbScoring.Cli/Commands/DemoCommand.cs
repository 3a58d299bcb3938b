using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Cli.Demo;
using DbScoring.Conversion;
using DbScoring.Conversion.Data;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring demo</c>: the whole lifecycle on generated churn data, narrated.</summary>
    public sealed class DemoCommand : Command
    {
        /// <inheritdoc />
        public override string Name => "demo";

        /// <inheritdoc />
        public override string Summary => "Run the end-to-end demo on generated churn data (train, convert, score, compare).";

        /// <inheritdoc />
        public override IEnumerable<string> ValuedOptions => new[] { "--folder", "--rows", "--data" };

        /// <inheritdoc />
        public override string Help =>
            "Usage: dbscoring demo [--folder <dir>] [--rows <n>] [--data <customers.csv>]\n\n" +
            "Generates a churn table (or uses --data, with the demo's columns), trains two ML.NET models\n" +
            "(logistic regression, boosted trees), converts both through the parity gate, scores the table with\n" +
            "each and compares their score distributions. Everything goes to --folder (default ./demo-output);\n" +
            "rerunning starts afresh.\n\n" +
            "Example:\n  dbscoring demo --rows 20000\n";

        /// <inheritdoc />
        public override int Run(CommandLine args, CliContext context)
        {
            args.ExpectPositionals(0);
            string folder = Path.GetFullPath(args.Option("--folder") ?? "demo-output");
            int rows = args.Int("--rows", 30_000, 100, 10_000_000);
            var o = context.Out;
            var clock = Stopwatch.StartNew();
            Directory.CreateDirectory(folder);
            string csv = args.Option("--data") ?? Path.Combine(folder, "customers.csv");

            Step(o, 1, args.Option("--data") == null ? $"Generate {rows:N0} customers with missing values and categories" : $"Use the customers in {csv}");
            if (args.Option("--data") == null) DemoData.Write(csv, rows, seed: 2026);
            else ModelFiles.RequireFile(csv);
            o.WriteLine($"   {csv}");

            Step(o, 2, "Train two ML.NET models: v1 logistic regression, v2 boosted trees (100 × 20 leaves)");
            string v1Zip = Path.Combine(folder, "churn-v1-logistic.zip"), v2Zip = Path.Combine(folder, "churn-v2-trees.zip");
            DemoTrainer.TrainLogistic(csv, v1Zip);
            DemoTrainer.TrainTrees(csv, v2Zip);
            o.WriteLine($"   {Path.GetFileName(v1Zip)}, {Path.GetFileName(v2Zip)}");

            Step(o, 3, "Convert both to DbScoring blobs; the parity gate checks them against ML.NET on the table's rows");
            var v1 = Convert(o, v1Zip, csv, Path.Combine(folder, "churn-v1.dbsm"));
            var v2 = Convert(o, v2Zip, csv, Path.Combine(folder, "churn-v2.dbsm"));

            Step(o, 4, "Score the table with each model, file to file");
            var s1 = ScoreFile(o, v1.Path, csv, Path.Combine(folder, "scores-v1.csv"));
            var s2 = ScoreFile(o, v2.Path, csv, Path.Combine(folder, "scores-v2.csv"));

            Step(o, 5, "Compare the two models' probability distributions");
            Compare(o, s1, s2);

            o.WriteLine();
            o.WriteLine($"Done in {clock.Elapsed.TotalSeconds:N1} s. Files are in {folder}.");
            return ExitCodes.Ok;
        }

        private static void Step(TextWriter o, int number, string text)
        {
            o.WriteLine();
            o.WriteLine($"[{number}] {text}");
        }

        private static (string Path, ConversionResult Result) Convert(TextWriter o, string zip, string sample, string output)
        {
            var result = ModelConverter.Convert(zip, new ConversionOptions { SamplePath = sample, Name = "churn" });
            File.WriteAllBytes(output, result.Blob);
            o.WriteLine($"   {Path.GetFileName(output)}: {result.Blob.Length:N0} bytes, sha256 {result.Model.ContentHashHex[..16]}…");
            o.WriteLine($"     parity {result.Parity}");
            return (output, result);
        }

        private static List<float> ScoreFile(TextWriter o, string model, string input, string output)
        {
            var clock = Stopwatch.StartNew();
            var (loaded, _) = ModelFiles.LoadBlob(model);
            long rows;
            using (var reader = CsvReader.Open(input))
            using (var writer = new StreamWriter(output))
                rows = new FileScorer(loaded, new[] { "", "?", "NA" }).Score(reader, writer, new[] { "CustomerId" }, null);
            o.WriteLine($"   {Path.GetFileName(output)}: {rows:N0} rows in {clock.Elapsed.TotalMilliseconds:N0} ms");
            var probabilities = new List<float>();
            using var scored = CsvReader.Open(output);
            var fields = new List<string>();
            while (scored.ReadRow(fields))
                probabilities.Add(float.Parse(fields[3], CultureInfo.InvariantCulture));
            return probabilities;
        }

        private static void Compare(TextWriter o, List<float> v1, List<float> v2)
        {
            o.WriteLine("   probability     v1 rows    v2 rows");
            for (int bucket = 0; bucket < 5; bucket++)
            {
                float low = bucket / 5f, high = (bucket + 1) / 5f;
                int c1 = v1.Count(p => p >= low && (p < high || bucket == 4)), c2 = v2.Count(p => p >= low && (p < high || bucket == 4));
                o.WriteLine($"   [{low:0.0}, {high:0.0}{(bucket == 4 ? "]" : ")")}   {c1,9:N0}  {c2,9:N0}");
            }
            double mean1 = v1.Average(), mean2 = v2.Average();
            int disagree = v1.Zip(v2).Count(pair => (pair.First > 0.5f) != (pair.Second > 0.5f));
            o.WriteLine($"   mean probability v1 {mean1:0.000}, v2 {mean2:0.000}; the models disagree (at 0.5) on {disagree:N0} customers");
        }
    }
}
