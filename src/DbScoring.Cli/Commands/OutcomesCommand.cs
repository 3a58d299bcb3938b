using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Conversion.Data;
using DbScoring.Store;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring outcomes</c>: known outcomes of scored rows, for realised performance.</summary>
    public sealed class OutcomesCommand : CliCommandGroup
    {
        /// <inheritdoc />
        public override string Name => "outcomes";

        /// <inheritdoc />
        public override string Summary => "Record what actually happened to scored rows (append-only; a correction is a new record and the latest wins).";

        /// <inheritdoc />
        public override IReadOnlyList<CliCommand> Subcommands { get; } = new CliCommand[] { new OutcomesRecordCommand() };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 4 bad data, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring outcomes record --model churn --input actuals.csv --key CustomerId --actual Churned\n";
    }

    /// <summary><c>dbscoring outcomes record</c>.</summary>
    public sealed class OutcomesRecordCommand : StoreCommand
    {
        private readonly Option<string> _model = CliOptions.RequiredText("--model", "the model whose predictions the outcomes belong to", "model");
        private readonly Option<string> _input = CliOptions.RequiredText("--input", "CSV with the key columns and the actual outcome", "actuals.csv");
        private readonly Option<string> _key = CliOptions.RequiredText("--key", "key column(s), as given to score-table (joined with '|' as the row key)", "col[,col]");
        private readonly Option<string> _actual = CliOptions.RequiredText("--actual", "the column holding the actual label or value", "col");
        private readonly Option<string> _observed = CliOptions.Text("--observed-at", "optional column holding when the outcome was observed (ISO 8601, UTC)", "col");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "record";

        /// <inheritdoc />
        public override string Summary => "Record outcomes from a CSV file: key columns and the actual label (binary: true/false, 1/0) or value.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _input, _key, _actual, _observed, _json };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 recorded, 2 bad arguments, 4 bad data (file or column missing, empty outcome), 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring outcomes record --model churn --input actuals.csv --key CustomerId --actual Churned\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string model = StoreAccess.CheckModelName(args.Required(_model));
            string path = args.Required(_input);
            var keys = args.Required(_key).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (keys.Length == 0) throw new UsageException("The option --key needs at least one column name.");
            ModelFiles.RequireFile(path);
            var outcomes = new List<OutcomeRecord>();
            using (var csv = CsvReader.Open(path))
            {
                int Column(string name) =>
                    csv.Header.ToList().FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase)) is int i && i >= 0
                        ? i : throw new InvalidDataException($"{csv.Source} has no column '{name}'. Columns found: {string.Join(", ", csv.Header)}.");
                var keyColumns = keys.Select(Column).ToArray();
                int actual = Column(args.Required(_actual));
                int? observed = args.Value(_observed) is { } o ? Column(o) : null;
                var fields = new List<string>();
                while (csv.ReadRow(fields))
                {
                    string Field(int c) => c < fields.Count ? fields[c] : "";
                    string value = Field(actual).Trim();
                    if (value.Length == 0) throw new InvalidDataException($"{csv.Source} line {csv.LineNumber}: the outcome is empty.");
                    DateTime? at = null;
                    if (observed is int oc && Field(oc).Length > 0)
                        at = DateTime.TryParse(Field(oc), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                            ? t : throw new InvalidDataException($"{csv.Source} line {csv.LineNumber}: '{Field(oc)}' is not a time (ISO 8601).");
                    outcomes.Add(new OutcomeRecord(string.Join("|", keyColumns.Select(Field)), value, at));
                }
            }
            using var store = OpenStore(args, context);
            int count = store.RecordOutcomes(StoreAccess.RequireModel(store, model).Model, outcomes);
            if (args.Value(_json)) Json.Write(context.Out, new { model, recorded = count });
            else context.Out.WriteLine($"Recorded {count:N0} outcomes of {model} (see 'dbscoring audit performance --model {model}').");
            return ExitCodes.Ok;
        }
    }
}
