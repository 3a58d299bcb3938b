using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// ONNX-ML model (.onnx) → DbScoring model blob, with ONNX Runtime as the parity oracle. Converts graphs of one
    /// operator from <see cref="SupportedComponents.OnnxOperators"/> over one float tensor input [N, F].
    /// </summary>
    internal static class OnnxConverter
    {
        public static bool Accepts(string path) => Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase);

        /// <summary>The ONNX Runtime version the gate runs, recorded as the oracle.</summary>
        public static string OracleName { get; } = "ONNX Runtime " +
            (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(InferenceSession).Assembly)?.InformationalVersion.Split('+')[0] ?? "unknown");

        public static ConversionResult Convert(string path, byte[] bytes, ConversionOptions options)
        {
            string source = Path.GetFileName(path);
            var onnx = OnnxModel.Read(bytes, source);
            if (onnx.Inputs.Count != 1)
                throw new ModelConversionException($"{source} has {onnx.Inputs.Count} inputs; DbScoring converts ONNX models with one float tensor input [N, F] so far.");
            var input = onnx.Inputs[0];
            if (!input.IsTensor || input.ElementType != 1 || input.Shape.Count != 2)
                throw new ModelConversionException($"{source}: the input '{input.Name}' is not a float tensor [N, F] (element type {input.ElementType}, {input.Shape.Count} dimensions).");
            foreach (var node in onnx.Nodes)
                if (!SupportedComponents.OnnxOperators.ContainsKey(Key(node))) throw SupportedComponents.RefuseOnnx(node, source);
            var outputs = OnnxOutputs.Find(onnx, input.Name, source);
            var op = outputs.Predictor;
            int features = input.Shape[1] > 0 ? (int)input.Shape[1] : throw new ModelConversionException($"{source}: the input '{input.Name}' has no fixed feature count (shape [N, ?]); DbScoring needs F.");

            var names = FeatureNames(options.FeatureNames, features, source);
            var columns = new List<ColumnDefinition> { new ColumnDefinition("features", ColumnKind.Float, features) };
            var inputs = names.Select((name, i) => new InputColumn(name, InputKind.Number, 0, i) { Index = i }).ToList();
            var translated = SupportedComponents.OnnxOperators[Key(op)].Translate!(op, 0, features);

            var metadata = new Dictionary<string, string>
            {
                ["name"] = options.Name ?? Path.GetFileNameWithoutExtension(path),
                ["algorithm"] = translated.Algorithm,
                ["source.name"] = source,
                ["source.sha256"] = System.Convert.ToHexStringLower(SHA256.HashData(bytes)),
                ["source.format"] = "ONNX (IR " + onnx.IrVersion.ToString(CultureInfo.InvariantCulture) + ", " +
                    string.Join(", ", onnx.Opsets.OrderBy(o => o.Key).Select(o => (o.Key.Length == 0 ? "ai.onnx" : o.Key) + " " + o.Value.ToString(CultureInfo.InvariantCulture))) + ")",
                ["source.library"] = onnx.ProducerName.Length == 0 ? "unknown producer" : onnx.ProducerName,
                ["source.version"] = onnx.ProducerVersion.Length == 0 ? "unknown" : onnx.ProducerVersion,
                ["converter"] = ModelConverter.ConverterName,
            };
            ModelDefinition Build(IReadOnlyDictionary<string, (double Min, double Max)>? ranges) => new ModelDefinition(
                inputs.Select(i => ranges != null && ranges.TryGetValue(i.Name, out var r) ? new InputColumn(i.Name, i.Kind, i.Column, i.Slot, null, r.Min, r.Max) { Index = i.Index } : i).ToList(),
                columns, new List<Runtime.Transforms.Transform>(), translated.Predictor, translated.ClassLabels, metadata);
            var blobModel = ScoringModel.Load(ModelSerializer.Write(Build(null)));

            var gated = new GatedConversion(blobModel, options, metadata,
                count => SplitSampleRows.Synthesize(translated.Thresholds, new int[features], f => f, count, options.Seed, infinities: true));
            var parity = Check(bytes, input.Name, outputs, translated, blobModel, gated.Rows, features, gated.Sample, options.Tolerance);
            return gated.Finish(parity, Build);
        }

        internal static string Key(OnnxNode node) => (node.Domain.Length == 0 ? "ai.onnx" : node.Domain) + ":" + node.OpType;

        private static IReadOnlyList<string> FeatureNames(IReadOnlyList<string>? given, int features, string source)
        {
            if (given == null || given.Count == 0) return Enumerable.Range(0, features).Select(i => "f" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            if (given.Count != features) throw new ModelConversionException($"{given.Count} feature names were given, but {source} has {features} features.");
            var duplicate = given.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null) throw new ModelConversionException($"Two features of {source} are both named '{duplicate.Key}' (names are matched case-insensitively).");
            return given;
        }

        /// <summary>Scores the rows with ONNX Runtime (one thread, batches) and with the blob, and compares what the outputs hold.</summary>
        private static ParityReport Check(byte[] bytes, string inputName, OnnxOutputs outputs, OnnxTranslatedPredictor translated, ScoringModel model,
            List<SampleRow> rows, int features, string sample, double tolerance)
        {
            var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
            using var session = new InferenceSession(bytes, options);
            var comparer = new ParityComparer(model, tolerance, OracleName);
            var scorer = model.CreateScorer();
            var fetch = new List<string> { outputs.Scores };
            if (outputs.Label != null) fetch.Add(outputs.Label);
            const int batch = 4096;
            for (int start = 0; start < rows.Count; start += batch)
            {
                int n = Math.Min(batch, rows.Count - start);
                var tensor = new DenseTensor<float>(new[] { n, features });
                for (int r = 0; r < n; r++)
                    for (int f = 0; f < features; f++) tensor[r, f] = (float)rows[start + r].Numbers[f];
                using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(inputName, tensor) }, fetch);
                var scores = outputs.ReadScores(results.First(v => v.Name == outputs.Scores), n);
                var labels = outputs.Label == null ? null : OnnxOutputs.ReadLabels(results.First(v => v.Name == outputs.Label), n);
                for (int r = 0; r < n; r++)
                {
                    for (int f = 0; f < features; f++) scorer.SetNumber(f, rows[start + r].Numbers[f]);
                    comparer.Add(start + r, translated.Expect(labels?[r], scores[r]), scorer.Predict());
                }
            }
            return comparer.Report(sample);
        }
    }
}
