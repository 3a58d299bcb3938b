using System.Collections.Generic;
using System.CommandLine;
using DbScoring.Store;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring monitor</c>: a model's drift thresholds.</summary>
    public sealed class MonitorCommand : CliCommandGroup
    {
        /// <inheritdoc />
        public override string Name => "monitor";

        /// <inheritdoc />
        public override string Summary => "Drift thresholds per model: the PSI at which a run warns or alerts.";

        /// <inheritdoc />
        public override string Details => "Every change is kept; a run uses the thresholds in force when it starts. See docs/monitoring.md.";

        /// <inheritdoc />
        public override IReadOnlyList<CliCommand> Subcommands { get; } = new CliCommand[] { new MonitorShowCommand(), new MonitorSetCommand() };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring monitor show --model churn\ndbscoring monitor set --model churn --warning 0.1 --alert 0.2\n";

        internal static void Print(CliContext context, MonitoringSettings s, bool json)
        {
            if (json)
                Json.Write(context.Out, new { model = s.Model, warningPsi = s.WarningPsi, alertPsi = s.AlertPsi, isDefault = s.IsDefault, setBy = s.SetBy, setAt = s.SetAt });
            else
                context.Out.WriteLine($"Drift thresholds of {s.Model}: warning at PSI ≥ {s.WarningPsi.ToString(System.Globalization.CultureInfo.InvariantCulture)}, " +
                                      $"alert at PSI ≥ {s.AlertPsi.ToString(System.Globalization.CultureInfo.InvariantCulture)}" +
                                      (s.IsDefault ? " (the defaults)." : $" (set by {s.SetBy} at {StoreAccess.PreciseTime(s.SetAt!.Value)})."));
        }
    }

    /// <summary><c>dbscoring monitor show</c>.</summary>
    public sealed class MonitorShowCommand : StoreCommand
    {
        private readonly Option<string> _model = CliOptions.RequiredText("--model", "the model", "model");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "show";

        /// <inheritdoc />
        public override string Summary => "The model's drift thresholds (defaults: warning 0.1, alert 0.25).";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _json };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring monitor show --model churn\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string name = StoreAccess.CheckModelName(args.Required(_model));
            using var store = OpenStore(args, context);
            MonitorCommand.Print(context, store.GetMonitoring(StoreAccess.RequireModel(store, name).Model), args.Value(_json));
            return ExitCodes.Ok;
        }
    }

    /// <summary><c>dbscoring monitor set</c>.</summary>
    public sealed class MonitorSetCommand : StoreCommand
    {
        private readonly Option<string> _model = CliOptions.RequiredText("--model", "the model", "model");
        private readonly Option<string> _warning = CliOptions.RequiredText("--warning", "PSI at or above which a run warns (e.g. 0.1)", "psi");
        private readonly Option<string> _alert = CliOptions.RequiredText("--alert", "PSI at or above which a run alerts (e.g. 0.25)", "psi");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "set";

        /// <inheritdoc />
        public override string Summary => "Set the model's drift thresholds for the runs that start from now on (the change is kept).";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _warning, _alert, _json };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 set, 2 bad arguments (not numbers, alert below warning), 5 no such model, 6 store error (read-only).";

        /// <inheritdoc />
        public override string Examples => "dbscoring monitor set --model churn --warning 0.1 --alert 0.2\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string name = StoreAccess.CheckModelName(args.Required(_model));
            var thresholds = DriftCommand.Thresholds(args.Required(_warning), args.Required(_alert));
            using var store = OpenStore(args, context);
            var settings = store.SetMonitoring(StoreAccess.RequireModel(store, name).Model, thresholds.Warning, thresholds.Alert);
            MonitorCommand.Print(context, settings, args.Value(_json));
            return ExitCodes.Ok;
        }
    }
}
