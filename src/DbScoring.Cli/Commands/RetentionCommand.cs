using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using DbScoring.Store;
using DbScoring.Store.Sqlite;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring retention</c>: how long each model's prediction log is kept, the purge, and the purge record.</summary>
    public sealed class RetentionCommand : CliCommandGroup
    {
        /// <inheritdoc />
        public override string Name => "retention";

        /// <inheritdoc />
        public override string Summary => "Retention of the prediction log: set a model's policy, show policies, purge what is past them, read the purge record.";

        /// <inheritdoc />
        public override string Details =>
            "Every model keeps its whole prediction log until a policy is set. A purge removes the per-row predictions\n" +
            "of whole runs that ended more than the policy's days ago (the run rows stay) and records each batch it\n" +
            "removes (rows, id range, SHA-256 digest, who, when) before deleting it; nothing else can delete from the log.\n" +
            "On SQL Server these call scoring.SetRetention and scoring.PurgePredictionLog (ScoringAdmin).";

        /// <inheritdoc />
        public override IReadOnlyList<CliCommand> Subcommands { get; } = new CliCommand[]
        {
            new RetentionSetCommand(), new RetentionShowCommand(), new RetentionPurgeCommand(), new RetentionLogCommand(),
        };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples =>
            "dbscoring retention set churn --keep-days 400 --reason \"EU AI Act: >= 6 months; GDPR: no longer than needed\"\n" +
            "dbscoring retention show\n" +
            "dbscoring retention purge --dry-run\n" +
            "dbscoring retention log --purge 3\n";
    }

    /// <summary><c>dbscoring retention set</c>.</summary>
    public sealed class RetentionSetCommand : StoreCommand
    {
        private readonly Argument<string> _model = CliOptions.Argument("model", "the model name");
        private readonly Option<int> _days = CliOptions.Int("--keep-days", "keep a run's predictions this many days after it ended", 0, 1, SqliteModelStore.MaxKeepDays, "days");
        private readonly Option<bool> _all = CliOptions.Flag("--keep-all", "keep everything (the default of every model)");
        private readonly Option<string> _reason = CliOptions.Text("--reason", "why: the rule or decision, kept with the policy", "text");
        private readonly Option<bool> _json = JsonOption("print the policy as JSON");

        /// <inheritdoc />
        public override string Name => "set";

        /// <inheritdoc />
        public override string Summary => "Set how many days a model's prediction log is kept (--keep-days), or that it is kept for ever (--keep-all).";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _days, _all, _reason, _json };

        /// <inheritdoc />
        public override string Details =>
            "Each call is kept (who, when, why); the newest applies. Regulations set floors (e.g. six months for the logs\n" +
            "of high-risk AI systems under the EU AI Act) and privacy law ceilings: a policy under 183 days is accepted\n" +
            "with a note.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 set, 2 bad arguments, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring retention set churn --keep-days 400 --reason \"policy R-12\"\ndbscoring retention set churn --keep-all --reason \"legal hold\"\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            bool days = args.Given(_days), all = args.Value(_all);
            if (days == all)
                throw new UsageException("Give either --keep-days <days> or --keep-all.");
            using var store = OpenStore(args, context);
            var model = StoreAccess.RequireModel(store, StoreAccess.CheckModelName(args.Value(_model)!));
            int? keep = days ? args.Value(_days) : null;
            var policy = store.SetRetention(model.Model, keep, reason: args.Value(_reason));
            if (args.Value(_json))
            {
                Json.Write(context.Out, RetentionShowCommand.ToJson(policy));
                return ExitCodes.Ok;
            }
            context.Out.WriteLine($"Retention of model {policy.Model}: {Describe(policy)}.");
            if (keep is < 183)
                context.Out.WriteLine("Note: shorter than six months, the minimum the EU AI Act sets for the logs of high-risk AI systems (art. 19, 26(6)).");
            return ExitCodes.Ok;
        }

        internal static string Describe(RetentionPolicy p) =>
            p.KeepDays is int d ? $"keep {d} days (runs that ended before {p.Cutoff:yyyy-MM-dd HH:mm} UTC may be purged)" : "keep everything";
    }

    /// <summary><c>dbscoring retention show</c>.</summary>
    public sealed class RetentionShowCommand : StoreCommand
    {
        private readonly Option<string> _model = AuditOptions.Model();
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "show";

        /// <inheritdoc />
        public override string Summary => "Every model's retention policy now: days kept (or everything), cutoff, who set it, when, why.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _json };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring retention show\ndbscoring retention show --model churn --json\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            using var store = OpenStore(args, context);
            var policies = store.RetentionPolicies(AuditOptions.Resolve(args.Value(_model), store));
            if (args.Value(_json))
            {
                Json.Write(context.Out, policies.Select(ToJson));
                return ExitCodes.Ok;
            }
            var table = new TextTable("MODEL", "KEEP DAYS", "CUTOFF (UTC)", "SET BY", "SET (UTC)", "REASON");
            foreach (var p in policies) table.Add(p.Model, p.KeepDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "everything", p.Cutoff, p.SetBy, p.SetAt, p.Reason);
            table.Write(context.Out);
            return ExitCodes.Ok;
        }

        internal static object ToJson(RetentionPolicy p) =>
            new { model = p.Model, keepDays = p.KeepDays, keepsEverything = p.KeepsEverything, cutoff = p.Cutoff, setBy = p.SetBy, setAt = p.SetAt, reason = p.Reason };
    }

    /// <summary><c>dbscoring retention purge</c>.</summary>
    public sealed class RetentionPurgeCommand : StoreCommand
    {
        private readonly Option<string> _model = AuditOptions.Model();
        private readonly Option<int> _batchSize = CliOptions.Int("--batch-size", "prediction rows per transaction", 10_000, 1, SqliteModelStore.MaxPurgeBatchSize);
        private readonly Option<bool> _dryRun = CliOptions.Flag("--dry-run", "list the runs and rows that would be removed, remove nothing");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "purge";

        /// <inheritdoc />
        public override string Summary => "Remove the predictions of whole runs past their model's policy, each batch recorded first (schedule it daily).";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _batchSize, _dryRun, _json };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 purged (or nothing to purge), 2 bad arguments, 5 no such model, 6 store error (e.g. a ledger table on SQL Server).";

        /// <inheritdoc />
        public override string Examples => "dbscoring retention purge --dry-run\ndbscoring retention purge --model churn --batch-size 50000\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            using var store = OpenStore(args, context);
            var result = store.PurgePredictionLog(new PurgeRequest
            {
                Model = AuditOptions.Resolve(args.Value(_model), store), BatchSize = args.Value(_batchSize), Execute = !args.Value(_dryRun),
            });
            if (args.Value(_json))
            {
                Json.Write(context.Out, new
                {
                    purgeId = result.PurgeId, executed = result.Executed, runs = result.Runs, rowsRemoved = result.RowsRemoved, batches = result.Batches,
                    candidates = result.Candidates.Select(c => new { model = c.Model, keepDays = c.KeepDays, cutoff = c.Cutoff, runId = c.RunId, endedAt = c.EndedAt, rows = c.RowsLeft }),
                });
                return ExitCodes.Ok;
            }
            if (result.Candidates.Count == 0)
            {
                context.Out.WriteLine($"Nothing in {store.DisplayName} is older than its retention policy.");
                return ExitCodes.Ok;
            }
            var table = new TextTable("MODEL", "KEEP DAYS", "RUN", "ENDED (UTC)", "ROWS");
            foreach (var c in result.Candidates) table.Add(c.Model, c.KeepDays, c.RunId, c.EndedAt, c.RowsLeft);
            table.Write(context.Out);
            context.Out.WriteLine(result.Executed
                ? $"Purge {result.PurgeId}: removed {result.RowsRemoved:N0} prediction rows of {result.Runs} runs in {result.Batches} batches (see 'dbscoring retention log --purge {result.PurgeId}')."
                : $"Dry run: {result.RowsRemoved:N0} prediction rows of {result.Runs} runs would be removed.");
            return ExitCodes.Ok;
        }
    }

    /// <summary><c>dbscoring retention log</c>.</summary>
    public sealed class RetentionLogCommand : StoreCommand
    {
        private readonly Option<string> _model = AuditOptions.Model();
        private readonly Option<int> _purge = CliOptions.Int("--purge", "only this purge", 0, 1, int.MaxValue, "id");
        private readonly Option<int> _limit = CliOptions.Int("--limit", "at most n entries", 100, 1, 100_000);
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "log";

        /// <inheritdoc />
        public override string Summary => "What purges removed, newest first: purge, model, run, batch, rows, id range, digest, who, when.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _purge, _limit, _json };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring retention log\ndbscoring retention log --purge 3 --json\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            using var store = OpenStore(args, context);
            long? purge = args.Given(_purge) ? args.Value(_purge) : null;
            var entries = store.RetentionLog(purge, AuditOptions.Resolve(args.Value(_model), store), args.Value(_limit));
            if (args.Value(_json))
            {
                Json.Write(context.Out, entries.Select(e => new
                {
                    retentionLogId = e.RetentionLogId, purgeId = e.PurgeId, model = e.Model, runId = e.RunId, batch = e.BatchNumber, keepDays = e.KeepDays,
                    cutoff = e.Cutoff, rowsRemoved = e.RowsRemoved, firstPredictionLogId = e.FirstPredictionLogId, lastPredictionLogId = e.LastPredictionLogId,
                    digest = e.Digest, purgedBy = e.PurgedBy, purgedAt = e.PurgedAt,
                }));
                return ExitCodes.Ok;
            }
            var table = new TextTable("PURGE", "MODEL", "RUN", "BATCH", "ROWS", "IDS", "DIGEST", "PURGED BY", "PURGED (UTC)");
            foreach (var e in entries)
                table.Add(e.PurgeId, e.Model, e.RunId, e.BatchNumber, e.RowsRemoved, $"{e.FirstPredictionLogId}-{e.LastPredictionLogId}", e.Digest.Substring(0, 16) + "...", e.PurgedBy, e.PurgedAt);
            table.Write(context.Out);
            return ExitCodes.Ok;
        }
    }
}
