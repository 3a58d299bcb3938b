using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using DbScoring.Conversion.Data;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring score</c>: file-to-file scoring for cron jobs.</summary>
    public sealed class ScoreCommand : CliCommand
    {
        /// <inheritdoc />
        public override string Name => "score";

        /// <inheritdoc />
        public override string Summary => "Score a CSV file with a .dbsm model into another CSV file (streaming).";

        private readonly Option<string> _model = CliOptions.RequiredText("--model", "the model blob", "file.dbsm");
        private readonly Option<string> _input = CliOptions.RequiredText("--input", "the CSV file to score (header row; comma or tab)", "data.csv");
        private readonly Option<string> _output = CliOptions.RequiredText("--output", "where to write the scores (CSV)", "scored.csv");
        private readonly Option<string> _key = CliOptions.Text("--key", "column(s) copied to the output to identify rows, comma-separated; default: Row (1-based)", "col[,col]");
        private readonly Option<string> _na = CliOptions.Text("--na", "field values read as missing, comma-separated (default: empty, ?, NA)", "tokens");
        private readonly Option<string> _explain = CliOptions.Text("--explain", "add reason codes: n = the n strongest (Reason1, Reason1Contribution, …); all = Contribution.<input> for every input and Contribution.Base", "n|all");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override IEnumerable<Symbol> Symbols => new Symbol[] { _model, _input, _output, _key, _na, _explain, _json };

        /// <inheritdoc />
        public override string Details =>
            "Reads a CSV with a header (comma or tab, detected), matches columns to model inputs by name\n" +
            "(case-insensitive), ignores extra columns and refuses missing ones by name. Empty fields, '?' and\n" +
            "'NA' are missing values unless --na lists other tokens (comma-separated; use --na \"\" for empty only).\n" +
            "Output rows keep the input order: the key columns (or Row, 1-based), then\n" +
            "  binary:      PredictedLabel, Score, Probability\n" +
            "  regression:  Score\n" +
            "  multiclass:  PredictedLabel, Score.<class> per class (ML.NET's class order)\n" +
            "With --explain n: Reason1, Reason1Contribution, …, Reasonn, ReasonnContribution (input names, strongest\n" +
            "first by absolute contribution). With --explain all: Contribution.<input> per input and Contribution.Base,\n" +
            "which add up to the raw score (binary: Score, before calibration; multiclass: the predicted class's raw\n" +
            "score). See docs/explanations.md.\n" +
            "Rows are read, scored and written on three threads at once, in chunks, and keep their order.\n" +
            "Memory stays constant for any file size; progress goes to stderr (on a terminal a bar with rows/s and the\n" +
            "time left; otherwise a line every 100,000 rows), and at the end, per input, the missing values, unseen\n" +
            "categories and values below/above the training range (as 'audit inputs' shows for score-table runs; in\n" +
            "the JSON result under 'inputs').\n" +
            "A failed run leaves no output file behind.";

        /// <inheritdoc />
        public override string ExitCodeHelp =>
            "0 scored, 2 bad arguments, 3 bad model (corrupt or not a .dbsm blob, or it cannot explain with --explain),\n4 bad data (file missing, column missing, a value of the wrong type: line and column named).";

        /// <inheritdoc />
        public override string Examples =>
            "dbscoring score --model churn.dbsm --input customers.csv --output scores.csv --key CustomerId\n" +
            "dbscoring score --model churn.dbsm --input export.tsv --output scores.csv --na \"NULL,\"\n" +
            "dbscoring score --model churn.dbsm --input customers.csv --output reasons.csv --key CustomerId --explain 3\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string modelPath = args.Required(_model), inputPath = args.Required(_input), outputPath = args.Required(_output);
            var keys = (args.Value(_key) ?? "").Split(',').Select(k => k.Trim()).Where(k => k.Length > 0).ToArray();
            var missing = args.Value(_na) is { } na ? na.Split(',') : new[] { "", "?", "NA" };
            var (model, _) = ModelFiles.LoadBlob(modelPath);
            var explain = ExplainColumns.Parse(args.Value(_explain), model);
            ModelFiles.RequireFile(inputPath);
            var clock = Stopwatch.StartNew();
            var statistics = new InputStatisticsCounter(model);
            long rows;
            string temporary = outputPath + ".tmp";
            try
            {
                using var input = CsvReader.Open(inputPath);
                using var output = new StreamWriter(temporary, append: false, new UTF8Encoding(false), 1 << 16);
                rows = ProgressDisplay.Run(context, Path.GetFileName(inputPath) + " → " + Path.GetFileName(outputPath),
                    progress => new FileScorer(model, missing, explain).Score(input, output, keys, progress, statistics));
            }
            catch
            {
                File.Delete(temporary); // a failed run leaves no partial output behind
                throw;
            }
            File.Move(temporary, outputPath, overwrite: true);
            double seconds = clock.Elapsed.TotalSeconds;
            var inputs = statistics.Result();
            if (args.Value(_json))
            {
                Json.Write(context.Out, new { rows, output = outputPath, seconds, rowsPerSecond = rows / System.Math.Max(seconds, 1e-9), inputs });
                return ExitCodes.Ok;
            }
            context.Out.WriteLine($"Scored {Plural.Count(rows, "row")} → {outputPath} in {seconds:N2} s ({rows / System.Math.Max(seconds, 1e-9):N0} rows/s)");
            // As score-table keeps per run: what the model was sent that it did not see in training (stderr: stdout stays the result).
            context.Error.WriteLine(rows == 0 ? "The input has no rows." : "Inputs as the model read them (unseen categories and values outside the training range are scored, but are worth a look):");
            if (rows > 0) Commands.AuditInputsCommand.WriteTable(context.Error, inputs, "  ");
            return ExitCodes.Ok;
        }
    }
}
