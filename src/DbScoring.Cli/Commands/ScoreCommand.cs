using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using DbScoring.Conversion.Data;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring score</c>: file-to-file scoring for cron jobs.</summary>
    public sealed class ScoreCommand : Command
    {
        /// <inheritdoc />
        public override string Name => "score";

        /// <inheritdoc />
        public override string Summary => "Score a CSV file with a .dbsm model into another CSV file (streaming).";

        /// <inheritdoc />
        public override IEnumerable<string> ValuedOptions => new[] { "--model", "--input", "--output", "--key", "--na" };

        /// <inheritdoc />
        public override string Help =>
            "Usage: dbscoring score --model <file.dbsm> --input <data.csv> --output <scored.csv> [--key <col>[,<col>]] [--na <tokens>]\n\n" +
            "Reads a CSV with a header (comma or tab, detected), matches columns to model inputs by name\n" +
            "(case-insensitive), ignores extra columns and refuses missing ones by name. Empty fields, '?' and\n" +
            "'NA' are missing values unless --na lists other tokens (comma-separated; use --na \"\" for empty only).\n" +
            "Output rows keep the input order: the key columns (or Row, 1-based), then\n" +
            "  binary:      PredictedLabel, Score, Probability\n" +
            "  regression:  Score\n" +
            "  multiclass:  PredictedLabel, Score.<class> per class (ML.NET's class order)\n" +
            "Memory stays constant for any file size; progress goes to stderr every 100,000 rows.\n\n" +
            "Examples:\n" +
            "  dbscoring score --model churn.dbsm --input customers.csv --output scores.csv --key CustomerId\n";

        /// <inheritdoc />
        public override int Run(CommandLine args, CliContext context)
        {
            args.ExpectPositionals(0);
            string modelPath = args.Required("--model"), inputPath = args.Required("--input"), outputPath = args.Required("--output");
            var keys = (args.Option("--key") ?? "").Split(',').Select(k => k.Trim()).Where(k => k.Length > 0).ToArray();
            var missing = args.Option("--na") is { } na ? na.Split(',') : new[] { "", "?", "NA" };
            var (model, _) = ModelFiles.LoadBlob(modelPath);
            ModelFiles.RequireFile(inputPath);
            var clock = Stopwatch.StartNew();
            long rows;
            string temporary = outputPath + ".tmp";
            try
            {
                using var input = CsvReader.Open(inputPath);
                using var output = new StreamWriter(temporary, append: false, new UTF8Encoding(false), 1 << 16);
                rows = new FileScorer(model, missing).Score(input, output, keys, context.Error);
            }
            catch
            {
                File.Delete(temporary); // a failed run leaves no partial output behind
                throw;
            }
            File.Move(temporary, outputPath, overwrite: true);
            double seconds = clock.Elapsed.TotalSeconds;
            if (args.Json) Json.Write(context.Out, new { rows, output = outputPath, seconds, rowsPerSecond = rows / System.Math.Max(seconds, 1e-9) });
            else context.Out.WriteLine($"Scored {rows:N0} rows → {outputPath} in {seconds:N2} s ({rows / System.Math.Max(seconds, 1e-9):N0} rows/s)");
            return ExitCodes.Ok;
        }
    }
}
