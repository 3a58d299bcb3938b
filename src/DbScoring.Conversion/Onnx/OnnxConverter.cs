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
            foreach (var node in onnx.Nodes)
                if (!SupportedComponents.OnnxOperators.ContainsKey(Key(node))) throw SupportedComponents.RefuseOnnx(node, source);

            var graph = new OnnxGraph(source);
            var feeds = OnnxInputs.Bind(onnx, graph, options.FeatureNames, source);
            foreach (var tensor in onnx.Initializers.Values) graph.Set(tensor.Name, OnnxValue.OfConstant(tensor));
            foreach (var node in onnx.Nodes) SupportedComponents.OnnxOperators[Key(node)].Apply(node, graph);
            var translated = graph.Predictor ?? throw new ModelConversionException($"{source} has no predictor operator ({string.Join(", ", onnx.Nodes.Select(n => n.Describe()))}).");
            var outputs = new HashSet<string>(onnx.Outputs.Select(o => o.Name), StringComparer.Ordinal);
            if (!outputs.Contains(graph.ScoresOutput!))
                throw new ModelConversionException($"{source}: the graph does not output the scores of {graph.PredictorNode!.Describe()} ('{graph.ScoresOutput}'), which the parity gate compares.");
            string? label = graph.LabelOutput != null && outputs.Contains(graph.LabelOutput) ? graph.LabelOutput : null;

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
            var inputs = graph.Inputs;
            ModelDefinition Build(IReadOnlyDictionary<string, (double Min, double Max)>? ranges) => new ModelDefinition(
                inputs.Select(i => ranges != null && ranges.TryGetValue(i.Name, out var r) ? new InputColumn(i.Name, i.Kind, i.Column, i.Slot, null, r.Min, r.Max) { Index = i.Index } : i).ToList(),
                graph.Columns, graph.Transforms, translated.Predictor, translated.ClassLabels, metadata);
            var blobModel = ScoringModel.Load(ModelSerializer.Write(Build(null)));

            var gated = new GatedConversion(blobModel, options, metadata, count => OnnxInputs.Synthesize(graph, feeds, translated, count, options.Seed));
            var oracle = new OnnxOracle(bytes, feeds, graph.ScoresOutput!, label, graph.ZipKeys);
            var parity = oracle.Check(blobModel, translated, gated.Rows, gated.Sample, options.Tolerance);
            return gated.Finish(parity, Build);
        }

        internal static string Key(OnnxNode node) => (node.Domain.Length == 0 ? "ai.onnx" : node.Domain) + ":" + node.OpType;
    }
}
