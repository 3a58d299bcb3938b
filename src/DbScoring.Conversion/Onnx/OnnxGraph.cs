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
        private OnnxValue(int column, ColumnKind kind, int width, int[] lineage, OnnxTensor? constant, OnnxCodes? codes = null, OnnxDerived? derived = null)
        {
            Column = column; Kind = kind; Width = width; Lineage = lineage; Constant = constant; Codes = codes; Derived = derived;
        }

        /// <summary>The working column; −1 for a constant.</summary>
        public int Column { get; }
        public ColumnKind Kind { get; }
        public int Width { get; }

        /// <summary>Per slot, the model input whose value it holds unchanged, or −1 (for parity rows aimed at split values).</summary>
        public int[] Lineage { get; }

        public OnnxTensor? Constant { get; }

        /// <summary>Integer codes a LabelEncoder gives the column's values (the column is its source); null otherwise.</summary>
        public OnnxCodes? Codes { get; }

        /// <summary>A value computed from the predictor's outputs (score, label); null otherwise.</summary>
        public OnnxDerived? Derived { get; }

        public static OnnxValue OfColumn(int column, ColumnKind kind, int width, int[] lineage) => new OnnxValue(column, kind, width, lineage, null);

        public static OnnxValue OfConstant(OnnxTensor tensor) => new OnnxValue(-1, ColumnKind.Float, 0, Array.Empty<int>(), tensor);

        public static OnnxValue OfCodes(OnnxValue source, OnnxCodes codes) =>
            new OnnxValue(source.Column, source.Kind, source.Width, Enumerable.Repeat(-1, source.Width).ToArray(), null, codes);

        public static OnnxValue OfDerived(OnnxDerived derived) => new OnnxValue(-1, ColumnKind.Float, 1, new[] { -1 }, null, null, derived);

        /// <summary>A map(int64, float) graph input, until CastMap gives it its inputs.</summary>
        public OnnxMapInput? Map { get; private init; }

        public static OnnxValue OfMap(OnnxMapInput map) => new OnnxValue(-1, ColumnKind.Float, 0, Array.Empty<int>(), null) { Map = map };
    }

    /// <summary>A map(int64, float) graph input: its feed, and how its inputs are named once its width is known.</summary>
    internal sealed class OnnxMapInput
    {
        public OnnxMapInput(OnnxFeed feed, Func<int, IReadOnlyList<string>> names)
        {
            Feed = feed; Names = names;
        }

        public OnnxFeed Feed { get; }
        public Func<int, IReadOnlyList<string>> Names { get; }
    }

    /// <summary>
    /// A LabelEncoder's mapping of a text or number column to numbers (ML.NET's exporter writes its key mapping so): kept
    /// symbolic until an operator reads it — a OneHotEncoder of int64 codes as one vocabulary lookup and one-hot vector,
    /// anything else as the numbers (<see cref="OnnxLabelEncoder.Materialize"/>).
    /// </summary>
    internal sealed class OnnxCodes
    {
        public OnnxCodes(OnnxNode node, IReadOnlyList<(string? Text, float Number, double Value)> entries, double absent, bool integral)
        {
            Node = node; Entries = entries; Absent = absent; Integral = integral;
        }

        /// <summary>The LabelEncoder node, for refusals.</summary>
        public OnnxNode Node { get; }

        /// <summary>Each key (text, or number when the source holds numbers) and its value, first of equal keys only.</summary>
        public IReadOnlyList<(string? Text, float Number, double Value)> Entries { get; }

        /// <summary>The value of any other input (default_int64, default_float).</summary>
        public double Absent { get; }

        /// <summary>Whether the values are int64 codes (values_int64s) rather than floats.</summary>
        public bool Integral { get; }
    }

    /// <summary>
    /// A value computed from the predictor's outputs, as exporters write the calibrated probability and the label after a
    /// raw score (ML.NET: Score · slope + offset → Sigmoid; Binarizer → Cast to bool; label codes → LabelEncoder → text).
    /// </summary>
    internal sealed class OnnxDerived
    {
        /// <summary>True: from the predictor's label output; false: from its score output.</summary>
        public bool FromLabel { get; init; }

        /// <summary>score · Scale + Shift (float), before <see cref="Sigmoid"/>.</summary>
        public float Scale { get; init; } = 1f;
        public float Shift { get; init; }
        public bool Sigmoid { get; init; }

        /// <summary>Binarizer: score &gt; Threshold (the label of a binary model).</summary>
        public float? Threshold { get; init; }

        /// <summary>Label codes → label text (LabelEncoder after a classifier's label).</summary>
        public IReadOnlyDictionary<string, string>? LabelMap { get; init; }

        public bool IsProbability => !FromLabel && Sigmoid && Threshold == null;
        public bool IsScore => !FromLabel && !Sigmoid && Threshold == null && Scale == 1f && Shift == 0f;
        public bool IsLabel => FromLabel || Threshold != null;
    }

    /// <summary>
    /// The blob being built from an ONNX graph: inputs, working columns and transforms, the tensors' values, and the
    /// predictor once its node is translated. Operators (<see cref="OnnxOperator"/>) read and extend it node by node.
    /// </summary>
    internal sealed class OnnxGraph
    {
        private readonly Dictionary<string, OnnxValue> _values = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);

        public OnnxGraph(string source, int? target = null)
        {
            Source = source; Target = target;
        }

        public string Source { get; }

        /// <summary>--target: the target of a several-target regressor to convert; null when none was chosen.</summary>
        public int? Target { get; }

        /// <summary>"target k of n" once a several-target regressor took <see cref="Target"/>; null otherwise.</summary>
        public string? TargetTaken { get; set; }
        public List<ColumnDefinition> Columns { get; } = new List<ColumnDefinition>();
        public List<Transform> Transforms { get; } = new List<Transform>();
        public List<InputColumn> Inputs { get; } = new List<InputColumn>();

        /// <summary>The text values seen per text input (OneHotEncoder categories, LabelEncoder keys), for parity rows.</summary>
        public Dictionary<int, List<string>> Categories { get; } = new Dictionary<int, List<string>>();

        /// <summary>The model inputs fed to ONNX Runtime as int64 or int32 (whole numbers).</summary>
        public HashSet<int> IntegerInputs { get; } = new HashSet<int>();

        /// <summary>The graph inputs of element type int32 (by tensor name), which some operators compute in int32.</summary>
        public HashSet<string> Int32Tensors { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The numbers a pre-processing operator tests for per number input (LabelEncoder keys), for parity rows.</summary>
        public Dictionary<int, List<float>> Values { get; } = new Dictionary<int, List<float>>();

        public List<string> CategoriesOf(int input) => Categories.TryGetValue(input, out var list) ? list : Categories[input] = new List<string>();

        public List<float> ValuesOf(int input) => Values.TryGetValue(input, out var list) ? list : Values[input] = new List<float>();

        /// <summary>The translated predictor and its node; null until the predictor node is reached.</summary>
        public OnnxTranslatedPredictor? Predictor { get; set; }
        public OnnxNode? PredictorNode { get; set; }

        /// <summary>The linear model of a MatMul/Gemm predictor, while Add/Sub/Softmax/Sigmoid after it may still extend it; null otherwise.</summary>
        public OnnxMatrixLinear? MatrixLinear { get; set; }

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
            if (value.Map != null)
                throw Refuse(node, $"the map input '{node.Inputs[index]}'", "a map(int64, float) input through CastMap only");
            if (value.Derived != null)
                throw Refuse(node, $"input '{node.Inputs[index]}' computed from the predictor's output", "this operator on the predictor's score only as an exporter's calibration or label step (Mul, Add, Sub, Sigmoid, Binarizer, Cast, LabelEncoder, ZipMap)");
            if (value.Column < 0)
                throw Refuse(node, $"input '{node.Inputs[index]}' is a constant", "the operator on a column of the model's inputs");
            if (value.Codes != null) value = OnnxLabelEncoder.Materialize(this, node.Inputs[index], value);
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

        /// <summary>Input <paramref name="index"/> of <paramref name="node"/> as it is: column, constant, codes or derived.</summary>
        public OnnxValue Value(OnnxNode node, int index)
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
