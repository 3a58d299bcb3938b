using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring audit compare</c>: how a run's shadow version scored compared with its primary.</summary>
    public sealed class AuditCompareCommand : StoreCommand
    {
        private readonly Option<string> _run = CliOptions.RequiredText("--run", "a run scored with --shadow (see audit runs)", "run id");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "compare";

        /// <inheritdoc />
        public override string Summary => "Champion against shadow for one run: rows, label agreement, mean/max |Δ score|, score PSI, label confusion table.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _run, _json };

        /// <inheritdoc />
        public override string Details =>
            "Pairs every row the primary and the shadow both scored in the run. The PSI compares the shadow's score\n" +
            "distribution with the primary's over the primary's deciles: below 0.1 the two versions score the population\n" +
            "alike, above 0.25 very differently. Label agreement and the confusion table show where their decisions differ.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments or a run without shadow predictions, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring audit compare --run 14\ndbscoring audit compare --run 14 --json\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            long runId = AuditDriftCommand.RunId(args.Required(_run));
            using var store = OpenStore(args, context);
            var c = store.CompareShadow(runId);
            if (args.Value(_json)) { Json.Write(context.Out, c); return ExitCodes.Ok; }
            static string N(double? v, string format) => v.HasValue ? v.Value.ToString(format, CultureInfo.InvariantCulture) : "–";
            var o = context.Out;
            o.WriteLine($"Run {runId}: {c.Model} version {c.PrimaryVersion} (primary) against version {c.ShadowVersion} (shadow), {Plural.Count(c.Rows, "row")} scored by both");
            o.WriteLine($"  label agreement      {(c.LabelAgreement.HasValue ? N(100 * c.LabelAgreement, "0.00") + "%" : "–")}");
            o.WriteLine($"  mean |Δ score|       {N(c.MeanAbsScoreDifference, "0.0000")}");
            o.WriteLine($"  max |Δ score|        {N(c.MaxAbsScoreDifference, "0.0000")}");
            o.WriteLine($"  score PSI            {N(c.ScorePsi, "0.0000")}");
            if (c.Confusion.Count > 0)
            {
                var table = new TextTable("PRIMARY LABEL", "SHADOW LABEL", "ROWS", "SHARE");
                foreach (var cell in c.Confusion) table.Add(cell.PrimaryLabel, cell.ShadowLabel, cell.Rows, N(100.0 * cell.Rows / System.Math.Max(1, c.Rows), "0.00") + "%");
                table.Write(o);
            }
            return ExitCodes.Ok;
        }
    }
}
