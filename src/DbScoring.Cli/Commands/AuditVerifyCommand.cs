using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring audit verify</c>: recomputes the tamper-evident audit chain and names the first broken link.</summary>
    public sealed class AuditVerifyCommand : StoreCommand
    {
        private readonly Option<string> _model = AuditOptions.Model();
        private readonly Option<string> _run = CliOptions.Text("--run", "only the links of this scoring run", "run id");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "verify";

        /// <inheritdoc />
        public override string Summary => "Recompute the SHA-256 chain over versions, alias moves, runs and logged predictions; report the first broken link.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _run, _json };

        /// <inheritdoc />
        public override string Details =>
            "Every registration, alias move, run start and end, and committed batch of logged predictions has a\n" +
            "SHA-256 link chained to the previous link of its model. verify recomputes them from the rows as they are\n" +
            "now: an edited, deleted or inserted row — even by someone who bypassed the append-only triggers — breaks\n" +
            "the chain, and the first broken link is named (table, run, batch, expected and found digest). The head\n" +
            "digest of each model is printed: keep it elsewhere to detect a rewrite of the whole chain later\n" +
            "(docs/audit.md says what verify proves and what it does not). Against a SQL Server store the server\n" +
            "recomputes the chain (scoring.VerifyAuditTrail, granted to ScoringAuditor).";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 the trail is intact, 2 bad arguments, 5 no such model, 6 store error, 7 the trail is broken.";

        /// <inheritdoc />
        public override string Examples => "dbscoring audit verify\ndbscoring audit verify --model churn --run 12 --json\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string? name = args.Value(_model);
            if (name != null) StoreAccess.CheckModelName(name);
            long? runId = null;
            if (args.Value(_run) is { } text)
            {
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long id) || id < 1)
                    throw new UsageException($"The option --run must be a run id (a whole number from 1); '{text}' is not.");
                runId = id;
            }
            using var store = OpenStore(args, context);
            var result = store.VerifyAuditTrail(AuditOptions.Resolve(name, store), runId);
            int code = result.Intact ? ExitCodes.Ok : ExitCodes.AuditTrailBroken;
            if (args.Value(_json))
            {
                var b = result.Break;
                Json.Write(context.Out, new
                {
                    intact = result.Intact, linksChecked = result.LinksChecked, predictionRowsChecked = result.PredictionRowsChecked,
                    heads = result.Heads.Select(h => new { model = h.Model, links = h.Links, digest = h.Digest }),
                    broken = b == null ? null : new { table = b.Table, model = b.Model, runId = b.RunId, batch = b.Batch, rowId = b.RowId, linkId = b.LinkId, expected = b.Expected, found = b.Found, problem = b.Problem },
                    notes = result.Notes,
                });
                return code;
            }
            if (result.Intact)
            {
                context.Out.WriteLine($"Audit trail OK: {result.LinksChecked:N0} links and {result.PredictionRowsChecked:N0} logged predictions recomputed, nothing altered.");
                foreach (var head in result.Heads) context.Out.WriteLine($"  {head.Model}: {head.Links:N0} links, head digest {head.Digest}");
            }
            else
            {
                context.Error.WriteLine($"Audit trail BROKEN at {result.Break}.");
                context.Error.WriteLine("Someone changed the store behind its append-only triggers (or restored an altered copy). Keep this file as evidence.");
            }
            foreach (string note in result.Notes) context.Out.WriteLine("  note: " + note);
            return code;
        }
    }
}
