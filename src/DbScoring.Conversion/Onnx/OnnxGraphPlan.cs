using System;
using System.Collections.Generic;
using System.Linq;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// Which nodes and inputs of a graph make the prediction: the predictor, everything it reads (back to the graph's
    /// inputs), and everything computed from its outputs. Exporters add side branches — ML.NET's exporter copies every
    /// column to an output and encodes slot names — which do not change the prediction; they are left out, and inputs
    /// only they read (label columns, unused columns) do not become inputs of the model.
    /// </summary>
    internal sealed class OnnxGraphPlan
    {
        private OnnxGraphPlan(OnnxNode predictor, HashSet<OnnxNode> nodes, HashSet<string> inputs)
        {
            Predictor = predictor; Nodes = nodes; Inputs = inputs;
        }

        public OnnxNode Predictor { get; }

        /// <summary>The nodes translated, in graph order when enumerated from the model.</summary>
        public HashSet<OnnxNode> Nodes { get; }

        /// <summary>The graph inputs the predictor reads (directly or through the nodes before it).</summary>
        public HashSet<string> Inputs { get; }

        public static OnnxGraphPlan Find(OnnxModel onnx, string source)
        {
            var predictors = onnx.Nodes.Where(n => SupportedComponents.OnnxOperators.TryGetValue(OnnxConverter.Key(n), out var op) && op.IsPredictor).ToList();
            if (predictors.Count == 0)
            {
                var unknown = onnx.Nodes.FirstOrDefault(n => !SupportedComponents.OnnxOperators.ContainsKey(OnnxConverter.Key(n)));
                if (unknown != null) throw SupportedComponents.RefuseOnnx(unknown, source);
                throw new ModelConversionException($"{source} has no predictor operator ({string.Join(", ", onnx.Nodes.Select(n => n.Describe()))}).");
            }
            if (predictors.Count > 1)
                throw new ModelConversionException($"{source} has {predictors.Count} predictor operators ({string.Join(", ", predictors.Select(n => n.Describe()))}); DbScoring converts graphs of one.");
            var predictor = predictors[0];
            var producer = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
            foreach (var node in onnx.Nodes)
                foreach (string output in node.Outputs.Where(o => o.Length > 0)) producer[output] = node;
            var graphInputs = new HashSet<string>(onnx.Inputs.Select(i => i.Name), StringComparer.Ordinal);

            // Backwards from the predictor.
            var nodes = new HashSet<OnnxNode> { predictor };
            var inputs = new HashSet<string>(StringComparer.Ordinal);
            void Backward(IEnumerable<string> names)
            {
                var pending = new Stack<string>(names);
                while (pending.Count > 0)
                {
                    string name = pending.Pop();
                    if (graphInputs.Contains(name)) { inputs.Add(name); continue; }
                    if (producer.TryGetValue(name, out var node) && nodes.Add(node))
                        foreach (string input in node.Inputs.Where(i => i.Length > 0)) pending.Push(input);
                }
            }
            Backward(predictor.Inputs);
            // Forwards from its outputs: every node reading a value computed from them (graph order is topological),
            // with whatever else such a node reads.
            var derived = new HashSet<string>(predictor.Outputs, StringComparer.Ordinal);
            foreach (var node in onnx.Nodes)
            {
                if (node == predictor || !node.Inputs.Any(derived.Contains)) continue;
                nodes.Add(node);
                foreach (string output in node.Outputs) derived.Add(output);
                Backward(node.Inputs.Where(i => i.Length > 0 && !derived.Contains(i)));
            }
            foreach (var node in onnx.Nodes.Where(nodes.Contains))
                if (!SupportedComponents.OnnxOperators.ContainsKey(OnnxConverter.Key(node))) throw SupportedComponents.RefuseOnnx(node, source);
            return new OnnxGraphPlan(predictor, nodes, inputs);
        }
    }
}
