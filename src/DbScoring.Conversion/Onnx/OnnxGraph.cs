using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// What an ONNX tensor is while the graph is translated: a working column of the blob (float or text, one row's
    /// values as a vector of <see cref="Width"/> slots), or a constant.
    /// </summary>
    internal sealed class OnnxValue
    {
        private OnnxValue(int column, ColumnKind kind, int width, int[] lineage, OnnxTensor? constant)
        {
            Column = column; Kind = kind; Width = width; Lineage = lineage; Constant = constant;
        }

        /// <summary>The working column; −1 for a constant.</summary>
        public int Column { get; }
        public ColumnKind Kind { get; }
        public int Width { get; }

        /// <summary>Per slot, the model input whose value it holds unchanged, or −1 (for parity rows aimed at split values).</summary>
        public int[] Lineage { get; }

        public OnnxTensor? Constant { get; }

        public static OnnxValue OfColumn(int column, ColumnKind kind, int width, int[] lineage) => new OnnxValue(column, kind, width, lineage, null);

        public static OnnxValue OfConstant(OnnxTensor tensor) => new OnnxValue(-1, ColumnKind.Float, 0, Array.Empty<int>(), tensor);
    }

    /// <summary>
    /// The blob being built from an ONNX graph: inputs, working columns and transforms, the tensors' values, and the
    /// predictor once its node is translated. Operators (<see cref="OnnxOperator"/>) read and extend it node by node.
    /// </summary>
    internal sealed class OnnxGraph
    {
        private readonly Dictionary<string, OnnxValue> _values = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);

        public OnnxGraph(string source) => Source = source;

        public string Source { get; }
        public List<ColumnDefinition> Columns { get; } = new List<ColumnDefinition>();
        public List<Transform> Transforms { get; } = new List<Transform>();
        public List<InputColumn> Inputs { get; } = new List<InputColumn>();

        /// <summary>The text values seen per text input (OneHotEncoder categories), for parity rows.</summary>
        public Dictionary<int, List<string>> Categories { get; } = new Dictionary<int, List<string>>();

        /// <summary>The translated predictor and its node; null until the predictor node is reached.</summary>
        public OnnxTranslatedPredictor? Predictor { get; set; }
        public OnnxNode? PredictorNode { get; set; }

        /// <summary>Per predictor feature, the model input it is an unchanged copy of, or −1.</summary>
        public int[] PredictorLineage { get; set; } = Array.Empty<int>();

        /// <summary>The outputs of the predictor as the graph exposes them: scores (maybe through ZipMap) and label.</summary>
        public string? ScoresOutput { get; set; }
        public string? LabelOutput { get; set; }
        public IReadOnlyList<string>? ZipKeys { get; set; }

        public int AddColumn(string name, ColumnKind kind, int width)
        {
            Columns.Add(new ColumnDefinition(name, kind, width));
            return Columns.Count - 1;
        }

        public void Set(string name, OnnxValue value) => _values[name] = value;

        public bool TryGet(string name, out OnnxValue value) => _values.TryGetValue(name, out value!);

        /// <summary>Input <paramref name="index"/> of <paramref name="node"/> as a working column (of <paramref name="kind"/> when given).</summary>
        public OnnxValue Column(OnnxNode node, int index, ColumnKind? kind = null)
        {
            var value = Value(node, index);
            if (value.Column < 0)
                throw Refuse(node, $"input '{node.Inputs[index]}' is a constant", "the operator on a column of the model's inputs");
            if (kind is ColumnKind k && value.Kind != k)
                throw Refuse(node, $"input '{node.Inputs[index]}' holds {Describe(value.Kind)}", Describe(k) + " there");
            return value;
        }

        /// <summary>Input <paramref name="index"/> of <paramref name="node"/> as a constant tensor.</summary>
        public OnnxTensor Constant(OnnxNode node, int index)
        {
            var value = Value(node, index);
            return value.Constant ?? throw Refuse(node, $"input '{node.Inputs[index]}' is computed from the model's inputs", "a constant there");
        }

        private OnnxValue Value(OnnxNode node, int index)
        {
            if (index >= node.Inputs.Count || node.Inputs[index].Length == 0) throw OnnxTreeEnsemble.Malformed(node, $"it has no input {index}");
            return _values.TryGetValue(node.Inputs[index], out var value) ? value
                : throw OnnxTreeEnsemble.Malformed(node, $"its input '{node.Inputs[index]}' is not computed before it (the graph is not in topological order)");
        }

        /// <summary>Adds <paramref name="transform"/>, whose destination is a new column, and returns that column's value.</summary>
        public OnnxValue Add(string output, ColumnKind kind, int width, int[] lineage, Func<int, Transform> transform)
        {
            int column = AddColumn(output, kind, width);
            Transforms.Add(transform(column));
            var value = OnnxValue.OfColumn(column, kind, width, lineage);
            Set(output, value);
            return value;
        }

        public ModelConversionException Refuse(OnnxNode node, string what, string supported) =>
            new ModelConversionException($"{Source}: the ONNX operator {node.Describe()} has {what}; DbScoring converts {supported}, so the model was not converted.", node.Describe());

        private static string Describe(ColumnKind kind) => kind == ColumnKind.Text ? "text" : kind == ColumnKind.Key ? "keys" : "numbers";

        /// <summary>An attribute's integer, or <paramref name="absent"/>.</summary>
        public static long Int(OnnxNode node, string name, long absent) => OnnxTreeEnsemble.Int(node, name, absent);

        /// <summary>A constant's values as floats, refusing integers that float cannot hold exactly.</summary>
        public float[] Floats(OnnxNode node, OnnxTensor tensor)
        {
            if (tensor.Texts.Count > 0) throw Refuse(node, $"the text constant '{tensor.Name}'", "numeric constants there");
            return tensor.Numbers.Select(v => (float)v).ToArray();
        }

        public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
