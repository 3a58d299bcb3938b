using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Store;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring score-table</c>: scores a table into another inside the store's database, audited and restartable.</summary>
    public sealed class ScoreTableCommand : StoreCommand
    {
        /// <inheritdoc />
        public override string Name => "score-table";

        /// <inheritdoc />
        public override string Summary => "Score a table into another inside the database: batched, restartable, incremental, audited.";

        /// <inheritdoc />
        protected override IEnumerable<string> CommandOptions => new[] { "--source", "--key", "--target", "--batch-size" };

        /// <inheritdoc />
        public override IEnumerable<string> FlagOptions => new[] { "--log-inputs" };

        /// <inheritdoc />
        public override string Help =>
            "Usage: dbscoring score-table <model>[@<alias>|:<version>] --source <table> --key <col>[,<col>] --target <table>\n" +
            "                            [--batch-size <n>] [--log-inputs] [--store <spec>] [--json]\n\n" +
            "Scores the source rows that this version has not scored yet into the target table (created when\n" +
            "missing: keys, ModelVersionId, PredictedLabel, PredictedClass, Score, Probability, ClassScores,\n" +
            "ScoringRunId, ScoredAt). The alias is resolved once, at the start. Each batch is one transaction that\n" +
            "writes the target rows and one PredictionLog row per prediction, so an interrupted run loses at most\n" +
            "the batch in flight and a rerun neither duplicates nor loses rows. Every run is recorded (audit runs).\n" +
            "Model inputs are matched to source columns by name; extra columns are ignored. Progress goes to stderr.\n\n" +
            "Options:\n" +
            "  --source <table>      table or view to score (required)\n" +
            "  --key <cols>          comma-separated key columns identifying a row (required)\n" +
            "  --target <table>      table to write the scores to (required)\n" +
            "  --batch-size <n>      rows per transaction, 1 to 10,000,000 (default 100,000)\n" +
            "  --log-inputs          keep the inputs as sent (JSON) in the prediction log; default: their SHA-256 only\n" +
            "  --json                print the run as JSON\n\n" +
            StoreHelp + "\n" +
            "Exit codes: 0 run succeeded, 2 bad arguments (unknown table or column), 3 stored model altered,\n" +
            "5 no such model/alias/version, 6 store error or the run failed (rerun it: it resumes).\n\n" +
            "Examples:\n" +
            "  dbscoring score-table churn@production --source customers --key CustomerId --target churn_scores\n" +
            "  dbscoring score-table churn:2 --source customers --key CustomerId --target churn_scores --batch-size 20000 --log-inputs\n";

        /// <inheritdoc />
        public override int Run(CommandLine args, CliContext context)
        {
            var reference = StoreAccess.ParseRef(args.Positional(0, "the model reference (model, model@alias or model:version)"));
            args.ExpectPositionals(1);
            string source = args.Required("--source"), target = args.Required("--target");
            var keys = args.Required("--key").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (keys.Length == 0) throw new UsageException("The option --key needs at least one column name.");
            int batchSize = args.Int("--batch-size", 100_000, 1, 10_000_000);
            using var store = OpenStore(args, context);
            var version = StoreAccess.Resolve(store, reference);
            context.Error.WriteLine($"Scoring {source} with {version.Model} version {version.Version}{(reference.Alias != null ? " (" + reference.Alias + ")" : "")} into {target}, {batchSize:N0} rows per batch…");
            var run = store.ScoreTable(new ScoreTableRequest
            {
                Model = reference,
                Source = source,
                KeyColumns = keys,
                Target = target,
                BatchSize = batchSize,
                LogInputs = args.Flag("--log-inputs"),
                Progress = p => context.Error.WriteLine($"  run {p.RunId}: batch {p.Batches} committed, {p.RowsScored:N0} rows scored"),
            });
            if (args.Json)
            {
                Json.Write(context.Out, AuditCommand.RunJson(run));
                return ExitCodes.Ok;
            }
            context.Out.WriteLine($"Run {run.RunId} {run.Status}: {run.RowsScored ?? 0:N0} rows scored into {run.Target} with {run.Model}:{run.Version} " +
                                  $"in {run.Batches ?? 0} batches, {(run.DurationMs ?? 0) / 1000.0:N2} s ({run.RowsPerSecond ?? 0:N0} rows/s)" +
                                  $"{(run.RowsSkipped > 0 ? $"; {run.RowsSkipped:N0} rows with a NULL key skipped" : "")}.");
            if ((run.RowsScored ?? 0) == 0) context.Out.WriteLine("  (every row was already scored by this version: nothing to do)");
            return ExitCodes.Ok;
        }
    }
}
