using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using DbScoring.Store;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring audit</c>: what an auditor asks — runs, predictions for a row, alias history, a run's inputs.</summary>
    public sealed class AuditCommand : CliCommandGroup
    {
        /// <inheritdoc />
        public override string Name => "audit";

        /// <inheritdoc />
        public override string Summary => "Audit trail: scoring runs, the predictions logged for a row key, where aliases pointed and who moved them.";

        /// <inheritdoc />
        public override string Details => "The log is append-only: the store refuses UPDATE and DELETE on it, except a retention purge that records\nwhat it removes first (dbscoring retention); 'audit verify' proves that nobody edited it behind the triggers.";

        /// <summary>The audit questions. To add one, add a <see cref="StoreCommand"/> here.</summary>
        public override IReadOnlyList<CliCommand> Subcommands { get; } = new CliCommand[]
        {
            new AuditRunsCommand(), new AuditPredictionsCommand(), new AuditAliasesCommand(), new AuditInputsCommand(),
            new AuditDriftCommand(), new AuditCompareCommand(), new AuditPerformanceCommand(), new AuditVerifyCommand(), new AuditReplayCommand(),
        };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 5 no such model or run, 6 store error, 7 the audit trail is broken (audit verify).";

        /// <inheritdoc />
        public override string Examples =>
            "dbscoring audit verify\n" +
            "dbscoring audit replay --run 3 --key 1042\n" +
            "dbscoring audit runs --model churn --limit 5\n" +
            "dbscoring audit predictions --key 1042 --model churn\n" +
            "dbscoring audit aliases --model churn --at 2026-03-01T09:00:00Z\n" +
            "dbscoring audit inputs --run 12\n" +
            "dbscoring audit drift --run 12 --plot run12.png\n";
    }

    /// <summary>Options the audit questions share.</summary>
    internal static class AuditOptions
    {
        public static Option<string> Model() => CliOptions.Text("--model", "only this model", "model");

        /// <summary>The model as the store spells it, or null when --model was not given.</summary>
        public static string? Resolve(string? model, IModelStore store) => model is { } m ? StoreAccess.RequireModel(store, m).Model : null;
    }

    /// <summary><c>dbscoring audit runs</c>.</summary>
    public sealed class AuditRunsCommand : StoreCommand
    {
        private readonly Option<string> _model = AuditOptions.Model();
        private readonly Option<int> _limit = CliOptions.Int("--limit", "at most n runs", 20, 1, 100_000);
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "runs";

        /// <inheritdoc />
        public override string Summary => "Scoring runs, newest first: model version and blob hash, source → target, status, rows scored, by the fallback and refused, duration, rows/s, drift, who, error.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _limit, _json };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring audit runs --model churn --limit 5\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            int limit = args.Value(_limit);
            string? name = args.Value(_model);
            if (name != null) StoreAccess.CheckModelName(name);
            using var store = OpenStore(args, context);
            var runs = store.ListRuns(AuditOptions.Resolve(name, store), limit);
            if (args.Value(_json))
            {
                Json.Write(context.Out, runs.Select(RunJson));
                return ExitCodes.Ok;
            }
            if (runs.Count == 0) { context.Out.WriteLine("No scoring runs recorded."); return ExitCodes.Ok; }
            var table = new TextTable("RUN", "MODEL", "VERSION", "ALIAS", "SOURCE", "TARGET", "STATUS", "ROWS", "FALLBACK", "REFUSED", "SECONDS", "ROWS/S", "DRIFT", "BY", "STARTED (UTC)", "BLOB SHA256", "ERROR");
            foreach (var r in runs)
                table.Add(r.RunId, r.Model, r.Version, r.Alias, r.Source, r.Target, r.Status, r.RowsScored, Count(r.RowsByFallback), Count(r.RowsRefused), r.DurationMs.HasValue ? Seconds(r) : null,
                    r.RowsPerSecond.HasValue ? RowsPerSecond(r) : null,
                    r.DriftInputs != null ? $"{r.DriftLevel} ({r.DriftInputs})" : r.DriftLevel, r.RunBy, r.StartedAt,
                    r.BlobSha256 is { Length: > 16 } s ? s.Substring(0, 16) + "…" : r.BlobSha256, r.Error);
            table.Write(context.Out);
            return ExitCodes.Ok;
        }

        /// <summary>A counter that is zero or unknown stays blank, so the rows that need a look stand out.</summary>
        private static long? Count(long? rows) => rows > 0 ? rows : null;

        /// <summary>The run's rows/s as every command prints it (rounded to a whole number), so the run line and this table agree.</summary>
        internal static string RowsPerSecond(ScoringRunInfo r) => Math.Round(r.RowsPerSecond ?? 0).ToString("N0", CultureInfo.InvariantCulture);

        /// <summary>The run's duration in seconds as every command prints it.</summary>
        internal static string Seconds(ScoringRunInfo r) => ((r.DurationMs ?? 0) / 1000.0).ToString("N2", CultureInfo.InvariantCulture);

        /// <summary>A scoring run as JSON.</summary>
        internal static object RunJson(ScoringRunInfo r) => new
        {
            runId = r.RunId, model = r.Model, version = r.Version, modelVersionId = r.ModelVersionId, alias = r.Alias, blobSha256 = r.BlobSha256,
            source = r.Source, target = r.Target, keyColumns = r.KeyColumns, status = r.Status, startedAt = r.StartedAt, endedAt = r.EndedAt,
            rowsScored = r.RowsScored, rowsByFallback = r.RowsByFallback, rowsRefused = r.RowsRefused, rowsSkipped = r.RowsSkipped, batches = r.Batches, durationMs = r.DurationMs, rowsPerSecond = r.RowsPerSecond,
            error = r.Error, runBy = r.RunBy, command = r.Command, driftLevel = r.DriftLevel, driftInputs = r.DriftInputs,
        };
    }

    /// <summary><c>dbscoring audit predictions</c>.</summary>
    public sealed class AuditPredictionsCommand : StoreCommand
    {
        private readonly Option<string> _key = CliOptions.RequiredText("--key", "the row key (key values joined with '|', e.g. 1042 or 2026|1042)", "row key");
        private readonly Option<string> _model = AuditOptions.Model();
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "predictions";

        /// <inheritdoc />
        public override string Summary => "Every logged prediction for a row key, oldest first: run, version, blob hash, label, score, probability, inputs.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _key, _model, _json };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok (also when nothing is logged for the key), 2 bad arguments, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring audit predictions --key 1042 --model churn\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string key = args.Required(_key);
            string? name = args.Value(_model);
            if (name != null) StoreAccess.CheckModelName(name);
            using var store = OpenStore(args, context);
            var predictions = store.PredictionsForKey(key, AuditOptions.Resolve(name, store));
            // One command answers "which version scored this row, and who had put it there": the aliases that pointed at the
            // version when the prediction was made, each with who had moved it there and when.
            var aliasesThen = predictions.Select(p => store.AliasesAsOf(p.PredictedAt, p.Model).Where(a => a.Version == p.Version).ToList()).ToList();
            if (args.Value(_json))
            {
                Json.Write(context.Out, predictions.Select((p, n) => new
                {
                    predictionLogId = p.PredictionLogId, runId = p.RunId, rowKey = p.RowKey, model = p.Model, version = p.Version, modelVersionId = p.ModelVersionId,
                    blobSha256 = p.BlobSha256, inputsSha256 = p.InputsSha256, inputs = p.InputsJson, predictedLabel = p.PredictedLabel,
                    predictedClass = p.PredictedClass, score = p.Score, probability = p.Probability, predictedAt = p.PredictedAt,
                    explanation = p.ExplanationJson,
                    aliases = aliasesThen[n].Select(a => new { alias = a.Alias, promotedBy = a.MovedBy, promotedAt = a.MovedAt }),
                }));
                return ExitCodes.Ok;
            }
            if (predictions.Count == 0) { context.Out.WriteLine($"No predictions logged for key '{key}'."); return ExitCodes.Ok; }
            bool explained = predictions.Any(p => p.ExplanationJson != null);
            var headers = new List<string> { "WHEN (UTC)", "RUN", "MODEL", "VERSION", "ALIAS THEN (PROMOTED BY)", "LABEL", "SCORE", "PROBABILITY", "BLOB SHA256", "INPUTS" };
            if (explained) headers.Add("TOP REASONS");
            var table = new TextTable(headers.ToArray());
            foreach (var (p, n) in predictions.Select((p, n) => (p, n)))
            {
                string aliases = aliasesThen[n].Count == 0 ? "(none)" : string.Join(", ", aliasesThen[n].Select(a => $"{a.Alias} ({a.MovedBy}, {StoreAccess.Time(a.MovedAt)})"));
                var cells = new List<object?> { p.PredictedAt, p.RunId, p.Model, p.Version, aliases, p.PredictedLabel, p.Score, p.Probability, p.BlobSha256.Substring(0, 16) + "…",
                    p.InputsJson ?? "inputs sha256 " + p.InputsSha256.Substring(0, 16) + "…" };
                if (explained) cells.Add(ReasonText.Top(p.ExplanationJson, 3));
                table.Add(cells.ToArray());
            }
            context.Out.WriteLine($"Predictions logged for key '{key}':");
            table.Write(context.Out);
            return ExitCodes.Ok;
        }
    }

    /// <summary><c>dbscoring audit aliases</c>.</summary>
    public sealed class AuditAliasesCommand : StoreCommand
    {
        private readonly Option<string> _model = AuditOptions.Model();
        private readonly Option<string> _at = CliOptions.Text("--at", "the moment to look at, e.g. 2026-03-01T09:00:00Z (ISO 8601; no zone = UTC); default: now", "UTC time");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "aliases";

        /// <inheritdoc />
        public override string Summary => "Which version each alias pointed at, at --at (default: now), then every move with who, when and why.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _at, _json };

        /// <inheritdoc />
        public override string Details => "Rollbacks are moves too: the history shows every one.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring audit aliases --model churn --at 2026-03-01T09:00:00Z\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            DateTime at = DateTime.UtcNow;
            if (args.Value(_at) is { } text &&
                !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out at))
                throw new UsageException($"--at must be a UTC time such as 2026-03-01T09:00:00Z; '{text}' is not.");
            string? name = args.Value(_model);
            if (name != null) StoreAccess.CheckModelName(name);
            using var store = OpenStore(args, context);
            string? model = AuditOptions.Resolve(name, store);
            var pointers = store.AliasesAsOf(at, model);
            var models = model != null ? new[] { model } : store.ListModels().Select(m => m.Model).ToArray();
            var history = models.SelectMany(m => store.AliasHistory(m)).ToList();
            if (args.Value(_json))
            {
                Json.Write(context.Out, new
                {
                    at = StoreAccess.PreciseTime(at),
                    pointers = pointers.Select(p => new { model = p.Model, alias = p.Alias, version = p.Version, modelVersionId = p.ModelVersionId, blobSha256 = p.BlobSha256, movedBy = p.MovedBy, movedAt = p.MovedAt }),
                    history = history.Select(h => new { model = h.Model, alias = h.Alias, fromVersion = h.FromVersion, toVersion = h.ToVersion, movedBy = h.MovedBy, movedAt = h.MovedAt, reason = h.Reason }),
                });
                return ExitCodes.Ok;
            }
            var o = context.Out;
            o.WriteLine($"Aliases as of {StoreAccess.PreciseTime(at)}:");
            if (pointers.Count == 0) o.WriteLine("  (no alias existed then)");
            else
            {
                var table = new TextTable("MODEL", "ALIAS", "VERSION", "BLOB SHA256", "SINCE (UTC)", "MOVED BY");
                foreach (var p in pointers) table.Add(p.Model, p.Alias, p.Version, p.BlobSha256.Substring(0, 16) + "…", p.MovedAt, p.MovedBy);
                table.Write(o, "  ");
            }
            o.WriteLine();
            o.WriteLine("Alias history (every move, oldest first):");
            if (history.Count == 0) o.WriteLine("  (no moves)");
            else
            {
                var table = new TextTable("WHEN (UTC)", "MODEL", "ALIAS", "FROM", "TO", "BY", "REASON");
                foreach (var h in history.OrderBy(h => h.MovedAt))
                    table.Add(StoreAccess.PreciseTime(h.MovedAt), h.Model, h.Alias, h.FromVersion?.ToString(CultureInfo.InvariantCulture) ?? "-", h.ToVersion, h.MovedBy, h.Reason);
                table.Write(o, "  ");
            }
            return ExitCodes.Ok;
        }
    }

    /// <summary><c>dbscoring audit inputs</c>.</summary>
    public sealed class AuditInputsCommand : StoreCommand
    {
        private readonly Option<string> _run = CliOptions.RequiredText("--run", "the scoring run (see audit runs)", "run id");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "inputs";

        /// <inheritdoc />
        public override string Summary => "Per model input of one run: rows, missing values, unseen categories, values below/above the training range.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _run, _json };

        /// <inheritdoc />
        public override string Details =>
            "The range is the one seen when the model was converted; shares that grow from run to run signal drift.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 5 no statistics for the run (no such run, or it scored no rows), 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring audit inputs --run 12\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string text = args.Required(_run);
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long runId) || runId < 1)
                throw new UsageException($"The option --run must be a run id (a whole number from 1); '{text}' is not.");
            using var store = OpenStore(args, context);
            var statistics = store.InputStatistics(runId);
            if (args.Value(_json))
            {
                Json.Write(context.Out, statistics);
                return ExitCodes.Ok;
            }
            if (statistics.Count == 0)
            {
                context.Out.WriteLine($"No input statistics recorded for run {runId} (no such run, or it scored no rows).");
                return ExitCodes.NotFound;
            }
            WriteTable(context.Out, statistics);
            return ExitCodes.Ok;
        }

        /// <summary>Per-input statistics as a table (also printed by <c>score</c> at the end of a file run).</summary>
        internal static void WriteTable(System.IO.TextWriter o, IReadOnlyList<InputStatistics> statistics, string indent = "")
        {
            static string Share(long count, long rows) => rows == 0 ? "" : (100.0 * count / rows).ToString("0.0", CultureInfo.InvariantCulture) + "%";
            var table = new TextTable("INPUT", "ROWS", "MISSING", "UNSEEN CATEGORY", "BELOW RANGE", "ABOVE RANGE");
            foreach (var s in statistics)
                table.Add(s.InputName, s.Rows, $"{s.Missing} ({Share(s.Missing, s.Rows)})", $"{s.UnseenCategories} ({Share(s.UnseenCategories, s.Rows)})",
                    $"{s.BelowRange} ({Share(s.BelowRange, s.Rows)})", $"{s.AboveRange} ({Share(s.AboveRange, s.Rows)})");
            table.Write(o, indent);
        }
    }
}
