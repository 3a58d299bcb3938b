using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// ONNX-ML model (.onnx) → DbScoring model blob, with ONNX Runtime as the parity oracle. The graph is translated node
    /// by node through <see cref="SupportedComponents.OnnxOperators"/>: pre-processing operators become transforms, one
    /// predictor operator the predictor, and what follows it (ZipMap) the mapping of its outputs; any other operator is
    /// refused by domain, op type and node name.
    /// </summary>
    internal static class OnnxConverter
    {
        public static bool Accepts(string path) => Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase);

        public static ConversionResult Convert(string path, byte[] bytes, ConversionOptions options)
        {
            string source = Path.GetFileName(path);
            var onnx = OnnxModel.Read(bytes, source);
            var plan = OnnxGraphPlan.Find(onnx, source);

            var graph = new OnnxGraph(source, options.Target);
            var feeds = OnnxInputs.Bind(onnx, graph, options.FeatureNames, source, plan.Inputs);
            foreach (var tensor in onnx.Initializers.Values) graph.Set(tensor.Name, OnnxValue.OfConstant(tensor));
            foreach (var node in onnx.Nodes.Where(plan.Nodes.Contains)) SupportedComponents.OnnxOperators[Key(node)].Apply(node, graph);
            OnnxInputs.CheckNames(graph, source);
            if (options.Target is int target && graph.TargetTaken == null)
                throw new ModelConversionException($"--target {target} chooses one target of an ONNX regressor with several, but the predictor {plan.Predictor.Describe()} of {source} has one output to convert; leave --target out.");
            var outputs = OnnxOutputs.Resolve(onnx, graph, source);
            var translated = outputs.Translated;
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
            if (graph.TargetTaken != null) metadata["source.target"] = graph.TargetTaken;
            var inputs = graph.Inputs;
            ModelDefinition Build(IReadOnlyDictionary<string, (double Min, double Max)>? ranges) => new ModelDefinition(
                inputs.Select(i => ranges != null && ranges.TryGetValue(i.Name, out var r) ? new InputColumn(i.Name, i.Kind, i.Column, i.Slot, null, r.Min, r.Max) { Index = i.Index } : i).ToList(),
                graph.Columns, graph.Transforms, translated.Predictor, translated.ClassLabels, metadata);
            var blobModel = ScoringModel.Load(ModelSerializer.Write(Build(null)));

            if (plan.Nodes.Count < onnx.Nodes.Count) metadata["source.ignored"] = $"{onnx.Nodes.Count - plan.Nodes.Count} of {onnx.Nodes.Count} nodes: side outputs the prediction does not read";
            var gated = new GatedConversion(blobModel, options, metadata, count => OnnxInputs.Synthesize(graph, feeds, translated, count, options.Seed));
            var oracle = new OnnxOracle(bytes, feeds, outputs.Checks, graph.ZipKeys);
            var parity = oracle.Check(blobModel, translated, gated.Rows, gated.Sample, options.Tolerance);
            // DbScoring holds numbers as floats: a double input value that no float equals can land on the other side of
            // a split or set than in ONNX Runtime, which is a limit of the format, not a converter defect to report.
            var doubles = feeds.Where(f => f.FirstInput >= 0 && f.ElementType == OnnxTensor.Double).Select(f => $"'{f.Name}'").ToList();
            return doubles.Count == 0 ? gated.Finish(parity, Build) : gated.Finish(parity, Build,
                $"it reads double input {string.Join(", ", doubles)}, which DbScoring holds as floats, so a value no float equals (such as 1.2) can fall " +
                "on the other side of a split or set value than in ONNX Runtime: export float inputs (X.astype(numpy.float32)), and report the model " +
                "with its file if the failing rows' values are floats");
        }

        internal static string Key(OnnxNode node) => (node.Domain.Length == 0 ? "ai.onnx" : node.Domain) + ":" + node.OpType;
    }
}
