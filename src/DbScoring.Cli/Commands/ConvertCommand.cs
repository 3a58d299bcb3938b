using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using DbScoring.Conversion;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring convert</c>: ML.NET .zip or XGBoost .json/.ubj → .dbsm, through the parity gate.</summary>
    public sealed class ConvertCommand : CliCommand
    {
        /// <inheritdoc />
        public override string Name => "convert";

        /// <inheritdoc />
        public override string Summary => "Convert an ML.NET (.zip), XGBoost (.json, .ubj) or ONNX (.onnx) model to a DbScoring model blob (.dbsm), proving parity with the model's own runtime.";

        private readonly Argument<string> _model = CliOptions.Argument("model", "the model file: ML.NET .zip, XGBoost .json or .ubj, ONNX .onnx");
        private readonly Option<string> _output = CliOptions.RequiredText("--output", "where to write the blob", "file.dbsm", "-o");
        private readonly Option<string> _sample = CliOptions.Text("--sample",
            $"real rows for the gate (header = input names): the first {new ConversionOptions().MaxSampleRows:N0} are checked, the\n" +
            "training ranges come from every row; default: synthetic rows only", "data.csv");
        private readonly Option<string> _profile = CliOptions.Text("--profile",
            "training or reference rows: their distributions and the model's Score on them are stored in the blob as the training profile drift is measured against (default: the --sample rows; without either, no profile)", "data.csv");
        private readonly Option<string> _name = CliOptions.Text("--name", "model name stored in the blob (default: the file name)", "text");
        private readonly Option<string> _featureNames = CliOptions.Text("--feature-names",
            "input names of an XGBoost model's features, or of the slots of an ONNX model's one [N, F] input, in order, replacing the names it carries (default: its own, else f0, f1, ...)", "a,b,c|@names.txt");
        private readonly Option<int> _target = TargetOption();

        /// <summary>--target k: the one target of a several-target ONNX regressor that the blob scores.</summary>
        internal static Option<int> TargetOption() => CliOptions.Int("--target",
            "ONNX regressors with several targets (n_targets > 1): convert target k (0-based); the blob has one output, so convert one model per target", -1, 0, 1_000_000, "k");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override IEnumerable<Symbol> Symbols => new Symbol[] { _model, _output, _sample, _profile, _name, _featureNames, _target, _json };

        /// <inheritdoc />
        public override string Details =>
            "Converts an ML.NET 5.0.1 model, an XGBoost model (JSON or UBJSON from save_model) or an ONNX-ML model\n" +
            "and checks it against its own runtime — ML.NET itself, XGBoost through Python, or ONNX Runtime (the\n" +
            "parity gate; docs/model-sources.md lists what converts): Score and\n" +
            "Probability must agree within 1e-5 and every PredictedLabel must match, on the sample rows plus\n" +
            $"synthetic edge rows (missing values, unseen and empty categories, extreme numbers) — the first\n" +
            $"{new ConversionOptions().MaxSampleRows:N0} sample rows; the output says how many of the file's rows were checked. A model that\n" +
            "uses an unsupported component or fails the gate is refused (exit code 3) and nothing is written.";

        /// <inheritdoc />
        public override string ExitCodeHelp =>
            "0 converted, 2 bad arguments, 3 model refused (unsupported component, parity gate failed),\n4 file missing or unreadable sample.";

        /// <inheritdoc />
        public override string Examples =>
            "dbscoring convert churn.zip --output churn.dbsm\n" +
            "dbscoring convert churn.zip -o churn.dbsm --sample customers.csv --name churn\n" +
            "dbscoring convert churn.zip -o churn.dbsm --sample customers.csv --profile training.csv\n" +
            "dbscoring convert churn.json -o churn.dbsm --feature-names @names.txt\n" +
            "dbscoring convert prices.onnx -o prices-target1.dbsm --target 1\n";

        /// <summary>The --target value, or null when it was not given.</summary>
        internal static int? TargetValue(CommandInput args, Option<int> target) => args.Given(target) ? args.Value(target) : null;

        /// <summary>
        /// Runs a conversion that reads a sample or profile file with a progress display of that read (the long part for a
        /// big file; the parity gate then checks at most MaxSampleRows rows); without either file, just runs it.
        /// </summary>
        internal static T WithReadProgress<T>(CliContext context, string model, string? sample, string? profile, Func<Action<long, long, long>?, T> convert) =>
            sample == null && profile == null
                ? convert(null)
                : ProgressDisplay.Run(context, $"{Path.GetFileName(model)}: reading {Path.GetFileName(sample ?? profile)}",
                    progress => convert((rows, done, total) => progress.Report(rows, done, total)));

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string input = args.Value(_model)!;
            string output = args.Required(_output);
            string? sample = args.Value(_sample);
            ModelFiles.RequireFile(input);
            string? profile = args.Value(_profile);
            if (sample != null) ModelFiles.RequireFile(sample);
            if (profile != null) ModelFiles.RequireFile(profile);
            var result = WithReadProgress(context, input, sample, profile, read =>
                ModelConverter.Convert(input, new ConversionOptions { SamplePath = sample, ProfilePath = profile, Name = args.Value(_name), FeatureNames = FeatureNameList.Parse(args.Value(_featureNames)), Target = TargetValue(args, _target), ReadProgress = read }));
            string temporary = output + ".tmp";
            File.WriteAllBytes(temporary, result.Blob);
            File.Move(temporary, output, overwrite: true);
            if (args.Value(_json))
            {
                Json.Write(context.Out, new { output, bytes = result.Blob.Length, blobSha256 = ModelHashes.BlobSha256(result.Blob), contentHash = result.Model.ContentHashHex, parity = Json.Parity(result.Parity), profile = ProfileSummary(result.Model) });
            }
            else
            {
                context.Out.WriteLine($"Converted {Path.GetFileName(input)} → {output} ({result.Blob.Length:N0} bytes)");
                context.Out.WriteLine($"  model:     {result.Model.Metadata["algorithm"]}, {result.Model.Kind}, {result.Model.Inputs.Count} inputs");
                context.Out.WriteLine($"  blob sha256:  {ModelHashes.BlobSha256(result.Blob)}  (= sha256sum {Path.GetFileName(output)})");
                context.Out.WriteLine($"  content hash: {result.Model.ContentHashHex}  (the format's trailer; = head -c -32 {Path.GetFileName(output)} | sha256sum)");
                context.Out.WriteLine($"  parity:    {result.Parity}");
                context.Out.WriteLine($"  profile:   {(result.Model.Profile is { } p ? $"{Plural.Count(p.Rows, "row")} ({p.Source})" : ProfileReport.NoProfile)}");
            }
            return ExitCodes.Ok;
        }

        /// <summary>Rows and source of the stored profile, for --json; null when none.</summary>
        internal static object? ProfileSummary(DbScoring.Runtime.ScoringModel model) =>
            model.Profile == null ? null : new { rows = model.Profile.Rows, source = model.Profile.Source };
    }
}
