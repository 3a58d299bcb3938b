using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring audit drift</c>: a run's drift against the training profile of the version it scored with.</summary>
    public sealed class AuditDriftCommand : StoreCommand
    {
        private readonly Option<string> _run = CliOptions.RequiredText("--run", "the scoring run (see audit runs)", "run id");
        private readonly Option<string> _plot = CliOptions.Text("--plot", "also draw the Score distribution and the three most drifted inputs, profile against run, as a PNG", "file.png");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "drift";

        /// <inheritdoc />
        public override string Summary => "A run's drift: PSI per input and of the Score against the training profile, with missing/unseen/out-of-range shares.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _run, _plot, _json };

        /// <inheritdoc />
        public override string Details =>
            "Every score-table run counts its inputs and outputs in the buckets of the version's training profile\n" +
            "and records its drift level (None, Warning, Alert) with the inputs that caused it, against the model's\n" +
            "thresholds ('dbscoring monitor set'). Inputs are listed most drifted first. A version without a profile\n" +
            "says \"no profile\". See docs/monitoring.md for what each number means and what to do when it alarms.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok (also for a version without a profile), 2 bad arguments, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring audit drift --run 12\ndbscoring audit drift --run 12 --plot run12.png --json\n";

        /// <summary>Parses a run id option: a whole number from 1.</summary>
        internal static long RunId(string text, string option = "--run") =>
            long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id) && id >= 1
                ? id : throw new UsageException($"The option {option} must be a run id (a whole number from 1); '{text}' is not.");

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            long runId = RunId(args.Required(_run));
            string? plot = args.Value(_plot);
            using var store = OpenStore(args, context);
            var drift = store.RunDrift(runId);
            if (drift.Report != null && plot != null) DriftPlot.Save(drift.Report, plot, "run " + runId.ToString(CultureInfo.InvariantCulture));
            if (args.Value(_json))
            {
                Json.Write(context.Out, new
                {
                    runId, model = drift.Model, version = drift.Version, hasProfile = drift.HasProfile, profileSource = drift.ProfileSource,
                    driftLevel = drift.DriftLevel, driftInputs = drift.DriftInputs, plot = drift.Report != null ? plot : null,
                    drift = drift.Report == null ? null : DriftText.Describe(drift.Report),
                });
                return ExitCodes.Ok;
            }
            if (drift.Report == null)
            {
                context.Out.WriteLine($"Run {runId} scored with {drift.Model} version {drift.Version}, which has {ProfileReport.NoProfile}.");
                return ExitCodes.Ok;
            }
            DriftText.Print(context.Out, drift.Report, $"run {runId} ({drift.Model} version {drift.Version}, profile {drift.ProfileSource})");
            if (plot != null) context.Out.WriteLine($"Chart: {plot}");
            return ExitCodes.Ok;
        }
    }
}
