using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring audit performance</c>: realised performance per version (and day or week) once outcomes are known.</summary>
    public sealed class AuditPerformanceCommand : StoreCommand
    {
        private readonly Option<string> _model = CliOptions.RequiredText("--model", "the model", "model");
        private readonly Option<string> _by = CliOptions.Text("--by", "also per day or per week of the prediction", "day|week");
        private readonly Option<string> _plot = CliOptions.Text("--plot", "also draw the metrics per version (per period with --by) and the calibration, as a PNG", "file.png");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "performance";

        /// <inheritdoc />
        public override string Summary => "Realised performance per version: AUC, log loss, accuracy, calibration (binary); accuracy, macro F1; MAE, RMSE.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _by, _plot, _json };

        /// <inheritdoc />
        public override string Details =>
            "Joins the latest outcome of each key ('dbscoring outcomes record') to the latest prediction each version logged\n" +
            "for it (a shadow's predictions count for the shadow's version, rows scored by a fallback for the fallback's;\n" +
            "refused rows do not count).\n" +
            "Binary: AUC of the Score, log loss (base 2) of the Probability, accuracy of the predicted label, and the\n" +
            "calibration table (--json). The same formulas as ML.NET's evaluators (tested against them).";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 4 an outcome that is not a label or value of the model, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring audit performance --model churn\ndbscoring audit performance --model churn --by week --plot churn-weekly.png\ndbscoring audit performance --model churn --by week --json\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string name = StoreAccess.CheckModelName(args.Required(_model));
            string? by = args.Value(_by);
            if (by != null && by != "day" && by != "week") throw new UsageException($"--by takes day or week, not '{by}'.");
            using var store = OpenStore(args, context);
            var rows = store.Performance(StoreAccess.RequireModel(store, name).Model, by);
            string? plot = rows.Count == 0 ? null : args.Value(_plot);
            if (plot != null) PerformancePlot.Save(rows, name, plot);
            if (args.Value(_json)) { Json.Write(context.Out, rows); return ExitCodes.Ok; }
            if (rows.Count == 0) { context.Out.WriteLine($"No prediction of {name} has a recorded outcome yet ('dbscoring outcomes record'); nothing to draw."); return ExitCodes.Ok; }
            static string N(double? v) => v.HasValue ? v.Value.ToString("0.0000", CultureInfo.InvariantCulture) : "";
            var table = new TextTable("VERSION", "PERIOD", "ROWS", "AUC", "LOG LOSS", "ACCURACY", "MACRO F1", "MAE", "RMSE");
            foreach (var r in rows)
                table.Add(r.Version, r.PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "all", r.Rows, N(r.Auc), N(r.LogLoss), N(r.Accuracy), N(r.MacroF1), N(r.Mae), N(r.Rmse));
            context.Out.WriteLine($"Realised performance of {name} (predictions with a known outcome):");
            table.Write(context.Out);
            if (plot != null) context.Out.WriteLine($"Chart: {plot}");
            return ExitCodes.Ok;
        }
    }
}
