using System.CommandLine;
using System.Collections.Generic;
using System.Linq;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring models</c>: every registered model with its latest version and aliases.</summary>
    public sealed class ModelsCommand : StoreCommand
    {
        /// <inheritdoc />
        public override string Name => "models";

        /// <inheritdoc />
        public override string Summary => "List the registered models with their latest version and current aliases.";

        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _json };

        /// <inheritdoc />
        public override string Details =>
            "Lists every model in the store: latest version, number of versions, where each alias points now,\n" +
            "who created the model and when (UTC).";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring models\ndbscoring --store sqlite:./scoring.db models --json\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            using var store = OpenStore(args, context);
            var models = store.ListModels();
            if (args.Value(_json))
            {
                Json.Write(context.Out, models.Select(m => new { model = m.Model, latestVersion = m.LatestVersion, versions = m.VersionCount, aliases = m.Aliases, createdBy = m.CreatedBy, createdAt = m.CreatedAt }));
                return ExitCodes.Ok;
            }
            if (models.Count == 0)
            {
                context.Out.WriteLine($"No models in {store.DisplayName} yet. Register one: dbscoring register model.zip --name <model>");
                return ExitCodes.Ok;
            }
            var table = new TextTable("MODEL", "LATEST", "VERSIONS", "ALIASES", "CREATED BY", "CREATED (UTC)");
            foreach (var m in models) table.Add(m.Model, m.LatestVersion, m.VersionCount, m.Aliases, m.CreatedBy, m.CreatedAt);
            table.Write(context.Out);
            return ExitCodes.Ok;
        }
    }

    /// <summary><c>dbscoring versions</c>: every version of one model.</summary>
    public sealed class VersionsCommand : StoreCommand
    {
        /// <inheritdoc />
        public override string Name => "versions";

        /// <inheritdoc />
        public override string Summary => "List every version of a model: hash, size, kind, algorithm, aliases, who registered it and when.";

        private readonly Argument<string> _model = CliOptions.Argument("model", "the model name");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _json };

        /// <inheritdoc />
        public override string Details =>
            "Lists the model's versions, oldest first. Versions are immutable: the blob SHA-256 is that of the stored\n" +
            "bytes (sha256sum of the exported .dbsm), checked whenever they are read.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 5 no such model, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring versions churn\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string name = args.Value(_model)!;
            using var store = OpenStore(args, context);
            var model = StoreAccess.RequireModel(store, name);
            var versions = store.ListVersions(model.Model);
            var aliases = ParseAliases(model.Aliases);
            if (args.Value(_json))
            {
                Json.Write(context.Out, versions.Select(v => new
                {
                    model = v.Model, version = v.Version, modelVersionId = v.ModelVersionId, blobSha256 = v.BlobSha256, bytes = v.BlobBytes,
                    kind = v.PredictionKind, algorithm = v.Algorithm, formatVersion = v.FormatVersion, source = v.SourceArtifactName,
                    notes = v.Notes, registeredBy = v.RegisteredBy, registeredAt = v.RegisteredAt,
                    aliases = aliases.Where(a => a.Version == v.Version).Select(a => a.Alias),
                }));
                return ExitCodes.Ok;
            }
            var table = new TextTable("VERSION", "ALIASES", "KIND", "ALGORITHM", "BYTES", "BLOB SHA256", "SOURCE", "REGISTERED BY", "REGISTERED (UTC)", "NOTES");
            foreach (var v in versions)
                table.Add(v.Version, string.Join(",", aliases.Where(a => a.Version == v.Version).Select(a => a.Alias)), v.PredictionKind, v.Algorithm,
                    v.BlobBytes, v.BlobSha256.Substring(0, 16) + "…", v.SourceArtifactName, v.RegisteredBy, v.RegisteredAt, v.Notes);
            context.Out.WriteLine($"Model {model.Model} in {store.DisplayName}:");
            table.Write(context.Out);
            return ExitCodes.Ok;
        }

        /// <summary>Parses ModelSummary.Aliases ("production=3, staging=4").</summary>
        public static List<(string Alias, int Version)> ParseAliases(string aliases) =>
            aliases.Split(',', System.StringSplitOptions.RemoveEmptyEntries | System.StringSplitOptions.TrimEntries)
                   .Select(p => p.Split('='))
                   .Where(p => p.Length == 2 && int.TryParse(p[1], out _))
                   .Select(p => (p[0], int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))
                   .ToList();
    }
}
