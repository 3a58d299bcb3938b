using System;
using System.Collections.Generic;
using System.CommandLine;
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

        private readonly Argument<string> _reference = CliOptions.Argument("reference", "model, model@alias or model:version (a bare model name means model@production)");
        private readonly Option<string> _source = CliOptions.RequiredText("--source", "table or view to score", "table");
        private readonly Option<string> _key = CliOptions.RequiredText("--key", "comma-separated key columns identifying a row", "col[,col]");
        private readonly Option<string> _target = CliOptions.RequiredText("--target", "table to write the scores to (created when missing)", "table");
        private readonly Option<int> _batchSize = CliOptions.Int("--batch-size", "rows per transaction", 100_000, 1, ScoreTableRequest.MaxBatchSize);
        private readonly Option<bool> _logInputs = CliOptions.Flag("--log-inputs", "keep the inputs as sent (JSON) in the prediction log; default: their SHA-256 only");
        private readonly Option<int> _explain = CliOptions.Int("--explain", "write the n strongest reason codes (Reason1, Reason1Contribution, …) into the target and every input's contribution into the prediction log; default 0: none", 0, 0, 1000);
        private readonly Option<string> _shadow = CliOptions.Text("--shadow", "also score every row with this version of the model (an alias or :version); the target keeps the primary's prediction, the prediction log both (see audit compare)", "alias|:version");
        private readonly Option<string> _split = CliOptions.Text("--split", "A/B: send this share of the keys to this version instead, deterministically by key (e.g. challenger:10)", "alias|:version:percent");
        private readonly Option<string> _fallback = CliOptions.Text("--fallback", "score a row the primary cannot score (wrong type, unparseable text, an error in the model) with this version; without it such rows are recorded as refused", "alias|:version");
        private readonly Option<bool> _json = JsonOption("print the run as JSON");

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _reference, _source, _key, _target, _batchSize, _logInputs, _explain, _shadow, _split, _fallback, _json };

        /// <inheritdoc />
        public override string Details =>
            "Scores the source rows that this version has not scored yet into the target table (created when\n" +
            "missing: keys, ModelVersionId, PredictedLabel, PredictedClass, Score, Probability, ClassScores,\n" +
            "ScoringRunId, ScoredAt). The alias is resolved once, at the start. Each batch is one transaction that\n" +
            "writes the target rows and one PredictionLog row per prediction, so an interrupted run loses at most\n" +
            "the batch in flight and a rerun neither duplicates nor loses rows. Every run is recorded (audit runs).\n" +
            "Model inputs are matched to source columns by name; extra columns are ignored. Progress goes to stderr\n" +
            "(on a terminal a bar with rows/s and the time left; otherwise a line per committed batch).\n" +
            "--explain n adds Reason1..n (input names, strongest first) and Reason1Contribution..n to the target and\n" +
            "logs the whole explanation (JSON, docs/explanations.md) with each prediction (embedded store).\n" +
            "A row the model cannot score never fails the run: it is written with a NULL prediction, Status 'Refused'\n" +
            "and the reason (tried again by the next run), or scored by --fallback (Status 'Fallback'). When rows are\n" +
            "refused, every row that could be scored is still committed, and the command names the refused rows on\n" +
            "stderr (key and reason, the first " + RefusedRowsShown.ToString(System.Globalization.CultureInfo.InvariantCulture) + " and the count) and exits 4 (bad data).\n" +
            "--shadow and --split compare a challenger with the champion (docs/monitoring.md).";

        /// <summary>How many refused rows the command names (the count says how many there were).</summary>
        internal const int RefusedRowsShown = 10;

        /// <inheritdoc />
        public override string ExitCodeHelp =>
            "0 run succeeded, every row scored, 2 bad arguments (unknown table or column), 3 stored model altered,\n" +
            "4 run succeeded but refused rows with bad values (the others are committed: fix the values and rerun,\n" +
            "or give --fallback), 5 no such model/alias/version, 6 store error or the run failed (rerun it: it resumes).";

        /// <inheritdoc />
        public override string Examples =>
            "dbscoring score-table churn@production --source customers --key CustomerId --target churn_scores\n" +
            "dbscoring score-table churn:2 --source customers --key CustomerId --target churn_scores --batch-size 20000 --log-inputs\n" +
            "dbscoring score-table churn@production --source customers --key CustomerId --target churn_reasons --explain 3\n" +
            "dbscoring score-table churn@production --source customers --key CustomerId --target churn_scores --shadow challenger --fallback :1\n" +
            "dbscoring score-table churn@production --source customers --key CustomerId --target churn_scores --split challenger:10\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            var reference = StoreAccess.ParseRef(args.Value(_reference)!);
            string source = args.Required(_source), target = args.Required(_target);
            var keys = args.Required(_key).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (keys.Length == 0) throw new UsageException("The option --key needs at least one column name.");
            int batchSize = args.Value(_batchSize);
            var split = Split(reference.Model, args.Value(_split));
            using var store = OpenStore(args, context);
            var version = StoreAccess.Resolve(store, reference);
            context.Error.WriteLine($"Scoring {source} with {version.Model} version {version.Version}{(reference.Alias != null ? " (" + reference.Alias + ")" : "")} into {target}, {batchSize:N0} rows per batch…");
            var run = ProgressDisplay.Run(context, $"{source} → {target}", progress => store.ScoreTable(new ScoreTableRequest
            {
                Model = reference,
                Source = source,
                KeyColumns = keys,
                Target = target,
                BatchSize = batchSize,
                LogInputs = args.Value(_logInputs),
                Explain = args.Value(_explain),
                Shadow = OtherVersion(reference.Model, args.Value(_shadow), "--shadow"),
                Split = split.Reference,
                SplitPercent = split.Percent,
                Fallback = OtherVersion(reference.Model, args.Value(_fallback), "--fallback"),
                Progress = p =>
                {
                    progress.Line($"  run {p.RunId}: batch {p.Batches} committed, {Plural.Count(p.RowsScored, "row")} scored");
                    progress.Report(p.RowsDone, p.RowsDone, p.RowsPending);
                },
            }));
            var refused = run.RowsRefused > 0 ? store.RefusedRows(run.RunId, RefusedRowsShown) : Array.Empty<RefusedRow>();
            int exit = run.RowsRefused > 0 ? ExitCodes.BadData : ExitCodes.Ok;
            if (args.Value(_json))
            {
                Json.Write(context.Out, refused.Count == 0 ? AuditRunsCommand.RunJson(run)
                    : Json.With(AuditRunsCommand.RunJson(run), "refusedRows", refused.Select(r => new { rowKey = r.RowKey, reason = r.Reason })));
                WriteRefused(context, run, keys, refused, args.Value(_fallback) != null);
                return exit;
            }
            long scored = run.RowsScored ?? 0, skipped = run.RowsSkipped ?? 0;
            context.Out.WriteLine($"Run {run.RunId} {run.Status}: {Plural.Count(scored, "row")} scored into {run.Target} with {run.Model}:{run.Version} " +
                                  $"in {Plural.Count(run.Batches ?? 0, "batch", "batches")}, {AuditRunsCommand.Seconds(run)} s ({AuditRunsCommand.RowsPerSecond(run)} rows/s)" +
                                  $"{(run.RowsByFallback > 0 ? $"; {run.RowsByFallback:N0} scored by the fallback" : "")}" +
                                  $"{(run.RowsRefused > 0 ? $"; {run.RowsRefused:N0} refused (Status 'Refused' in the target, with the reason)" : "")}" +
                                  $"{(skipped > 0 ? $"; {Plural.Count(skipped, "row")} with a NULL key skipped" : "")}.");
            if (args.Value(_shadow) != null) context.Out.WriteLine($"  shadow predictions logged: compare them with 'dbscoring audit compare --run {run.RunId}'");
            if (scored + (run.RowsByFallback ?? 0) + (run.RowsRefused ?? 0) == 0)
                context.Out.WriteLine(run.SourceRows switch
                {
                    0 => "  (the source has no rows: nothing to score)",
                    long n when n == skipped => "  (every row of the source has a NULL key: nothing to score)",
                    null => "  (no rows needed scoring: the source is empty, or every row was already scored by this version)",
                    _ => "  (every row was already scored by this version: nothing to do)",
                });
            else if (run.DriftLevel != null && run.RowsScored > 0)
                context.Out.WriteLine($"  drift against the training profile: {run.DriftLevel}{(run.DriftInputs != null ? " (" + run.DriftInputs.Replace(",", ", ") + ")" : "")}" +
                                      $"{(run.DriftLevel != "None" ? $" — see 'dbscoring audit drift --run {run.RunId}'" : "")}");
            WriteRefused(context, run, keys, refused, args.Value(_fallback) != null);
            return exit;
        }

        /// <summary>
        /// Bad data, said on stderr: which rows were refused (key = value, and the reason, which names the input and the
        /// value), how many in all, that the rest is committed, and what to do.
        /// </summary>
        private static void WriteRefused(CliContext context, ScoringRunInfo run, IReadOnlyList<string> keys, IReadOnlyList<RefusedRow> refused, bool hadFallback)
        {
            long count = run.RowsRefused ?? 0;
            if (count == 0) return;
            var e = context.Error;
            TerminalWriter.WriteError(e, $"run {run.RunId} refused {Plural.Count(count, "row")} of {run.Source}{(hadFallback ? " that the fallback could not score either" : "")} " +
                        $"(Status 'Refused' and the reason in {run.Target}); every other row is committed." +
                        (refused.Count == 0 ? "" : refused.Count < count ? $" The first {refused.Count}:" : ""));
            foreach (var row in refused) e.WriteLine($"  {KeyText(keys, row.RowKey)}: {row.Reason}");
            e.WriteLine(hadFallback
                ? "Fix those source values and run the same command again: it scores the refused rows only."
                : "Fix those source values and run the same command again (it scores the refused rows only), or give --fallback <alias|:version> to score such rows with another version.");
        }

        /// <summary>"CustomerId=217", or "Year=2026, Id=1042" for a key of several columns (the log joins them with '|').</summary>
        private static string KeyText(IReadOnlyList<string> keys, string rowKey)
        {
            var values = rowKey.Split('|');
            return values.Length == keys.Count
                ? string.Join(", ", keys.Select((k, i) => k + "=" + values[i]))
                : "(" + string.Join(", ", keys) + ")=" + rowKey; // a key value holding '|' itself: shown as logged
        }

        /// <summary>Another version of the same model, named by an alias or ":version"; null when the option is absent.</summary>
        internal static ModelRef? OtherVersion(string model, string? text, string option)
        {
            if (text == null) return null;
            string t = text.Trim();
            if (t.StartsWith(':'))
                return int.TryParse(t.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) && v >= 1
                    ? ModelRef.ForVersion(model, v) : throw new UsageException($"{option} ':{t.Substring(1)}' is not a version number (give :2, or an alias).");
            return ModelRef.ForAlias(model, StoreAccess.CheckAliasName(t));
        }

        private static (ModelRef? Reference, double Percent) Split(string model, string? text)
        {
            if (text == null) return (null, 0);
            int colon = text.LastIndexOf(':');
            if (colon <= 0 || !double.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double percent)
                || !(percent > 0 && percent < 100))
                throw new UsageException($"--split takes <alias|:version>:<percent> with a percent above 0 and below 100, e.g. challenger:10; '{text}' is not.");
            return (OtherVersion(model, text.Substring(0, colon), "--split"), percent);
        }
    }
}
