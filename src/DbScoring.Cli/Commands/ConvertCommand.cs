using System.Collections.Generic;
using System.IO;
using DbScoring.Conversion;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring convert</c>: ML.NET .zip → .dbsm, through the parity gate.</summary>
    public sealed class ConvertCommand : Command
    {
        /// <inheritdoc />
        public override string Name => "convert";

        /// <inheritdoc />
        public override string Summary => "Convert an ML.NET model (.zip) to a DbScoring model blob (.dbsm), proving parity with ML.NET.";

        /// <inheritdoc />
        public override IEnumerable<string> ValuedOptions => new[] { "--output", "-o", "--sample", "--name" };

        /// <inheritdoc />
        public override string Help =>
            "Usage: dbscoring convert <mlnet.zip> --output <file.dbsm> [--sample <data.csv>] [--name <text>] [--json]\n\n" +
            "Converts an ML.NET 5.0.1 model and checks it against ML.NET itself (the parity gate): Score and\n" +
            "Probability must agree within 1e-5 and every PredictedLabel must match, on the sample rows plus\n" +
            "synthetic edge rows (missing values, unseen and empty categories, extreme numbers). A model that\n" +
            "uses an unsupported component or fails the gate is refused (exit code 3) and nothing is written.\n\n" +
            "Options:\n" +
            "  --output, -o <file>   where to write the blob (required)\n" +
            "  --sample <csv>        real rows for the gate (header = input names); default: synthetic rows\n" +
            "  --name <text>         model name stored in the blob (default: the file name)\n" +
            "  --json                print the result as JSON\n\n" +
            "Examples:\n" +
            "  dbscoring convert churn.zip --output churn.dbsm\n" +
            "  dbscoring convert churn.zip -o churn.dbsm --sample customers.csv --name churn\n";

        /// <inheritdoc />
        public override int Run(CommandLine args, CliContext context)
        {
            string input = args.Positional(0, "the ML.NET model file (.zip)");
            args.ExpectPositionals(1);
            string output = args.Option("--output") ?? args.Required("-o");
            string? sample = args.Option("--sample");
            ModelFiles.RequireFile(input);
            if (sample != null) ModelFiles.RequireFile(sample);
            var result = ModelConverter.Convert(input, new ConversionOptions { SamplePath = sample, Name = args.Option("--name") });
            string temporary = output + ".tmp";
            File.WriteAllBytes(temporary, result.Blob);
            File.Move(temporary, output, overwrite: true);
            if (args.Json)
            {
                Json.Write(context.Out, new { output, bytes = result.Blob.Length, sha256 = result.Model.ContentHashHex, parity = Json.Parity(result.Parity) });
            }
            else
            {
                context.Out.WriteLine($"Converted {Path.GetFileName(input)} → {output} ({result.Blob.Length:N0} bytes)");
                context.Out.WriteLine($"  model:     {result.Model.Metadata["algorithm"]}, {result.Model.Kind}, {result.Model.Inputs.Count} inputs");
                context.Out.WriteLine($"  sha256:    {result.Model.ContentHashHex}");
                context.Out.WriteLine($"  parity:    {result.Parity}");
            }
            return ExitCodes.Ok;
        }
    }
}
