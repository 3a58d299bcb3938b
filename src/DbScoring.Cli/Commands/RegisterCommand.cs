using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Security.Cryptography;
using DbScoring.Conversion;
using DbScoring.Store;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring register</c>: converts (parity gate) or validates a model and stores it as a new immutable version.</summary>
    public sealed class RegisterCommand : StoreCommand
    {
        /// <inheritdoc />
        public override string Name => "register";

        /// <inheritdoc />
        public override string Summary => "Register an ML.NET (.zip), XGBoost (.json, .ubj) or ONNX (.onnx) model, converted through the parity gate, or a .dbsm blob as a new version.";

        private readonly Argument<string> _file = CliOptions.Argument("file", "the model: an ML.NET .zip, XGBoost .json/.ubj or ONNX .onnx (converted through the parity gate) or a .dbsm blob");
        private readonly Option<string> _name = CliOptions.RequiredText("--name", "model name: a letter, then letters, digits and _", "model");
        private readonly Option<string> _sample = CliOptions.Text("--sample", "models to convert only: real rows for the parity gate (default: synthetic rows)", "data.csv");
        private readonly Option<string> _profile = CliOptions.Text("--profile", "models to convert only: training or reference rows for the training profile stored in the blob (default: the --sample rows)", "data.csv");
        private readonly Option<string> _alias = CliOptions.Text("--alias", "also point this alias at the version (e.g. staging, production)", "alias");
        private readonly Option<string> _notes = CliOptions.Text("--notes", "free text kept with the version", "text");
        private readonly Option<string> _featureNames = CliOptions.Text("--feature-names",
            "XGBoost and ONNX [N, F] inputs only: input names of the model's features, in order (default: its own, else f0, f1, ...)", "a,b,c|@names.txt");
        private readonly Option<int> _target = ConvertCommand.TargetOption();
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _file, _name, _sample, _profile, _featureNames, _target, _alias, _notes, _json };

        /// <inheritdoc />
        public override string Details =>
            "An ML.NET .zip, XGBoost .json/.ubj or ONNX .onnx is converted and checked against its own runtime (the parity gate,\n" +
            "see 'dbscoring convert');\n" +
            "a .dbsm blob is verified (magic, version, SHA-256, every component). The blob is then stored as the next\n" +
            "version of <model> (created on first use). Versions are immutable. Registering the same bytes again\n" +
            "changes nothing and reports 'already registered as version N'. With --alias the alias is moved to the\n" +
            "version (a promote, kept in the alias history).";

        /// <inheritdoc />
        public override string ExitCodeHelp =>
            "0 registered (or already registered), 2 bad arguments, 3 model refused (unsupported\n" +
            "component, parity gate failed, corrupt blob), 4 file missing, 6 store error (not installed, read-only).";

        /// <inheritdoc />
        public override string Examples =>
            "dbscoring register churn.zip --name churn --sample customers.csv\n" +
            "dbscoring register churn.dbsm --name churn --alias staging --notes \"retrained on March data\"\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string path = args.Value(_file)!;
            string name = StoreAccess.CheckModelName(args.Required(_name));
            string? alias = args.Value(_alias) is { } a ? StoreAccess.CheckAliasName(a) : null;
            string? sample = args.Value(_sample);
            ModelFiles.RequireFile(path);
            bool isBlob = ModelFiles.IsBlob(path);
            string? profile = args.Value(_profile);
            if (isBlob && sample != null) throw new UsageException("--sample applies to models that are converted (the parity gate); a .dbsm blob is verified as it is.");
            if (isBlob && profile != null) throw new UsageException("--profile applies to models that are converted: a .dbsm blob is stored as it is (convert it again with --profile to add one).");
            if (isBlob && args.Value(_featureNames) != null) throw new UsageException("--feature-names applies to XGBoost and ONNX models that are converted; a .dbsm blob keeps its input names.");
            if (isBlob && args.Given(_target)) throw new UsageException("--target applies to ONNX regressors with several targets that are converted; a .dbsm blob scores the target it was converted for.");
            if (sample != null) ModelFiles.RequireFile(sample);
            if (profile != null) ModelFiles.RequireFile(profile);

            using var store = OpenStore(args, context);
            var (model, blob, conversion) = ConvertCommand.WithReadProgress(context, path, sample, profile, read =>
                ModelFiles.Open(path, new ConversionOptions { SamplePath = sample, ProfilePath = profile, Name = name, FeatureNames = FeatureNameList.Parse(args.Value(_featureNames)), Target = ConvertCommand.TargetValue(args, _target), ReadProgress = read }));
            var result = store.RegisterVersion(new RegisterRequest
            {
                Model = name,
                Blob = blob,
                SourceArtifactName = Path.GetFileName(path),
                SourceArtifactSha256 = isBlob ? null : System.Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))),
                Notes = args.Value(_notes),
            });
            AliasMove? move = alias != null ? store.SetAlias(result.Model, alias, result.Version) : null;

            if (args.Value(_json))
            {
                Json.Write(context.Out, new
                {
                    model = result.Model, version = result.Version, modelVersionId = result.ModelVersionId, isNew = result.IsNew,
                    blobSha256 = result.BlobSha256, bytes = blob.Length, kind = model.Kind.ToString(), store = store.DisplayName,
                    parity = conversion != null ? Json.Parity(conversion.Parity) : null, profile = ConvertCommand.ProfileSummary(model),
                    alias = move == null ? null : new { alias = move.Alias, fromVersion = move.FromVersion, toVersion = move.ToVersion, moved = move.Moved },
                });
                return ExitCodes.Ok;
            }
            var o = context.Out;
            if (conversion != null) o.WriteLine($"Converted {Path.GetFileName(path)}: parity {conversion.Parity}");
            if (result.IsNew)
                o.WriteLine($"Registered {result.Model} version {result.Version} in {store.DisplayName} ({blob.Length:N0} bytes, {model.Kind}, blob sha256 {result.BlobSha256}).");
            else
                o.WriteLine($"These bytes are already registered as version {result.Version} of {result.Model} (blob sha256 {result.BlobSha256}); nothing was added.");
            if (move != null)
                o.WriteLine(move.Moved
                    ? $"Alias {move.Alias}: {(move.FromVersion.HasValue ? "version " + move.FromVersion : "(new)")} → version {move.ToVersion}."
                    : $"Alias {move.Alias} already points at version {move.ToVersion}; nothing moved.");
            return ExitCodes.Ok;
        }
    }
}
