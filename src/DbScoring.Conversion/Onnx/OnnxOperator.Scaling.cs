using System.Globalization;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>The pre-processing operators that divide: Normalizer (by a row's norm) and Div (by a constant).</summary>
    internal sealed partial class OnnxOperator
    {
        public static OnnxOperator Normalizer { get; } = new OnnxOperator(
            "LpNormalize: each row divided by its norm, norm MAX, L1 or L2, in ONNX Runtime's float order of operations (L2: ±√(x² / Σ x²))",
            (node, graph) =>
            {
                var x = graph.Column(node, 0, ColumnKind.Float);
                string norm = node.Attributes.TryGetValue("norm", out var n) ? n.S : "MAX";
                var kind = norm switch
                {
                    "MAX" => LpNorm.Max,
                    "L1" => LpNorm.L1,
                    "L2" => LpNorm.L2,
                    _ => throw OnnxTreeEnsemble.Malformed(node, $"norm '{norm}' is not MAX, L1 or L2"),
                };
                // ONNX Runtime squares the input in its own type (normalizer.cc: x * x), which overflows int32 beyond ±46,340;
                // DbScoring squares the float. (An int64 within ±2^24, which a float holds exactly, squares to the same float.)
                if (kind == LpNorm.L2 && graph.Int32Tensors.Contains(node.Inputs[0]))
                    throw graph.Refuse(node, $"norm L2 on the int32 input '{node.Inputs[0]}' (ONNX Runtime squares it in int32, which overflows beyond ±46,340)",
                        "L2 of float, double and int64 tensors: Cast the input to FLOAT in front of the Normalizer");
                graph.Add(node.Outputs[0], ColumnKind.Float, x.Width, Unknown(x.Width), c => new LpNormalizeTransform(x.Column, c, kind));
            });

        public static OnnxOperator Div { get; } = new OnnxOperator(
            "÷ a float constant (one value or one per slot): Divide, one float division per slot as in ONNX Runtime (not × the reciprocal, which rounds twice)",
            (node, graph) =>
            {
                if (node.Inputs.Count != 2) throw OnnxTreeEnsemble.Malformed(node, $"it has {node.Inputs.Count} inputs");
                if (graph.Value(node, 0).Constant != null) throw graph.Refuse(node, "a constant divided by a column", "column ÷ constant");
                var divisor = graph.Constant(node, 1);
                // Div divides integers with truncation and doubles in double; DbScoring's columns are floats.
                if (divisor.DataType != OnnxTensor.Float)
                    throw graph.Refuse(node, $"the divisor '{divisor.Name}' of element type {divisor.DataType.ToString(CultureInfo.InvariantCulture)}", "Div of floats (element type 1): ONNX Runtime divides integers with truncation and doubles in double");
                if (graph.Value(node, 0).Derived != null) throw graph.Refuse(node, "the predictor's output as its input", "Div of a column in front of the predictor");
                var x = graph.Column(node, 0, ColumnKind.Float);
                var c = graph.Floats(node, divisor);
                if (c.Length != 1 && c.Length != x.Width) throw graph.Refuse(node, $"a divisor of {c.Length} values for rows of {x.Width}", "a divisor of one value or one per slot");
                var divisors = Enumerable.Range(0, x.Width).Select(i => c[c.Length == 1 ? 0 : i]).ToArray();
                graph.Add(node.Outputs[0], ColumnKind.Float, x.Width, Unknown(x.Width), t => new DivideTransform(x.Column, t, divisors));
            });
    }
}
