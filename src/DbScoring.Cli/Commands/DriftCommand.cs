using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Conversion.Data;
using DbScoring.Runtime;
using DbScoring.Runtime.Monitoring;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring drift</c>: a file's drift against a model's training profile, before any scoring.</summary>
    public sealed class DriftCommand : CliCommand
    {
        /// <inheritdoc />
        public override string Name => "drift";

        /// <inheritdoc />
        public override string Summary => "Compare a CSV file with a model's training profile: PSI per input and of the Score (drift report, chart).";

        private readonly Option<string> _model = CliOptions.RequiredText("--model", "the model blob (with a training profile)", "file.dbsm");
        private readonly Option<string> _input = CliOptions.RequiredText("--input", "the rows to compare (CSV with a header; comma or tab)", "data.csv");
        private readonly Option<string> _plot = CliOptions.Text("--plot", "also draw the Score distribution and the three most drifted inputs, profile against file, as a PNG", "file.png");
        private readonly Option<string> _warning = CliOptions.Text("--warning", "PSI at or above which an input warns (default 0.1)", "psi");
        private readonly Option<string> _alert = CliOptions.Text("--alert", "PSI at or above which an input alerts (default 0.25)", "psi");
        private readonly Option<string> _na = CliOptions.Text("--na", "field values read as missing, comma-separated (default: empty, ?, NA)", "tokens");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override IEnumerable<Symbol> Symbols => new Symbol[] { _model, _input, _plot, _warning, _alert, _na, _json };

        /// <inheritdoc />
        public override string Details =>
            "Scores every row of the file with the model and compares, per input and for the Score (and\n" +
            "Probability, PredictedLabel), the file's distribution with the profile stored in the model: the\n" +
            "population stability index PSI = Σ (file share − profile share) · ln(file share / profile share)\n" +
            "over the profile's bins (numbers: its ten quantile bins and missing; text: its categories, other,\n" +
            "unseen and missing), an empty bucket counting as a share of 0.0001. Below 0.1 is stable, 0.1 to 0.25\n" +
            "a warning, from 0.25 an alert (docs/monitoring.md). A model without a profile is refused (exit 3).";

        /// <inheritdoc />
        public override string ExitCodeHelp =>
            "0 compared (whatever the drift level), 2 bad arguments, 3 model without a profile or corrupt,\n4 bad data (file or column missing, a value of the wrong type).";

        /// <inheritdoc />
        public override string Examples =>
            "dbscoring drift --model churn.dbsm --input march.csv\n" +
            "dbscoring drift --model churn.dbsm --input march.csv --plot drift.png --json\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            var thresholds = Thresholds(args.Value(_warning), args.Value(_alert));
            var (model, _) = ModelFiles.LoadBlob(args.Required(_model));
            if (model.Profile == null)
                throw new ModelFormatException("The model has no training profile, so drift cannot be measured (" + ProfileReport.NoProfile + ").");
            string inputPath = args.Required(_input);
            ModelFiles.RequireFile(inputPath);
            var missing = new HashSet<string>(args.Value(_na) is { } na ? na.Split(',') : new[] { "", "?", "NA" }, System.StringComparer.OrdinalIgnoreCase);
            using var input = CsvReader.Open(inputPath);
            var counter = ProgressDisplay.Run(context, Path.GetFileName(inputPath), progress => Count(model, input, missing, progress));
            var report = counter.Report(thresholds);
            string? plot = args.Value(_plot);
            if (plot != null) DriftPlot.Save(report, plot, Path.GetFileName(inputPath));
            if (args.Value(_json)) Json.Write(context.Out, new { model = args.Required(_model), input = inputPath, plot, drift = DriftText.Describe(report) });
            else
            {
                DriftText.Print(context.Out, report, Path.GetFileName(inputPath));
                if (plot != null) context.Out.WriteLine($"Chart: {plot}");
            }
            return ExitCodes.Ok;
        }

        /// <summary>Reads PSI thresholds given as text (invariant culture); defaults 0.1 and 0.25.</summary>
        internal static DriftThresholds Thresholds(string? warning, string? alert)
        {
            double w = Parse(warning, "--warning", 0.1), a = Parse(alert, "--alert", 0.25);
            if (!(w > 0)) throw new UsageException($"--warning must be a PSI above 0, not {warning}.");
            if (!(a >= w)) throw new UsageException($"--alert ({Number(a)}) must be at least --warning ({Number(w)}).");
            return new DriftThresholds(w, a);
        }

        private static double Parse(string? text, string option, double fallback)
        {
            if (text == null) return fallback;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && !double.IsNaN(value) && !double.IsInfinity(value)) return value;
            throw new UsageException($"{option} must be a number such as 0.2, not '{text}'.");
        }

        private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

        private static DriftCounter Count(ScoringModel model, CsvReader input, HashSet<string> missing, ProgressDisplay.ProgressSink progress)
        {
            long rows = 0;
            var fieldOfColumn = FileScorer.MapInputs(model, input);
            var counter = new DriftCounter(model);
            var scorer = model.CreateScorer();
            var fields = new List<string>();
            while (input.ReadRow(fields))
            {
                for (int c = 0; c < fieldOfColumn.Length; c++)
                {
                    int field = fieldOfColumn[c];
                    if (field < 0) continue;
                    string value = c < fields.Count ? fields[c] : "";
                    if (missing.Contains(value.Trim())) { scorer.SetMissing(field); counter.SetMissing(field); continue; }
                    try
                    {
                        scorer.SetText(field, value);
                        counter.SetText(field, value);
                    }
                    catch (System.FormatException ex) { throw new InvalidDataException($"{input.Source} line {input.LineNumber}: {ex.Message}"); }
                }
                counter.CountPrediction(scorer.Predict());
                if ((++rows & 0x1FFF) == 0) progress.Report(rows, input.BytesRead, input.Length);
            }
            progress.Report(rows, input.Length, input.Length);
            return counter;
        }
    }
}
