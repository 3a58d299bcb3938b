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

        /// <inheritdoc />
        public override string Help =>
            "Usage: dbscoring show <model>[@<alias>|:<version>] [--store <spec>] [--json]\n\n" +
            "A bare model name means <model>@production. Shows the version the reference resolves to now:\n" +
            "SHA-256 of the stored bytes, the blob's content hash, format, task, algorithm, input schema,\n" +
            "source artefact, notes, who registered it and when, and the aliases pointing at it.\n\n" +
            StoreHelp + "\n" +
            "Exit codes: 0 ok, 2 bad arguments, 5 no such model/alias/version, 6 store error.\n\n" +
            "Examples:\n  dbscoring show churn\n  dbscoring show churn:2 --json\n  dbscoring show churn@challenger\n";

        /// <inheritdoc />
        public override int Run(CommandLine args, CliContext context)
        {
            var reference = StoreAccess.ParseRef(args.Positional(0, "the model reference (model, model@alias or model:version)"));
            args.ExpectPositionals(1);
            using var store = OpenStore(args, context);
            var v = StoreAccess.Resolve(store, reference);
            var aliases = VersionsCommand.ParseAliases(StoreAccess.RequireModel(store, v.Model).Aliases).Where(a => a.Version == v.Version).Select(a => a.Alias).ToList();
            if (args.Json)
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
            o.WriteLine($"  sha256:        {v.BlobSha256} (stored bytes, verified on every read)");
            o.WriteLine($"  content hash:  {v.ContentHash}");
            o.WriteLine($"  source:        {v.SourceArtifactName ?? "(none)"}{(v.SourceArtifactSha256 != null ? " sha256 " + v.SourceArtifactSha256 : "")}");
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

        /// <inheritdoc />
        protected override System.Collections.Generic.IEnumerable<string> CommandOptions => new[] { "--alias", "--reason" };

        /// <inheritdoc />
        public override string Help =>
            "Usage: dbscoring promote <model> <version> --alias <alias> [--reason <text>] [--store <spec>] [--json]\n\n" +
            "Moves the alias to the version (creating the alias on first use). Every move is kept, with who and\n" +
            "when; nothing is ever edited. Promoting to the version the alias already points at changes nothing.\n" +
            "On SQLite the move is seen by new connections at once; scoring runs resolve the alias when they start.\n\n" +
            "Options:\n" +
            "  --alias <alias>       the alias to move (required)\n" +
            "  --reason <text>       why, kept in the history\n" +
            "  --json                print the move as JSON\n\n" +
            StoreHelp + "\n" +
            "Exit codes: 0 moved (or already there), 2 bad arguments, 5 no such model/version, 6 store error.\n\n" +
            "Examples:\n  dbscoring promote churn 3 --alias production\n  dbscoring promote churn 4 --alias challenger --reason \"A/B from 1 March\"\n";

        /// <inheritdoc />
        public override int Run(CommandLine args, CliContext context)
        {
            string name = args.Positional(0, "the model name");
            string number = args.Positional(1, "the version number");
            args.ExpectPositionals(2);
            if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int version) || version < 1)
                throw new UsageException($"The version must be a whole number from 1; '{number}' is not.");
            string alias = StoreAccess.CheckAliasName(args.Required("--alias"));
            using var store = OpenStore(args, context);
            var v = StoreAccess.Resolve(store, Store.ModelRef.ForVersion(StoreAccess.CheckModelName(name), version));
            var move = store.SetAlias(v.Model, alias, v.Version, reason: args.Option("--reason"));
            RollbackCommand.Print(args, context, move, "promote");
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

        /// <inheritdoc />
        protected override System.Collections.Generic.IEnumerable<string> CommandOptions => new[] { "--alias", "--reason" };

        /// <inheritdoc />
        public override string Help =>
            "Usage: dbscoring rollback <model> --alias <alias> [--reason <text>] [--store <spec>] [--json]\n\n" +
            "Points the alias at the version it pointed at before its last move. The rollback is itself a move in\n" +
            "the alias history (reason 'Rollback...'), so the history shows the promote and the rollback.\n\n" +
            "Options:\n" +
            "  --alias <alias>       the alias to roll back (required)\n" +
            "  --reason <text>       why, kept in the history\n" +
            "  --json                print the move as JSON\n\n" +
            StoreHelp + "\n" +
            "Exit codes: 0 rolled back, 2 bad arguments or nothing to roll back to, 5 no such model/alias, 6 store error.\n\n" +
            "Example:\n  dbscoring rollback churn --alias production --reason \"v4 over-predicts churn in the south\"\n";

        /// <inheritdoc />
        public override int Run(CommandLine args, CliContext context)
        {
            string name = args.Positional(0, "the model name");
            args.ExpectPositionals(1);
            string alias = StoreAccess.CheckAliasName(args.Required("--alias"));
            using var store = OpenStore(args, context);
            var current = StoreAccess.Resolve(store, Store.ModelRef.ForAlias(StoreAccess.CheckModelName(name), alias));
            var move = store.Rollback(current.Model, alias, reason: args.Option("--reason"));
            Print(args, context, move, "rollback");
            return ExitCodes.Ok;
        }

        internal static void Print(CommandLine args, CliContext context, Store.AliasMove move, string action)
        {
            if (args.Json)
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
