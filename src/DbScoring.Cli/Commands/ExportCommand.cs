using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Security.Cryptography;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring export</c>: writes a stored version's bytes to a file, hash checked.</summary>
    public sealed class ExportCommand : StoreCommand
    {
        /// <inheritdoc />
        public override string Name => "export";

        /// <inheritdoc />
        public override string Summary => "Write a stored version's blob to a file, byte-identical to what was registered (SHA-256 checked).";

        private readonly Argument<string> _version = CliOptions.Argument("model:version", "the stored version to export (model@alias: the version the alias points at now)");
        private readonly Option<string> _output = CliOptions.RequiredText("--output", "where to write the blob", "file.dbsm", "-o");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _version, _output, _json };

        /// <inheritdoc />
        public override string Details =>
            "Reads the stored blob, checks it against the SHA-256 recorded at registration, writes it, reads the\n" +
            "file back and checks it again. A blob altered in the database is refused (exit 3) and nothing is\n" +
            "written. model@alias is accepted too and exports the version the alias points at now.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 written, 2 bad arguments, 3 stored blob altered, 5 no such model/version, 6 store error.";

        /// <inheritdoc />
        public override string Examples => "dbscoring export churn:3 --output churn-v3.dbsm\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            var reference = StoreAccess.ParseRef(args.Value(_version)!);
            string output = args.Required(_output);
            using var store = OpenStore(args, context);
            var version = StoreAccess.Resolve(store, reference);
            byte[] blob = store.GetBlob(Store.ModelRef.ForVersion(version.Model, version.Version)); // verified against the recorded SHA-256
            string sha = ModelHashes.BlobSha256(blob);
            if (!string.Equals(sha, version.BlobSha256, StringComparison.OrdinalIgnoreCase))
                throw new Store.BlobIntegrityException($"The blob read for {version.Model}:{version.Version} has SHA-256 {sha}, not the recorded {version.BlobSha256}; nothing written.");
            string temporary = output + ".tmp";
            File.WriteAllBytes(temporary, blob);
            string written = ModelHashes.BlobSha256(File.ReadAllBytes(temporary));
            if (written != sha)
            {
                File.Delete(temporary);
                throw new IOException($"The file written to {temporary} does not read back with the blob's SHA-256; nothing written.");
            }
            File.Move(temporary, output, overwrite: true);
            if (args.Value(_json)) Json.Write(context.Out, new { model = version.Model, version = version.Version, output, bytes = blob.Length, blobSha256 = sha, verified = true });
            else context.Out.WriteLine($"Exported {version.Model}:{version.Version} → {output} ({blob.Length:N0} bytes, blob sha256 {sha} = sha256sum {Path.GetFileName(output)}, matches the registered bytes).");
            return ExitCodes.Ok;
        }
    }
}
