using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// How one ONNX operator is converted; one instance per entry of <see cref="SupportedComponents.OnnxOperators"/>.
    /// Each reads its inputs' values from the <see cref="OnnxGraph"/> and sets its outputs' values, adding transforms
    /// (pre-processing), the predictor, or the mapping of the predictor's outputs.
    /// </summary>
    internal sealed partial class OnnxOperator
    {
        private OnnxOperator(string description, Action<OnnxNode, OnnxGraph> apply, bool isPredictor = false)
        {
            Description = description;
            Apply = apply;
            IsPredictor = isPredictor;
        }

        /// <summary>Whether the operator is the model's predictor (a graph holds exactly one).</summary>
        public bool IsPredictor { get; }

        /// <summary>What it becomes, for the docs.</summary>
        public string Description { get; }

        /// <summary>Translates the node into the graph.</summary>
        public Action<OnnxNode, OnnxGraph> Apply { get; }

        // ---- predictors ----

        public static OnnxOperator TreeEnsembleRegressor { get; } = Predictor(
            "regression: Score = Σ trees (float, in listed order; each leaf's first weight) + base value, or the AVERAGE without a base value; " +
            "node modes BRANCH_LEQ/LT/GTE/GT and BRANCH_EQ/NEQ (as two splits, x < v then x ≤ v), missing-value tracks; post_transform PROBIT applied, the others do nothing to one target in ONNX Runtime; " +
            "several targets: one per model, chosen with --target k (its weights, base_values[k]; post_transform NONE or PROBIT); " +
            "the *_as_tensor double attributes (nodes_values, target_weights, base_values): double thresholds and weights, added in double, as TreeEnsemble's double tensors",
            (node, graph, features) => OnnxTreeRegressor.Translate(node, graph, features));

        public static OnnxOperator TreeEnsemble { get; } = Predictor(
            "the TreeEnsemble of ai.onnx.ml 5 with one target, as TreeEnsembleRegressor: tensor attributes, node modes 0–5 and BRANCH_MEMBER (6: x in a set of values, " +
            "a categorical split over exact-value indicators: NumericValueToKey + KeyToVector), float thresholds and weights (added in float) or double ones (added in double; a double threshold becomes the float test " +
            "that is the same for every float input); aggregate_function SUM, AVERAGE, and MIN/MAX over one tree; several targets: one per model with --target k",
            OnnxTreeRegressor.TranslateV5);

        public static OnnxOperator TreeEnsembleClassifier { get; } = Predictor(
            "two classes: Score = the scored class's Σ trees (+ base value), Probability = ONNX Runtime's class-1 probability (LOGISTIC, or the sum itself " +
            "when no weight is negative), label by ONNX Runtime's rule; three or more: class scores = post_transform (NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO, PROBIT) " +
            "of Σ trees + base values, label = largest raw score; int64 or string labels; the *_as_tensor double attributes: sums in double, as for a double input in ONNX Runtime",
            OnnxTreeClassifier.Translate);

        public static OnnxOperator LinearRegressor { get; } = Predictor(
            "regression: Score = intercept + Σ coefficient·x (float); post_transform PROBIT applied, the others do nothing to one target in ONNX Runtime; " +
            "several targets: one per model, chosen with --target k (post_transform NONE or PROBIT)",
            (node, graph, features) => OnnxLinear.Regressor(node, graph, features));

        public static OnnxOperator LinearClassifier { get; } = Predictor(
            "one target and two labels: binary, Score = w·x + b, label = Score > 0, Probability = logistic(Score) under LOGISTIC; " +
            "K targets: class scores = post_transform of the K scores, label = largest raw score; int64 or string labels",
            OnnxLinear.Classifier);

        public static OnnxOperator MatMul { get; } = Predictor(
            "with a constant [F, K] of weights: a linear model (K = 1: regression; K ≥ 2: multiclass, labels 0…K−1); an Add or Sub of a constant after it is the intercept",
            OnnxMatrixLinear.MatMul);

        public static OnnxOperator Gemm { get; } = Predictor(
            "alpha = 1, beta = 1, transA = 0, constant B (transB either way) and C: a linear model as MatMul + intercept",
            OnnxMatrixLinear.Gemm);

        private static OnnxOperator Predictor(string description, Func<OnnxNode, int, int, OnnxTranslatedPredictor> translate) =>
            Predictor(description, (node, graph, features) => translate(node, features.Column, features.Width));

        /// <summary>A predictor whose translation may add transforms in front of it (<paramref name="translate"/> gets the graph).</summary>
        private static OnnxOperator Predictor(string description, Func<OnnxNode, OnnxGraph, OnnxValue, OnnxTranslatedPredictor> translate) => new OnnxOperator(description,
            (node, graph) =>
            {
                if (graph.Predictor != null) throw graph.Refuse(node, $"a second predictor after {graph.PredictorNode!.Describe()}", "graphs of one predictor");
                var features = graph.Column(node, 0, ColumnKind.Float);
                graph.Predictor = translate(node, graph, features);
                graph.PredictorNode = node;
                graph.PredictorLineage = features.Lineage;
                bool classifier = node.Outputs.Count > 1;
                if (classifier)
                {
                    graph.LabelOutput = node.Outputs[0];
                    graph.ScoresOutput = node.Outputs[1];
                    graph.Set(node.Outputs[0], OnnxValue.OfDerived(new OnnxDerived { FromLabel = true }));
                }
                else graph.ScoresOutput = node.Outputs[0];
                graph.Set(graph.ScoresOutput, OnnxValue.OfDerived(new OnnxDerived()));
            }, isPredictor: true);

        // ---- outputs ----

        public static OnnxOperator ZipMap { get; } = new OnnxOperator(
            "the classifier's probabilities as a map per row: read by class label into the class scores / Probability",
            (node, graph) =>
            {
                if (graph.Predictor == null || node.Inputs.Count != 1 || node.Inputs[0] != graph.ScoresOutput || graph.LabelOutput == null)
                    throw graph.Refuse(node, "an input other than the classifier's probabilities", "a ZipMap of the classifier's probabilities");
                if (node.Attributes.TryGetValue("classlabels_int64s", out var ints) && ints.Ints.Count > 0)
                    graph.ZipKeys = ints.Ints.Select(OnnxGraph.Text).ToList();
                else if (node.Attributes.TryGetValue("classlabels_strings", out var strings) && strings.Strings.Count > 0)
                    graph.ZipKeys = strings.Strings;
                else throw OnnxTreeEnsemble.Malformed(node, "it has no class labels");
                graph.ScoresOutput = node.Outputs[0];
                graph.Set(node.Outputs[0], OnnxValue.OfDerived(new OnnxDerived()));
            });

        // ---- pre-processing ----

        public static OnnxOperator Constant { get; } = new OnnxOperator(
            "a constant tensor ('value'), for the operators that take constant inputs",
            (node, graph) =>
            {
                var value = node.Attributes.TryGetValue("value", out var a) ? a.Tensor : null;
                if (value == null) throw graph.Refuse(node, "no tensor 'value' (value_float, value_ints, sparse values)", "Constant nodes with a tensor value");
                graph.Set(node.Outputs[0], OnnxValue.OfConstant(value));
            });

        public static OnnxOperator Identity { get; } = new OnnxOperator("the same values", Alias);

        public static OnnxOperator Cast { get; } = new OnnxOperator(
            "to FLOAT of numbers: the same values (inputs are held as floats; a double input is rounded to float on entry, as Cast does); " +
            "to integers of LabelEncoder codes, and of the predictor's label or score (to bool): the same values",
            (node, graph) =>
            {
                long to = OnnxGraph.Int(node, "to", 0);
                var value = graph.Value(node, 0);
                // After the predictor (a label to bool or to integers) and on LabelEncoder codes (to integer types) the values stay.
                if (value.Derived != null || value.Codes != null && value.Codes.Integral && IntegerTypes.Contains(to)) { Alias(node, graph); return; }
                if (to != OnnxTensor.Float) throw graph.Refuse(node, $"to = {to}", "Cast to FLOAT (1) of numbers, Cast of LabelEncoder codes to integers, Cast of the predictor's outputs");
                graph.Column(node, 0, ColumnKind.Float);
                Alias(node, graph);
            });

        public static OnnxOperator Scaler { get; } = new OnnxOperator(
            "AffineNormalize: (x − offset) · scale in float, per slot",
            (node, graph) =>
            {
                var x = graph.Column(node, 0, ColumnKind.Float);
                var scale = PerSlot(node, graph, "scale", x.Width, 1f);
                var offset = PerSlot(node, graph, "offset", x.Width, 0f);
                graph.Add(node.Outputs[0], ColumnKind.Float, x.Width, Unknown(x.Width), c => new AffineNormalizeTransform(x.Column, c, scale, offset));
            });

        public static OnnxOperator Imputer { get; } = new OnnxOperator(
            "ReplaceMissing: NaN → imputed_value_floats per slot; another replaced_value_float, or an int64 Imputer " +
            "(replaced_value_int64 → imputed_value_int64s): ReplaceValue, x equal to it → the slot's value",
            (node, graph) =>
            {
                var x = graph.Column(node, 0, ColumnKind.Float);
                float[] values;
                float replaced;
                if (node.Attributes.ContainsKey("imputed_value_int64s"))
                {
                    // ONNX Runtime compares the int64 values exactly; DbScoring's numbers are floats, exact within ±2^24.
                    var ints = node.Attributes["imputed_value_int64s"].Ints;
                    long from = node.Attributes.TryGetValue("replaced_value_int64", out var ri) ? ri.I : throw OnnxTreeEnsemble.Malformed(node, "replaced_value_int64 is missing");
                    if (ints.Append(from).Any(v => Math.Abs(v) > 1 << 24))
                        throw graph.Refuse(node, "an int64 replaced or imputed value beyond ±2^24, which a float cannot hold", "int64 values within ±16,777,216");
                    if (ints.Count != 1 && ints.Count != x.Width)
                        throw graph.Refuse(node, $"{ints.Count} values of imputed_value_int64s for {x.Width} slots", "one imputed_value_int64s value, or one per slot");
                    values = Enumerable.Range(0, x.Width).Select(i => (float)ints[ints.Count == 1 ? 0 : i]).ToArray();
                    replaced = from;
                }
                else
                {
                    values = PerSlot(node, graph, "imputed_value_floats", x.Width, null);
                    replaced = node.Attributes.TryGetValue("replaced_value_float", out var r) ? r.F : throw OnnxTreeEnsemble.Malformed(node, "replaced_value_float is missing");
                }
                if (float.IsNaN(replaced)) graph.Add(node.Outputs[0], ColumnKind.Float, x.Width, x.Lineage, c => new ReplaceMissingTransform(x.Column, c, values));
                else
                {
                    foreach (int input in x.Lineage.Where(i => i >= 0)) graph.ValuesOf(input).Add(replaced);   // parity rows on the replaced value
                    graph.Add(node.Outputs[0], ColumnKind.Float, x.Width, x.Lineage, c => new ReplaceValueTransform(x.Column, c, replaced, values));
                }
            });

        public static OnnxOperator Concat { get; } = new OnnxOperator(
            "Concatenate on the last axis (axis 1 or −1)",
            (node, graph) =>
            {
                long axis = OnnxGraph.Int(node, "axis", 1);
                if (axis != 1 && axis != -1) throw graph.Refuse(node, $"axis {axis}", "concatenation along axis 1 (−1) of [N, k] tensors");
                Concatenate(node, graph, Enumerable.Range(0, node.Inputs.Count).Select(i => graph.Column(node, i)).ToList());
            });

        public static OnnxOperator FeatureVectorizer { get; } = new OnnxOperator(
            "Concatenate (inputdimensions equal to the inputs' widths)",
            (node, graph) =>
            {
                var parts = Enumerable.Range(0, node.Inputs.Count).Select(i => graph.Column(node, i, ColumnKind.Float)).ToList();
                var dims = node.Attributes.TryGetValue("inputdimensions", out var d) ? d.Ints : new List<long>();
                if (dims.Count != parts.Count || dims.Where((w, i) => w != parts[i].Width).Any())
                    throw graph.Refuse(node, $"inputdimensions [{string.Join(", ", dims)}] for inputs of widths [{string.Join(", ", parts.Select(p => p.Width))}]", "inputdimensions equal to the inputs' widths");
                Concatenate(node, graph, parts);
            });

        public static OnnxOperator OneHotEncoder { get; } = new OnnxOperator(
            "ValueToKey + KeyToVector over cats_strings; over cats_int64s of LabelEncoder codes (the vocabulary is the encoder's keys, a number key through NumericValueToKey) " +
            "or of int64/int32 inputs (NumericValueToKey over the categories); zeros = 1: an unknown or missing category gives all zeros",
            (node, graph) =>
            {
                if (OnnxGraph.Int(node, "zeros", 1) != 1) throw graph.Refuse(node, "zeros = 0 (an unknown category fails in ONNX Runtime)", "zeros = 1");
                var value = graph.Value(node, 0);
                if (value.Codes != null) { OneHotCodes(node, graph); return; }
                if (value.Kind == ColumnKind.Float && value.Column >= 0 && value.Derived == null) { OneHotIntegers(node, graph); return; }
                var x = graph.Column(node, 0, ColumnKind.Text);
                var categories = node.Attributes.TryGetValue("cats_strings", out var c) ? c.Strings : new List<string>();
                if (categories.Count == 0) throw graph.Refuse(node, "no cats_strings (numeric categories) on a column that is not LabelEncoder codes", "OneHotEncoder over text categories, or over the codes of a LabelEncoder");
                if (categories.Contains("")) throw graph.Refuse(node, "the empty category", "non-empty categories (an empty text is missing in DbScoring)");
                if (categories.Distinct(StringComparer.Ordinal).Count() != categories.Count) throw OnnxTreeEnsemble.Malformed(node, "a category is listed twice");
                foreach (int input in x.Lineage.Where(i => i >= 0)) graph.CategoriesOf(input).AddRange(categories);
                int keys = graph.AddColumn(node.Outputs[0] + ".key", ColumnKind.Key, x.Width);
                graph.Columns[keys] = new ColumnDefinition(node.Outputs[0] + ".key", ColumnKind.Key, x.Width, categories.Count);
                graph.Transforms.Add(new ValueToKeyTransform(x.Column, keys, categories.ToArray()));
                graph.Add(node.Outputs[0], ColumnKind.Float, x.Width * categories.Count, Unknown(x.Width * categories.Count), d => new KeyToVectorTransform(keys, d, bag: false));
            });

        public static OnnxOperator Flatten { get; } = new OnnxOperator(
            "the same values (axis 1: every row stays one vector)",
            (node, graph) =>
            {
                if (OnnxGraph.Int(node, "axis", 1) != 1) throw graph.Refuse(node, $"axis {OnnxGraph.Int(node, "axis", 1)}", "Flatten with axis 1");
                if (graph.Value(node, 0).Derived == null) graph.Column(node, 0);
                Alias(node, graph);
            });

        public static OnnxOperator Reshape { get; } = new OnnxOperator(
            "the same values, when the constant shape keeps the rows ([−1 or 0, …] whose other dimensions hold a row's values)",
            (node, graph) =>
            {
                if (graph.Value(node, 0).Derived != null) { Alias(node, graph); return; }   // the predictor's [N] outputs as [N, 1]
                var x = graph.Column(node, 0);
                var shape = graph.Constant(node, 1).Numbers;
                long rest = shape.Skip(1).Aggregate(1L, (a, v) => a * (long)v);
                bool keepsRows = shape.Count >= 1 && (shape[0] == -1 && rest == x.Width || shape[0] == 0 && shape.Skip(1).All(v => v > 0) && rest == x.Width);
                if (!keepsRows) throw graph.Refuse(node, $"the shape [{string.Join(", ", shape)}] for rows of {x.Width} values", "a Reshape that keeps one row per row");
                Alias(node, graph);
            });

        public static OnnxOperator ArrayFeatureExtractor { get; } = new OnnxOperator(
            "SelectSlots: the slots at the constant int64 indices (0 ≤ i < F) of each row, in the indices' order",
            (node, graph) => SelectSlots(node, graph, negativeFromEnd: false));

        public static OnnxOperator Gather { get; } = new OnnxOperator(
            "SelectSlots: along axis 1 (−1) of an [N, F] tensor with constant indices (negative ones count from the end); other axes are refused",
            (node, graph) =>
            {
                long axis = OnnxGraph.Int(node, "axis", 0);
                if (axis != 1 && axis != -1) throw graph.Refuse(node, $"axis {axis}", "Gather along axis 1 (−1) with constant indices (axis 0 would pick rows)");
                SelectSlots(node, graph, negativeFromEnd: true);
            });

        /// <summary>The slots of input 0 at the constant indices of input 1.</summary>
        private static void SelectSlots(OnnxNode node, OnnxGraph graph, bool negativeFromEnd)
        {
            var x = graph.Column(node, 0);
            var indices = graph.Constant(node, 1);
            if (indices.Texts.Count > 0 || indices.Numbers.Count == 0) throw graph.Refuse(node, $"the indices '{indices.Name}' that are not integers", "constant integer indices");
            var slots = new int[indices.Numbers.Count];
            for (int j = 0; j < slots.Length; j++)
            {
                double i = indices.Numbers[j];
                if (negativeFromEnd && i < 0) i += x.Width;
                if (i < 0 || i >= x.Width || i != Math.Floor(i))
                    throw OnnxTreeEnsemble.Malformed(node, $"index {indices.Numbers[j]} is outside the {x.Width} values of a row");
                slots[j] = (int)i;
            }
            graph.Add(node.Outputs[0], x.Kind, slots.Length, slots.Select(s => x.Lineage[s]).ToArray(), c => new SelectSlotsTransform(x.Column, c, slots));
        }

        public static OnnxOperator Squeeze { get; } = RowPreserving("Squeeze");
        public static OnnxOperator Unsqueeze { get; } = RowPreserving("Unsqueeze");

        /// <summary>Squeeze/Unsqueeze on axes other than 0 (from the 'axes' attribute or a constant input): the same values.</summary>
        private static OnnxOperator RowPreserving(string name) => new OnnxOperator(
            "the same values, on constant axes other than 0",
            (node, graph) =>
            {
                if (graph.Value(node, 0).Derived == null) graph.Column(node, 0);
                var axes = node.Attributes.TryGetValue("axes", out var a) ? a.Ints.Select(v => (double)v).ToList()
                    : node.Inputs.Count > 1 ? graph.Constant(node, 1).Numbers : null;
                if (axes == null || axes.Count == 0 || axes.Contains(0)) throw graph.Refuse(node, "no constant axes, or axis 0", name + " on constant axes other than 0");
                Alias(node, graph);
            });

        public static OnnxOperator LabelEncoder { get; } = new OnnxOperator(
            "text or number keys → int64 or float values (versions 1–4: keys_*/values_* lists or tensors, classes_strings), other inputs → the default: " +
            "int64 codes into a OneHotEncoder become its vocabulary lookup; read as numbers: ValueToKey or NumericValueToKey + KeyToNumber; " +
            "after a classifier, int64 label codes → text labels",
            OnnxLabelEncoder.Apply);

        public static OnnxOperator Mul { get; } = Arithmetic("Mul", "× a constant: AffineNormalize with scale c (exact in float); on the predictor's score, the slope of its calibration");
        public static OnnxOperator Add { get; } = Arithmetic("Add", "+ a constant: AffineNormalize with offset −c (x − (−c) is x + c in float); on the predictor's score, the offset of its calibration");
        public static OnnxOperator Sub { get; } = Arithmetic("Sub", "− a constant: AffineNormalize with offset c");

        private static OnnxOperator Arithmetic(string op, string description) => new OnnxOperator(description,
            (node, graph) =>
            {
                if (node.Inputs.Count != 2) throw OnnxTreeEnsemble.Malformed(node, $"it has {node.Inputs.Count} inputs");
                var left = graph.Value(node, 0);
                int variable = left.Constant != null ? 1 : 0;
                if (variable == 1 && op == "Sub") throw graph.Refuse(node, "a constant minus a column", "column − constant");
                var x = graph.Value(node, variable);
                var c = graph.Floats(node, graph.Constant(node, 1 - variable));
                if (x.Derived != null && graph.MatrixLinear is OnnxMatrixLinear linear && linear.Bias == null && linear.Post == "NONE"
                    && node.Inputs[variable] == graph.ScoresOutput && op != "Mul")
                {
                    // The intercept of a MatMul's scores: s + b (s − b = s + (−b) in float).
                    if (c.Length != 1 && c.Length != linear.Scores) throw graph.Refuse(node, $"a constant of {c.Length} values for {linear.Scores} scores", "one intercept, or one per score");
                    OnnxMatrixLinear.Continue(graph, node, linear.WithBias(op == "Sub" ? c.Select(v => -v).ToArray() : c));
                    return;
                }
                if (x.Derived is OnnxDerived d)
                {
                    if (c.Length != 1 || d.FromLabel || d.Sigmoid || d.Threshold != null) throw graph.Refuse(node, "arithmetic on the predictor's label, probability or with several constants", $"{op} of one constant on the score");
                    float v = c[0];
                    graph.Set(node.Outputs[0], OnnxValue.OfDerived(op switch
                    {
                        "Mul" => new OnnxDerived { Scale = d.Scale * v, Shift = d.Shift * v },
                        "Add" => new OnnxDerived { Scale = d.Scale, Shift = d.Shift + v },
                        _ => new OnnxDerived { Scale = d.Scale, Shift = d.Shift - v },
                    }));
                    return;
                }
                var column = graph.Column(node, variable, ColumnKind.Float);
                if (c.Length != 1 && c.Length != column.Width) throw graph.Refuse(node, $"a constant of {c.Length} values for rows of {column.Width}", "a constant of one value or one per slot");
                float[] Fill(Func<float, float> f) => Enumerable.Range(0, column.Width).Select(i => f(c[c.Length == 1 ? 0 : i])).ToArray();
                var scale = op == "Mul" ? Fill(v => v) : Fill(_ => 1f);
                var offset = op == "Mul" ? Fill(_ => 0f) : op == "Add" ? Fill(v => -v) : Fill(v => v);
                graph.Add(node.Outputs[0], ColumnKind.Float, column.Width, Unknown(column.Width), t => new AffineNormalizeTransform(column.Column, t, scale, offset));
            });

        public static OnnxOperator Sigmoid { get; } = new OnnxOperator(
            "on the predictor's score (after Mul/Add): Probability = 1 / (1 + exp(−(a·score + b))), a Platt calibrator; on the K scores of a MatMul/Gemm: class scores = logistic of each",
            (node, graph) =>
            {
                var d = graph.Value(node, 0).Derived;
                if (d != null && graph.MatrixLinear is OnnxMatrixLinear linear && linear.Scores > 1 && linear.Post == "NONE" && node.Inputs[0] == graph.ScoresOutput)
                {
                    OnnxMatrixLinear.Continue(graph, node, linear.WithPost("LOGISTIC"));   // class scores = logistic of each score
                    return;
                }
                if (d == null || d.FromLabel || d.Sigmoid || d.Threshold != null) throw graph.Refuse(node, "an input other than the predictor's (scaled) score", "Sigmoid of the predictor's score");
                graph.Set(node.Outputs[0], OnnxValue.OfDerived(new OnnxDerived { Scale = d.Scale, Shift = d.Shift, Sigmoid = true }));
            });

        public static OnnxOperator Softmax { get; } = new OnnxOperator(
            "on the K scores of a MatMul/Gemm (axis 1 or −1): class scores = softmax, as ONNX Runtime computes it",
            (node, graph) =>
            {
                long axis = OnnxGraph.Int(node, "axis", -1);
                if (axis != 1 && axis != -1) throw graph.Refuse(node, $"axis {axis}", "Softmax over the scores of a row (axis 1 or −1)");
                if (!(graph.Value(node, 0).Derived != null && graph.MatrixLinear is OnnxMatrixLinear linear && linear.Scores > 1 && linear.Post == "NONE" && node.Inputs[0] == graph.ScoresOutput))
                    throw graph.Refuse(node, "an input other than the raw scores of a MatMul/Gemm linear model", "Softmax of a linear model's K scores");
                OnnxMatrixLinear.Continue(graph, node, linear.WithPost("SOFTMAX"));
            });

        public static OnnxOperator ArgMax { get; } = new OnnxOperator(
            "on the class scores of a MatMul/Gemm model (axis 1 or −1, the first largest): the label (class index 0…K−1)",
            (node, graph) =>
            {
                long axis = OnnxGraph.Int(node, "axis", 0);
                if (axis != 1 && axis != -1) throw graph.Refuse(node, $"axis {axis}", "ArgMax over the scores of a row (axis 1 or −1)");
                if (OnnxGraph.Int(node, "select_last_index", 0) != 0) throw graph.Refuse(node, "select_last_index = 1", "the first largest score (select_last_index = 0)");
                var d = graph.Value(node, 0).Derived;
                if (d == null || d.IsLabel || graph.MatrixLinear == null || graph.MatrixLinear.Scores < 2)
                    throw graph.Refuse(node, "an input other than the class scores of a MatMul/Gemm linear model", "ArgMax of a linear model's K scores");
                graph.LabelOutput = node.Outputs[0];
                graph.Set(node.Outputs[0], OnnxValue.OfDerived(new OnnxDerived { FromLabel = true }));
            });

        public static OnnxOperator Binarizer { get; } = new OnnxOperator(
            "on a column: Binarize, x > threshold → 1, else 0 (a missing value stays missing; ONNX Runtime refuses such rows); " +
            "on the predictor's score: the label of a binary model, score > threshold",
            (node, graph) =>
            {
                float threshold = node.Attributes.TryGetValue("threshold", out var t) ? t.F : 0f;
                var d = graph.Value(node, 0).Derived;
                if (d == null)
                {
                    var x = graph.Column(node, 0, ColumnKind.Float);
                    foreach (int input in x.Lineage.Where(i => i >= 0)) graph.ValuesOf(input).Add(threshold);   // parity rows at the threshold
                    graph.Add(node.Outputs[0], ColumnKind.Float, x.Width, Unknown(x.Width), c => new BinarizeTransform(x.Column, c, threshold));
                    return;
                }
                if (!d.IsScore) throw graph.Refuse(node, "an input other than the predictor's raw score", "Binarizer of the predictor's score");
                graph.Set(node.Outputs[0], OnnxValue.OfDerived(new OnnxDerived { Threshold = threshold }));
            });

        private static readonly long[] IntegerTypes = { 2, 3, 4, 5, 6, 7, 12, 13 };

        /// <summary>
        /// OneHotEncoder(cats_int64s) over numbers: ONNX Runtime casts each value to int64 (truncating a float), so only
        /// integer inputs (int64, int32), whose values are whole, are looked up exactly (NumericValueToKey).
        /// </summary>
        private static void OneHotIntegers(OnnxNode node, OnnxGraph graph)
        {
            var x = graph.Column(node, 0, ColumnKind.Float);
            var cats = node.Attributes.TryGetValue("cats_int64s", out var c) ? c.Ints : new List<long>();
            if (cats.Count == 0) throw graph.Refuse(node, "no cats_int64s on a column of numbers", "cats_int64s over integer inputs, cats_strings over text");
            if (x.Lineage.Any(i => i < 0 || !graph.IntegerInputs.Contains(i)))
                throw graph.Refuse(node, "cats_int64s on a column that is not an int64 or int32 input (ONNX Runtime truncates each float to an integer first)", "cats_int64s over int64 or int32 inputs");
            if (cats.Any(v => Math.Abs(v) > 1 << 24)) throw graph.Refuse(node, "a category beyond ±2^24, which a float cannot hold", "categories within ±16,777,216");
            if (cats.Distinct().Count() != cats.Count) throw OnnxTreeEnsemble.Malformed(node, "a category is listed twice");
            var vocabulary = cats.Select(v => (float)v).ToArray();
            foreach (int input in x.Lineage) graph.ValuesOf(input).AddRange(vocabulary);   // parity rows on the categories
            int keys = graph.AddColumn(node.Outputs[0] + ".key", ColumnKind.Key, x.Width);
            graph.Columns[keys] = new ColumnDefinition(node.Outputs[0] + ".key", ColumnKind.Key, x.Width, cats.Count);
            graph.Transforms.Add(new NumericValueToKeyTransform(x.Column, keys, vocabulary));
            int width = x.Width * cats.Count;
            graph.Add(node.Outputs[0], ColumnKind.Float, width, Unknown(width), d => new KeyToVectorTransform(keys, d, bag: false));
        }

        /// <summary>OneHotEncoder(cats_int64s) over LabelEncoder codes: the vocabulary is, per category, the one key with that code.</summary>
        private static void OneHotCodes(OnnxNode node, OnnxGraph graph)
        {
            var value = graph.Value(node, 0);
            var codes = value.Codes!;
            var cats = node.Attributes.TryGetValue("cats_int64s", out var c) ? c.Ints : new List<long>();
            if (cats.Count == 0) throw graph.Refuse(node, "no cats_int64s on LabelEncoder codes", "cats_int64s there");
            if (!codes.Integral) throw graph.Refuse(node, "float LabelEncoder values as categories", "int64 codes there");
            if (cats.Any(code => code == codes.Absent)) throw graph.Refuse(node, $"the category {codes.Absent}, which is also the LabelEncoder's default code", "categories other than the default code");
            var keys = cats.Select(code =>
            {
                var matches = codes.Entries.Where(e => e.Value == code).ToList();
                if (matches.Count != 1) throw graph.Refuse(node, $"{matches.Count} LabelEncoder keys for the category {code}", "one key per category");
                return matches[0];
            }).ToList();
            int width = value.Width * cats.Count;
            var column = graph.Columns[value.Column];
            int keyColumn = graph.AddColumn(node.Outputs[0] + ".key", ColumnKind.Key, value.Width);
            graph.Columns[keyColumn] = new ColumnDefinition(node.Outputs[0] + ".key", ColumnKind.Key, value.Width, cats.Count);
            if (value.Kind == ColumnKind.Text)
            {
                if (keys.Any(k => string.IsNullOrEmpty(k.Text))) throw graph.Refuse(node, "the empty text as a key", "non-empty keys (an empty text is missing in DbScoring)");
                graph.Transforms.Add(new ValueToKeyTransform(value.Column, keyColumn, keys.Select(k => k.Text!).ToArray()));
            }
            else
            {
                if (keys.Any(k => float.IsNaN(k.Number))) throw graph.Refuse(node, "NaN as a key", "numeric keys other than NaN");
                graph.Transforms.Add(new NumericValueToKeyTransform(value.Column, keyColumn, keys.Select(k => k.Number).ToArray()));
            }
            graph.Add(node.Outputs[0], ColumnKind.Float, width, Unknown(width), d => new KeyToVectorTransform(keyColumn, d, bag: false));
        }

        // ---- helpers ----

        private static void Alias(OnnxNode node, OnnxGraph graph)
        {
            if (!graph.TryGet(node.Inputs[0], out var value)) throw OnnxTreeEnsemble.Malformed(node, $"its input '{node.Inputs[0]}' is not computed before it");
            graph.Set(node.Outputs[0], value);
        }

        private static void Concatenate(OnnxNode node, OnnxGraph graph, List<OnnxValue> parts)
        {
            var kind = parts[0].Kind;
            if (parts.Any(p => p.Kind != kind)) throw graph.Refuse(node, "inputs of different kinds (numbers and text)", "concatenation of one kind");
            graph.Add(node.Outputs[0], kind, parts.Sum(p => p.Width), parts.SelectMany(p => p.Lineage).ToArray(),
                c => new ConcatenateTransform(parts.Select(p => p.Column).ToArray(), c));
        }

        /// <summary>A float attribute with one value per slot, or one value for all (<paramref name="absent"/> when missing; null: required).</summary>
        private static float[] PerSlot(OnnxNode node, OnnxGraph graph, string name, int width, float? absent)
        {
            var values = node.Attributes.TryGetValue(name, out var a) ? a.Floats : new List<float>();
            if (values.Count == 0 && absent is float fill) return Enumerable.Repeat(fill, width).ToArray();
            if (values.Count == 1) return Enumerable.Repeat(values[0], width).ToArray();
            if (values.Count != width) throw graph.Refuse(node, $"{values.Count} values of {name} for {width} slots", $"one {name} value, or one per slot");
            return values.ToArray();
        }

        private static int[] Unknown(int width) => Enumerable.Repeat(-1, width).ToArray();
    }

    /// <summary>
    /// A translated ONNX predictor: its class labels, the split values per feature (for parity rows), a name, and how
    /// ONNX Runtime's outputs for a row (label text, or null; the score or probability tensor's row) are compared.
    /// </summary>
    internal sealed class OnnxTranslatedPredictor
    {
        public OnnxTranslatedPredictor(Predictor predictor, IReadOnlyList<string> classLabels, List<float>[] thresholds, string algorithm,
            Func<string?, float[], ExpectedOutput> expect)
        {
            Predictor = predictor; ClassLabels = classLabels; Thresholds = thresholds; Algorithm = algorithm; Expect = expect;
        }

        public Predictor Predictor { get; }
        public IReadOnlyList<string> ClassLabels { get; }
        public List<float>[] Thresholds { get; }
        public string Algorithm { get; }
        public Func<string?, float[], ExpectedOutput> Expect { get; }
    }
}
