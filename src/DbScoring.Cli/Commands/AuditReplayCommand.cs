using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring audit replay</c>: scores a logged prediction again with the logged model bytes and inputs.</summary>
    public sealed class AuditReplayCommand : StoreCommand
    {
        private readonly Option<string> _run = CliOptions.RequiredText("--run", "the scoring run (see audit runs)", "run id");
        private readonly Option<string> _key = CliOptions.RequiredText("--key", "the row key (key values joined with '|', e.g. 1042)", "row key");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "replay";

        /// <inheritdoc />
        public override string Summary => "Score a logged prediction again from its logged inputs with the exact logged model bytes; show logged vs replayed.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _run, _key, _json };

        /// <inheritdoc />
        public override string Details =>
            "Takes the prediction the run logged for the row key, loads the model version that made it (its stored bytes,\n" +
            "verified against the SHA-256 logged with the prediction), sets the logged inputs exactly as scoring did, scores\n" +
            "with this runtime and compares label, class, score, probability and class scores bit for bit. 'identical' is\n" +
            "the proof that the stored prediction came from that model and those inputs. A run scored without\n" +
            "--log-inputs kept only the inputs' SHA-256: it cannot be replayed, and replay says so.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 identical, 2 bad arguments, 3 the stored model bytes were altered, 5 no such prediction or no logged inputs, 6 store error, 7 the replay differs.";

        /// <inheritdoc />
        public override string Examples => "dbscoring audit replay --run 3 --key 1042\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string text = args.Required(_run), key = args.Required(_key);
            if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long runId) || runId < 1)
                throw new UsageException($"The option --run must be a run id (a whole number from 1); '{text}' is not.");
            using var store = OpenStore(args, context);
            var result = store.ReplayPrediction(runId, key) ?? throw new NotFoundException($"Run {runId} logged no prediction for the row key '{key}' (see audit predictions --key {key}).");
            int code = !result.InputsLogged ? ExitCodes.NotFound : result.Identical ? ExitCodes.Ok : ExitCodes.AuditTrailBroken;
            if (args.Value(_json))
            {
                Json.Write(context.Out, new
                {
                    runId = result.RunId, rowKey = result.RowKey, predictionLogId = result.PredictionLogId, model = result.Model, version = result.Version,
                    blobSha256 = result.BlobSha256, inputsLogged = result.InputsLogged, inputs = result.InputsJson, logged = result.Logged, replayed = result.Replayed,
                    identical = result.Identical, differences = result.Differences,
                });
                return code;
            }
            var o = context.Out;
            o.WriteLine($"Prediction {result.PredictionLogId}: run {result.RunId}, key '{result.RowKey}', {result.Model} version {result.Version}, model bytes {result.BlobSha256}");
            if (!result.InputsLogged)
            {
                o.WriteLine($"  Run {result.RunId} was scored without --log-inputs: only the SHA-256 of the inputs was kept, so this prediction cannot be replayed.");
                return code;
            }
            o.WriteLine($"  inputs: {result.InputsJson}");
            var table = new TextTable("OUTPUT", "LOGGED", "REPLAYED");
            table.Add("Status", result.Logged.Status, result.Replayed!.Status);
            if (result.Logged.Reason != null || result.Replayed.Reason != null) table.Add("Reason", result.Logged.Reason, result.Replayed.Reason);
            table.Add("PredictedLabel", result.Logged.PredictedLabel, result.Replayed.PredictedLabel);
            table.Add("PredictedClass", result.Logged.PredictedClass, result.Replayed.PredictedClass);
            table.Add("Score", F(result.Logged.Score), F(result.Replayed.Score));
            table.Add("Probability", F(result.Logged.Probability), F(result.Replayed.Probability));
            if (result.Logged.ClassScores != null || result.Replayed.ClassScores != null) table.Add("ClassScores", result.Logged.ClassScores, result.Replayed.ClassScores);
            table.Write(o, "  ");
            if (result.Identical)
                o.WriteLine(result.Replayed.Status == "Refused"
                    ? "  identical: these model bytes refuse these inputs again, for the same reason."
                    : "  identical: the logged prediction is exactly what these model bytes give for these inputs.");
            else foreach (string difference in result.Differences) context.Error.WriteLine("  DIFFERENT " + difference);
            return code;
        }

        private static string? F(float? value) => value?.ToString("R", CultureInfo.InvariantCulture);
    }
}
