using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Conversion;
using DbScoring.Runtime;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring inspect</c>: what a model file holds.</summary>
    public sealed class InspectCommand : CliCommand
    {
        /// <inheritdoc />
        public override string Name => "inspect";

        /// <inheritdoc />
        public override string Summary => "Show a model's inputs, pipeline, predictor, source, size, hash and parity figures (.dbsm, ML.NET .zip, XGBoost .json/.ubj).";

        private readonly Argument<string> _file = CliOptions.Argument("file", "the model file: a .dbsm blob, an ML.NET .zip, an XGBoost .json/.ubj or an ONNX .onnx");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override IEnumerable<Symbol> Symbols => new Symbol[] { _file, _json };

        /// <inheritdoc />
        public override string Details =>
            "For a .dbsm blob: verifies it (magic, version, SHA-256, every component) and describes it: how its trees are\n" +
            "evaluated (QuickScorer, and whether the test order came precomputed in the blob, section 8), its training profile\n" +
            "(per input the missing share and bins or category shares; the Score distribution) or \"no profile\", and the\n" +
            "memory the loaded model keeps (its objects, 64-bit layout; JSON residentBytes).\n" +
            "For an ML.NET .zip, an XGBoost .json/.ubj or an ONNX .onnx: converts it in memory through the parity gate (synthetic rows) and describes\n" +
            "the result, or says which component prevents conversion. Nothing is written.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 3 bad model (corrupt blob, unsupported component), 4 file missing.";

        /// <inheritdoc />
        public override string Examples => "dbscoring inspect churn.dbsm\ndbscoring inspect churn.zip --json\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string path = args.Value(_file)!;
            var (model, blob, conversion) = ModelFiles.Open(path, new ConversionOptions());
            if (args.Value(_json)) Json.Write(context.Out, Describe(model, blob, conversion != null));
            else Print(context.Out, model, blob, path, conversion != null);
            return ExitCodes.Ok;
        }

        /// <summary>A JSON-friendly description of a model.</summary>
        public static object Describe(ScoringModel model, byte[] blob, bool convertedFromZip) => new
        {
            kind = model.Kind.ToString(),
            formatVersion = model.FormatVersion,
            blobSha256 = ModelHashes.BlobSha256(blob),
            contentHash = model.ContentHashHex,
            bytes = blob.Length,
            residentBytes = ModelMemory.ResidentBytes(model),
            convertedInMemory = convertedFromZip,
            source = new { format = model.Metadata.TryGetValue("source.format", out var f) ? f : "ML.NET zip", description = SourceOf(model.Metadata) },
            parityOracle = OracleOf(model.Metadata),
            classLabels = model.ClassLabels,
            inputs = model.Inputs.Select(i => new
            {
                name = i.Name, kind = i.Kind.ToString(), categories = i.Categories,
                sampleMin = double.IsNaN(i.TrainingMin) ? (double?)null : i.TrainingMin,
                sampleMax = double.IsNaN(i.TrainingMax) ? (double?)null : i.TrainingMax,
            }),
            pipeline = model.Definition.Transforms.Select(t => t.Kind.ToString()),
            predictor = model.Definition.Predictor.Kind.ToString(),
            featureCount = model.Definition.Predictor.FeatureCount,
            trees = model.TreeEvaluation,
            metadata = model.Metadata,
            profile = ProfileReport.Describe(model.Profile),
        };

        private static void Print(TextWriter o, ScoringModel model, byte[] blob, string path, bool converted)
        {
            var meta = model.Metadata;
            o.WriteLine($"{Path.GetFileName(path)}{(converted ? " (converted in memory)" : "")}");
            o.WriteLine($"  name:       {Get(meta, "name")}");
            o.WriteLine($"  task:       {model.Kind}{(model.ClassLabels.Count > 0 ? " [" + string.Join(", ", model.ClassLabels) + "]" : "")}");
            o.WriteLine($"  algorithm:  {Get(meta, "algorithm")}");
            o.WriteLine($"  format:     {model.FormatVersion}, {blob.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes");
            o.WriteLine($"  memory:     {ModelMemory.ResidentBytes(model).ToString("N0", CultureInfo.InvariantCulture)} bytes when loaded (the objects the loaded model keeps, 64-bit layout)");
            o.WriteLine($"  blob sha256:  {ModelHashes.BlobSha256(blob)}{(converted ? "" : $"  (= sha256sum {Path.GetFileName(path)})")}");
            o.WriteLine($"  content hash: {model.ContentHashHex}  (the format's trailer; = head -c -32 <file.dbsm> | sha256sum)");
            o.WriteLine($"  source:     {Get(meta, "source.name")} ({SourceOf(meta)}; source sha256 {Get(meta, "source.sha256")})");
            o.WriteLine($"  parity:     {Get(meta, "parity.rows")} rows ({Get(meta, "parity.sample")}) against {OracleOf(meta)}, max |Δscore| {Get(meta, "parity.maxScoreDifference")}, " +
                        $"max |Δprobability| {Get(meta, "parity.maxProbabilityDifference")}, {Get(meta, "parity.labelMismatches")} label mismatches" +
                        (meta.TryGetValue("parity.oracleRefusedRows", out var refused) ? $"; {refused} rows the oracle could not score left out ({Get(meta, "parity.oracleRefusal")})" : ""));
            o.WriteLine($"  pipeline:   {string.Join(" → ", model.Definition.Transforms.Select(t => t.Kind))} → {model.Definition.Predictor.Kind} ({model.Definition.Predictor.FeatureCount} features)");
            if (model.TreeEvaluation != null) o.WriteLine($"  trees:      {model.TreeEvaluation}");
            o.WriteLine($"  inputs ({model.Inputs.Count}):");
            int width = model.Inputs.Count == 0 ? 4 : model.Inputs.Max(i => i.Name.Length);
            foreach (var input in model.Inputs)
            {
                string categories = input.Categories.Count == 0 ? ""
                    : $"  {input.Categories.Count} categories: {string.Join(", ", input.Categories.Take(6))}{(input.Categories.Count > 6 ? ", …" : "")}";
                string range = double.IsNaN(input.TrainingMin) ? "" : $"  range [{input.TrainingMin.ToString("G6", CultureInfo.InvariantCulture)}, {input.TrainingMax.ToString("G6", CultureInfo.InvariantCulture)}]";
                o.WriteLine($"    {input.Name.PadRight(width)}  {input.Kind,-7}{categories}{range}");
            }
            ProfileReport.Print(o, model.Profile);
        }

        /// <summary>"XGBoost JSON, XGBoost 1.7.4" (the library that saved the model; for ML.NET the one that read it); blobs converted before format 1.1 recorded only the ML.NET version.</summary>
        internal static string SourceOf(IReadOnlyDictionary<string, string> meta) =>
            meta.ContainsKey("source.format")
                ? $"{Get(meta, "source.format")}, {Get(meta, "source.library")} {Get(meta, "source.version")}"
                : $"ML.NET zip, ML.NET {Get(meta, "mlnet.version")}";

        /// <summary>What scored the parity rows beside DbScoring; ML.NET for blobs that predate the parity.oracle key.</summary>
        internal static string OracleOf(IReadOnlyDictionary<string, string> meta) =>
            meta.TryGetValue("parity.oracle", out var oracle) ? oracle : "ML.NET " + Get(meta, "mlnet.version");

        private static string Get(IReadOnlyDictionary<string, string> meta, string key) => meta.TryGetValue(key, out var v) ? v : "?";
    }
}
