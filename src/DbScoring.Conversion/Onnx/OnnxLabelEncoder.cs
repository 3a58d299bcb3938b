using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// ai.onnx.ml LabelEncoder (versions 1–4), as ONNX Runtime reads it (label_encoder.h): keys (keys_strings,
    /// keys_floats, keys_int64s or keys_tensor; version 1: classes_strings, key i ↔ value i) map to values
    /// (values_int64s, values_floats or values_tensor), any other input to the default (default_int64, −1;
    /// default_float, −0.0; default_tensor first). A key listed twice keeps its first value (the map's emplace).
    /// On a column the mapping stays symbolic (<see cref="OnnxCodes"/>) until an operator reads it: a OneHotEncoder of
    /// int64 codes becomes one vocabulary lookup, anything else the numbers themselves (<see cref="Materialize"/>:
    /// ValueToKey or NumericValueToKey, then KeyToNumber). After a classifier it maps int64 label codes to text labels.
    /// </summary>
    internal static class OnnxLabelEncoder
    {
        public static void Apply(OnnxNode node, OnnxGraph graph)
        {
            var value = graph.Value(node, 0);
            var a = node.Attributes;
            var keysText = Strings(a, "keys_strings");
            var keysNumber = Numbers(a, "keys_floats", "keys_int64s", out _);
            var valuesText = Strings(a, "values_strings");
            var valuesNumber = Numbers(a, "values_floats", "values_int64s", out bool integral);
            if (a.TryGetValue("keys_tensor", out var kt) && kt.Tensor != null)
            {
                if (kt.Tensor.Texts.Count > 0) keysText = kt.Tensor.Texts; else keysNumber = kt.Tensor.Numbers;
            }
            if (a.TryGetValue("values_tensor", out var vt) && vt.Tensor != null)
            {
                if (vt.Tensor.Texts.Count > 0) valuesText = vt.Tensor.Texts;
                else { valuesNumber = vt.Tensor.Numbers; integral = vt.Tensor.DataType != OnnxTensor.Float && vt.Tensor.DataType != OnnxTensor.Double; }
            }
            var classes = Strings(a, "classes_strings");
            if (classes.Count > 0 && keysText.Count == 0 && keysNumber.Count == 0)
            {
                // Version 1: text → its index in classes_strings, or index → text (a classifier's label codes).
                var indices = Enumerable.Range(0, classes.Count).Select(i => (double)i).ToList();
                if (value.Derived != null || value.Kind != ColumnKind.Text) { keysNumber = indices; valuesText = classes; }
                else { keysText = classes; valuesNumber = indices; integral = true; }
            }

            if (value.Derived is OnnxDerived derived && derived.FromLabel && keysNumber.Count > 0 && valuesText.Count == keysNumber.Count)
            {
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                for (int i = 0; i < keysNumber.Count; i++) map.TryAdd(keysNumber[i].ToString(CultureInfo.InvariantCulture), valuesText[i]);
                graph.Set(node.Outputs[0], OnnxValue.OfDerived(new OnnxDerived { FromLabel = true, LabelMap = map }));
                return;
            }
            var x = graph.Column(node, 0);
            double absent = Default(node, integral);
            List<(string? Text, float Number, double Value)> entries;
            if (x.Kind == ColumnKind.Text && keysText.Count > 0 && valuesNumber.Count == keysText.Count)
                entries = keysText.Select((k, i) => ((string?)k, 0f, valuesNumber[i])).ToList();
            else if (x.Kind == ColumnKind.Float && keysNumber.Count > 0 && valuesNumber.Count == keysNumber.Count)
            {
                foreach (double k in keysNumber)
                    if (!double.IsNaN(k) && (double)(float)k != k) throw graph.Refuse(node, $"the key {k.ToString("R", CultureInfo.InvariantCulture)}, which a float cannot hold", "keys that are floats (DbScoring holds numbers as floats)");
                entries = keysNumber.Select((k, i) => ((string?)null, (float)k, valuesNumber[i])).ToList();
            }
            else throw graph.Refuse(node, valuesText.Count > 0 ? "a mapping to text on a column" : "keys that do not match its input's kind, or keys and values of different lengths",
                "LabelEncoder from text or number keys to int64 or float values on a column, or from a classifier's int64 labels to text");
            // The first of two equal keys wins, as in ONNX Runtime's map (−0 and 0 are one key).
            var seen = new HashSet<string>(StringComparer.Ordinal);
            entries = entries.Where(e => seen.Add(e.Text ?? (e.Number == 0f ? 0f : e.Number).ToString("R", CultureInfo.InvariantCulture))).ToList();
            foreach (int input in x.Lineage.Where(i => i >= 0))
            {
                if (x.Kind == ColumnKind.Text) graph.CategoriesOf(input).AddRange(entries.Select(e => e.Text!));
                else graph.ValuesOf(input).AddRange(entries.Select(e => e.Number).Where(v => !float.IsNaN(v)));
            }
            graph.Set(node.Outputs[0], OnnxValue.OfCodes(x, new OnnxCodes(node, entries, absent, integral)));
        }

        /// <summary>
        /// The numbers the codes stand for, as a float column: the keys looked up (ValueToKey for text, NumericValueToKey
        /// for numbers) and mapped to their values (KeyToNumber); <paramref name="name"/> then holds that column.
        /// </summary>
        public static OnnxValue Materialize(OnnxGraph graph, string name, OnnxValue value)
        {
            var codes = value.Codes!;
            float Float(double v, string what) => double.IsNaN(v) || (double)(float)v == v ? (float)v
                : throw graph.Refuse(codes.Node, $"the {what} {v.ToString("R", CultureInfo.InvariantCulture)}, which a float cannot hold", "values that are floats (DbScoring holds numbers as floats)");
            var values = codes.Entries.Select(e => Float(e.Value, "value")).ToArray();
            float absent = Float(codes.Absent, "default");
            int keys = graph.AddColumn(name + ".key", ColumnKind.Key, value.Width);
            graph.Columns[keys] = new ColumnDefinition(name + ".key", ColumnKind.Key, value.Width, values.Length);
            if (value.Kind == ColumnKind.Text)
            {
                if (codes.Entries.Any(e => string.IsNullOrEmpty(e.Text)))
                    throw graph.Refuse(codes.Node, "the empty text as a key", "non-empty keys (an empty text is missing in DbScoring, and ONNX Runtime is given it as the empty text)");
                graph.Transforms.Add(new ValueToKeyTransform(value.Column, keys, codes.Entries.Select(e => e.Text!).ToArray()));
            }
            else
            {
                if (codes.Entries.Any(e => float.IsNaN(e.Number))) throw graph.Refuse(codes.Node, "NaN as a key", "numeric keys other than NaN");
                graph.Transforms.Add(new NumericValueToKeyTransform(value.Column, keys, codes.Entries.Select(e => e.Number).ToArray()));
            }
            return graph.Add(name, ColumnKind.Float, value.Width, Enumerable.Repeat(-1, value.Width).ToArray(), d => new KeyToNumberTransform(keys, d, values, absent));
        }

        private static double Default(OnnxNode node, bool integral)
        {
            if (node.Attributes.TryGetValue("default_tensor", out var t) && t.Tensor != null && t.Tensor.Numbers.Count > 0) return t.Tensor.Numbers[0];
            if (integral) return OnnxGraph.Int(node, "default_int64", -1);
            return node.Attributes.TryGetValue("default_float", out var f) ? f.F : -0.0f;
        }

        private static List<string> Strings(Dictionary<string, OnnxAttribute> a, string name) => a.TryGetValue(name, out var x) ? x.Strings : new List<string>();

        /// <summary>A float list or an int64 list attribute as numbers; <paramref name="integral"/> tells which was there.</summary>
        private static List<double> Numbers(Dictionary<string, OnnxAttribute> a, string floats, string ints, out bool integral)
        {
            integral = false;
            if (a.TryGetValue(floats, out var f) && f.Floats.Count > 0) return f.Floats.Select(v => (double)v).ToList();
            integral = true;
            return a.TryGetValue(ints, out var i) ? i.Ints.Select(v => (double)v).ToList() : new List<double>();
        }
    }
}
