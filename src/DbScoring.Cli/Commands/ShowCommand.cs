using System.CommandLine;
using System.Linq;
using System.Text.Json;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring show</c>: one version in detail.</summary>
    public sealed class ShowCommand : StoreCommand
    {
        /// <inheritdoc />
        public override string Name => "show";

        /// <inheritdoc />
        public override string Summary => "Show one version (model, model@alias or model:version): hashes, schema, provenance, aliases.";

        private readonly Argument<string> _reference = CliOptions.Argument("reference", "model, model@alias or model:version (a bare model name means model@production)");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        protected override System.Collections.Generic.IEnumerable<Symbol> CommandSymbols => new Symbol[] { _reference, _json };

        /// <inheritdoc />
        public override string Details =>
            "A bare model name means <model>@production. Shows the version the reference resolves to now:\n" +
            "the blob SHA-256 (of the stored bytes, checked now: a tampered version is refused with exit code 3), the\n" +
            "content hash (the format's own SHA-256 trailer), format, task, algorithm, input schema, source artefact,\n" +
            "notes, who registered it and when, and the aliases pointing at it.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 bad arguments, 3 stored blob altered, 5 no such model/alias/version, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring show churn\ndbscoring show churn:2 --json\ndbscoring show churn@challenger\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            var reference = StoreAccess.ParseRef(args.Value(_reference)!);
            using var store = OpenStore(args, context);
            var v = StoreAccess.Resolve(store, reference);
            // Read and check the stored bytes now (SHA-256 and a full load): a tampered version is refused (exit 3), never shown as intact.
            store.GetBlob(Store.ModelRef.ForVersion(v.Model, v.Version));
            var aliases = VersionsCommand.ParseAliases(StoreAccess.RequireModel(store, v.Model).Aliases).Where(a => a.Version == v.Version).Select(a => a.Alias).ToList();
            if (args.Value(_json))
            {
                Json.Write(context.Out, new
                {
                    model = v.Model, version = v.Version, modelVersionId = v.ModelVersionId, resolvedAlias = v.ResolvedAlias, aliases,
                    blobSha256 = v.BlobSha256, contentHash = v.ContentHash, bytes = v.BlobBytes, formatVersion = v.FormatVersion, kind = v.PredictionKind,
                    algorithm = v.Algorithm, source = v.SourceArtifactName, sourceSha256 = v.SourceArtifactSha256, notes = v.Notes,
                    registeredBy = v.RegisteredBy, registeredAt = v.RegisteredAt,
                    schema = v.SchemaJson == null ? (JsonElement?)null : JsonDocument.Parse(v.SchemaJson).RootElement,
                });
                return ExitCodes.Ok;
            }
            var o = context.Out;
            o.WriteLine($"{v.Model} version {v.Version}{(v.ResolvedAlias != null ? $" (via alias {v.ResolvedAlias})" : "")} in {store.DisplayName}");
            o.WriteLine($"  aliases now:   {(aliases.Count == 0 ? "(none)" : string.Join(", ", aliases))}");
            o.WriteLine($"  task:          {v.PredictionKind}, {v.Algorithm ?? "?"}");
            o.WriteLine($"  format:        {v.FormatVersion}, {v.BlobBytes:N0} bytes");
            o.WriteLine($"  blob sha256:   {v.BlobSha256} (verified just now; = sha256sum of the exported .dbsm)");
            o.WriteLine($"  content hash:  {v.ContentHash} (the blob's SHA-256 trailer; = head -c -32 file.dbsm | sha256sum)");
            o.WriteLine($"  source:        {v.SourceArtifactName ?? "(none)"}{(v.SourceArtifactSha256 != null ? ", source sha256 " + v.SourceArtifactSha256 : "")}");
            o.WriteLine($"  registered:    {StoreAccess.Time(v.RegisteredAt)} by {v.RegisteredBy}");
            if (!string.IsNullOrEmpty(v.Notes)) o.WriteLine($"  notes:         {v.Notes}");
            if (v.SchemaJson != null) PrintInputs(o, v.SchemaJson);
            return ExitCodes.Ok;
        }

        private static void PrintInputs(System.IO.TextWriter o, string schemaJson)
        {
            try
            {
                using var doc = JsonDocument.Parse(schemaJson);
                if (!doc.RootElement.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array) return;
                o.WriteLine($"  inputs ({inputs.GetArrayLength()}):");
                foreach (var input in inputs.EnumerateArray())
                {
                    string name = input.TryGetProperty("name", out var n) ? n.ToString() : "?";
                    string kind = input.TryGetProperty("kind", out var k) ? k.ToString() : "";
                    o.WriteLine($"    {name,-20} {kind}");
                }
            }
            catch (JsonException)
            {
                // The schema text is informational; a version without a parsable one is still shown.
            }
        }
    }

    /// <summary><c>dbscoring promote</c>: points an alias at a version.</summary>
    public sealed class PromoteCommand : StoreCommand
    {
        /// <inheritdoc />
        public override string Name => "promote";

        /// <inheritdoc />
        public override string Summary => "Point an alias (production, challenger, ...) at a version; the move is kept in the alias history.";

        private readonly Argument<string> _model = CliOptions.Argument("model", "the model name");
        private readonly Argument<string> _version = CliOptions.Argument("version", "the version number to point the alias at");
        private readonly Option<string> _alias = CliOptions.RequiredText("--alias", "the alias to move (created on first use)", "alias");
        private readonly Option<string> _reason = CliOptions.Text("--reason", "why, kept in the history", "text");
        private readonly Option<bool> _json = JsonOption("print the move as JSON");

        /// <inheritdoc />
        protected override System.Collections.Generic.IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _version, _alias, _reason, _json };

        /// <inheritdoc />
        public override string Details =>
            "Moves the alias to the version (creating the alias on first use). Every move is kept, with who and\n" +
            "when; nothing is ever edited. Promoting to the version the alias already points at changes nothing.\n" +
            "On SQLite the move is seen by new connections at once; scoring runs resolve the alias when they start.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 moved (or already there), 2 bad arguments, 5 no such model/version, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring promote churn 3 --alias production\ndbscoring promote churn 4 --alias challenger --reason \"A/B from 1 March\"\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string name = args.Value(_model)!;
            string number = args.Value(_version)!;
            if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int version) || version < 1)
                throw new UsageException($"The version must be a whole number from 1; '{number}' is not.");
            string alias = StoreAccess.CheckAliasName(args.Required(_alias));
            using var store = OpenStore(args, context);
            var v = StoreAccess.Resolve(store, Store.ModelRef.ForVersion(StoreAccess.CheckModelName(name), version));
            var move = store.SetAlias(v.Model, alias, v.Version, reason: args.Value(_reason));
            RollbackCommand.Print(args.Value(_json), context, move, "promote");
            return ExitCodes.Ok;
        }
    }

    /// <summary><c>dbscoring rollback</c>: moves an alias back to where it pointed before.</summary>
    public sealed class RollbackCommand : StoreCommand
    {
        /// <inheritdoc />
        public override string Name => "rollback";

        /// <inheritdoc />
        public override string Summary => "Move an alias back to the version it pointed at before (a new move, never an edit).";

        private readonly Argument<string> _model = CliOptions.Argument("model", "the model name");
        private readonly Option<string> _alias = CliOptions.RequiredText("--alias", "the alias to roll back", "alias");
        private readonly Option<string> _reason = CliOptions.Text("--reason", "why, kept in the history", "text");
        private readonly Option<bool> _json = JsonOption("print the move as JSON");

        /// <inheritdoc />
        protected override System.Collections.Generic.IEnumerable<Symbol> CommandSymbols => new Symbol[] { _model, _alias, _reason, _json };

        /// <inheritdoc />
        public override string Details =>
            "Points the alias at the version it pointed at before its last move. The rollback is itself a move in\n" +
            "the alias history (reason 'Rollback...'), so the history shows the promote and the rollback.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 rolled back, 2 bad arguments or nothing to roll back to, 5 no such model/alias, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring rollback churn --alias production --reason \"v4 over-predicts churn in the south\"\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string name = args.Value(_model)!;
            string alias = StoreAccess.CheckAliasName(args.Required(_alias));
            using var store = OpenStore(args, context);
            var current = StoreAccess.Resolve(store, Store.ModelRef.ForAlias(StoreAccess.CheckModelName(name), alias));
            var move = store.Rollback(current.Model, alias, reason: args.Value(_reason));
            Print(args.Value(_json), context, move, "rollback");
            return ExitCodes.Ok;
        }

        internal static void Print(bool json, CliContext context, Store.AliasMove move, string action)
        {
            if (json)
            {
                Json.Write(context.Out, new { action, model = move.Model, alias = move.Alias, fromVersion = move.FromVersion, toVersion = move.ToVersion, moved = move.Moved, movedBy = move.MovedBy, movedAt = move.MovedAt, reason = move.Reason });
                return;
            }
            if (!move.Moved)
                context.Out.WriteLine($"{move.Model}@{move.Alias} already points at version {move.ToVersion}; nothing moved.");
            else
                context.Out.WriteLine($"{move.Model}@{move.Alias}: {(move.FromVersion.HasValue ? "version " + move.FromVersion : "(new alias)")} → version {move.ToVersion} " +
                                      $"({action} by {move.MovedBy} at {StoreAccess.Time(move.MovedAt)}{(move.Reason != null ? ", " + move.Reason : "")}).");
        }
    }
}
