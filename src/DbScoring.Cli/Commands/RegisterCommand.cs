using System.Collections.Generic;
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
        public override string Summary => "Register an ML.NET model (.zip, converted through the parity gate) or a .dbsm blob as a new version.";

        /// <inheritdoc />
        protected override IEnumerable<string> CommandOptions => new[] { "--name", "--sample", "--alias", "--notes" };

        /// <inheritdoc />
        public override string Help =>
            "Usage: dbscoring register <mlnet.zip|file.dbsm> --name <model> [--sample <csv>] [--alias <alias>] [--notes <text>] [--store <spec>] [--json]\n\n" +
            "An ML.NET .zip is converted and checked against ML.NET itself (the parity gate, see 'dbscoring convert');\n" +
            "a .dbsm blob is verified (magic, version, SHA-256, every component). The blob is then stored as the next\n" +
            "version of <model> (created on first use). Versions are immutable. Registering the same bytes again\n" +
            "changes nothing and reports 'already registered as version N'. With --alias the alias is moved to the\n" +
            "version (a promote, kept in the alias history).\n\n" +
            "Options:\n" +
            "  --name <model>        model name: a letter, then letters, digits and _ (required)\n" +
            "  --sample <csv>        .zip only: real rows for the parity gate (default: synthetic rows)\n" +
            "  --alias <alias>       also point this alias at the version (e.g. staging, production)\n" +
            "  --notes <text>        free text kept with the version\n" +
            "  --json                print the result as JSON\n\n" +
            StoreHelp + "\n" +
            "Exit codes: 0 registered (or already registered), 2 bad arguments, 3 model refused (unsupported\n" +
            "component, parity gate failed, corrupt blob), 4 file missing, 6 store error (not installed, read-only).\n\n" +
            "Examples:\n" +
            "  dbscoring register churn.zip --name churn --sample customers.csv\n" +
            "  dbscoring register churn.dbsm --name churn --alias staging --notes \"retrained on March data\"\n";

        /// <inheritdoc />
        public override int Run(CommandLine args, CliContext context)
        {
            string path = args.Positional(0, "the model file (.zip or .dbsm)");
            args.ExpectPositionals(1);
            string name = StoreAccess.CheckModelName(args.Required("--name"));
            string? alias = args.Option("--alias") is { } a ? StoreAccess.CheckAliasName(a) : null;
            string? sample = args.Option("--sample");
            ModelFiles.RequireFile(path);
            bool isBlob = ModelFiles.IsBlob(path);
            if (isBlob && sample != null) throw new UsageException("--sample applies to ML.NET .zip models (the parity gate); a .dbsm blob is verified as it is.");
            if (sample != null) ModelFiles.RequireFile(sample);

            using var store = OpenStore(args, context);
            var (model, blob, conversion) = ModelFiles.Open(path, new ConversionOptions { SamplePath = sample, Name = name });
            var result = store.RegisterVersion(new RegisterRequest
            {
                Model = name,
                Blob = blob,
                SourceArtifactName = Path.GetFileName(path),
                SourceArtifactSha256 = isBlob ? null : System.Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))),
                Notes = args.Option("--notes"),
            });
            AliasMove? move = alias != null ? store.SetAlias(result.Model, alias, result.Version) : null;

            if (args.Json)
            {
                Json.Write(context.Out, new
                {
                    model = result.Model, version = result.Version, modelVersionId = result.ModelVersionId, isNew = result.IsNew,
                    blobSha256 = result.BlobSha256, bytes = blob.Length, kind = model.Kind.ToString(), store = store.DisplayName,
                    parity = conversion != null ? Json.Parity(conversion.Parity) : null,
                    alias = move == null ? null : new { alias = move.Alias, fromVersion = move.FromVersion, toVersion = move.ToVersion, moved = move.Moved },
                });
                return ExitCodes.Ok;
            }
            var o = context.Out;
            if (conversion != null) o.WriteLine($"Converted {Path.GetFileName(path)}: parity {conversion.Parity}");
            if (result.IsNew)
                o.WriteLine($"Registered {result.Model} version {result.Version} in {store.DisplayName} ({blob.Length:N0} bytes, {model.Kind}, sha256 {result.BlobSha256}).");
            else
                o.WriteLine($"These bytes are already registered as version {result.Version} of {result.Model} (sha256 {result.BlobSha256}); nothing was added.");
            if (move != null)
                o.WriteLine(move.Moved
                    ? $"Alias {move.Alias}: {(move.FromVersion.HasValue ? "version " + move.FromVersion : "(new)")} → version {move.ToVersion}."
                    : $"Alias {move.Alias} already points at version {move.ToVersion}; nothing moved.");
            return ExitCodes.Ok;
        }
    }
}
