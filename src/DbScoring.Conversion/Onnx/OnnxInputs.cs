using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>One graph input as ONNX Runtime is fed it: name, element type, slots per row, and its first model input.</summary>
    internal sealed class OnnxFeed
    {
        public OnnxFeed(string name, int elementType, int width, bool vector, int firstInput, int rows)
        {
            Name = name; ElementType = elementType; Width = width; Vector = vector; FirstInput = firstInput; Rows = rows;
        }

        public string Name { get; }

        /// <summary>onnx TensorProto.DataType of the input (of a map's values).</summary>
        public int ElementType { get; }

        public int Width { get; private set; }

        /// <summary>True for a [N, k] input, false for [N].</summary>
        public bool Vector { get; }

        /// <summary>Index of the model input holding slot 0 (the others follow); −1 for an input the prediction does not read.</summary>
        public int FirstInput { get; private set; }

        /// <summary>A map(int64, float) input: one map per run, whose key k is model input FirstInput + k (absent when missing).</summary>
        public bool IsMap { get; init; }

        /// <summary>Binds a map input once CastMap has given it its width (max_map).</summary>
        public void BindMap(int firstInput, int width)
        {
            FirstInput = firstInput; Width = width;
        }

        /// <summary>The row count the graph declares for the input (ONNX's backend cases declare [3, 2]); 0 when it is left open.</summary>
        public int Rows { get; }

        /// <summary>Whether ONNX Runtime takes whole numbers here (no NaN: parity rows are rounded).</summary>
        public bool Integral => ElementType == OnnxTensor.Int64 || ElementType == OnnxTensor.Int32 || ElementType == OnnxTensor.Bool;
    }

    /// <summary>
    /// The model's inputs from the graph's inputs: one float tensor [N, F] becomes F numeric inputs named by
    /// --feature-names, else the model's metadata "feature_names" (comma-separated), else f0…f{F−1}; a graph with one
    /// input per column keeps the names, a string tensor becoming a text input, a [N, k] tensor k inputs name_0…name_{k−1}.
    /// </summary>
    internal static class OnnxInputs
    {
        private static readonly int[] Numeric = { OnnxTensor.Float, OnnxTensor.Double, OnnxTensor.Int64, OnnxTensor.Int32 };

        /// <summary>Binds the graph inputs in <paramref name="used"/>; the others are fed constants to ONNX Runtime (FirstInput −1).</summary>
        public static List<OnnxFeed> Bind(OnnxModel onnx, OnnxGraph graph, IReadOnlyList<string>? featureNames, string source, ISet<string> used)
        {
            if (onnx.Inputs.Count == 0) throw new ModelConversionException($"{source} has no inputs.");
            int usedCount = onnx.Inputs.Count(i => used.Contains(i.Name));
            if (featureNames != null && featureNames.Count > 0 && usedCount != 1)
                throw new ModelConversionException($"--feature-names names the slots of one [N, F] input, but {source} has {usedCount} inputs, which keep their own names.");
            var feeds = new List<OnnxFeed>();
            foreach (var input in onnx.Inputs)
            {
                if (input.IsMap)
                {
                    if (input.MapKeyType != OnnxTensor.Int64 || input.MapValueType != OnnxTensor.Float)
                        throw new ModelConversionException($"{source}: the input '{input.Name}' is a map({OnnxTensor.TypeName(input.MapKeyType)}, {OnnxTensor.TypeName(input.MapValueType)}); DbScoring takes a map(int64, float) through CastMap (map_form SPARSE, cast_to TO_FLOAT): export the map's values as floats.");
                    // One map per run: ONNX Runtime is fed one row at a time; CastMap gives the map its width and inputs.
                    var map = new OnnxFeed(input.Name, OnnxTensor.Float, 0, vector: true, -1, rows: 1) { IsMap = true };
                    if (used.Contains(input.Name))
                    {
                        var mapInput = input;
                        graph.Set(input.Name, OnnxValue.OfMap(new OnnxMapInput(map, width => Names(usedCount, mapInput, width, featureNames, onnx.Metadata, source))));
                    }
                    feeds.Add(map);
                    continue;
                }
                bool text = input.ElementType == OnnxTensor.String, boolean = input.ElementType == OnnxTensor.Bool;
                if (!input.IsTensor || !(text || boolean || Numeric.Contains(input.ElementType)))
                    throw new ModelConversionException($"{source}: the input '{input.Name}' is not a tensor of numbers, booleans or strings (element type {input.ElementType}); DbScoring takes those.");
                bool vector = input.Shape.Count == 2;
                if (input.Shape.Count != 1 && !vector)
                    throw new ModelConversionException($"{source}: the input '{input.Name}' has {input.Shape.Count} dimensions; DbScoring takes [N] and [N, k] inputs.");
                int width = vector ? (input.Shape[1] > 0 ? (int)input.Shape[1] : throw new ModelConversionException($"{source}: the input '{input.Name}' has no fixed width (shape [N, ?]); DbScoring needs it.")) : 1;
                int rows = input.Shape[0] > 0 && input.Shape[0] <= int.MaxValue ? (int)input.Shape[0] : 0;
                if (!used.Contains(input.Name))
                {
                    feeds.Add(new OnnxFeed(input.Name, input.ElementType, width, vector, -1, rows));
                    continue;
                }
                var names = Names(usedCount, input, width, featureNames, onnx.Metadata, source);
                var kind = text ? InputKind.Text : boolean ? InputKind.Boolean : InputKind.Number;
                int column = graph.AddColumn(input.Name, text ? ColumnKind.Text : ColumnKind.Float, width);
                int first = graph.Inputs.Count;
                for (int i = 0; i < width; i++) graph.Inputs.Add(new InputColumn(names[i], kind, column, i) { Index = first + i });
                if (input.ElementType == OnnxTensor.Int64 || input.ElementType == OnnxTensor.Int32) graph.IntegerInputs.UnionWith(Enumerable.Range(first, width));
                if (input.ElementType == OnnxTensor.Int32) graph.Int32Tensors.Add(input.Name);
                graph.Set(input.Name, OnnxValue.OfColumn(column, text ? ColumnKind.Text : ColumnKind.Float, width, Enumerable.Range(first, width).ToArray()));
                feeds.Add(new OnnxFeed(input.Name, input.ElementType, width, vector, first, rows));
            }
            // Inputs with an open row count take the declared one; two different declared counts cannot be fed at once.
            var declared = feeds.Where(f => f.Rows > 0).Select(f => f.Rows).Distinct().ToList();
            if (declared.Count > 1)
                throw new ModelConversionException($"{source}: its inputs declare different row counts ({string.Join(", ", feeds.Select(f => $"'{f.Name}' {(f.Rows > 0 ? f.Rows.ToString(CultureInfo.InvariantCulture) : "N")}"))}); ONNX Runtime cannot be fed rows for all of them at once.");
            return feeds;
        }

        /// <summary>Refuses two model inputs of one name (after CastMap has named a map's inputs).</summary>
        public static void CheckNames(OnnxGraph graph, string source)
        {
            var duplicate = graph.Inputs.GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null) throw new ModelConversionException($"Two inputs of {source} are both named '{duplicate.Key}' (names are matched case-insensitively).");
        }

        private static IReadOnlyList<string> Names(int inputs, OnnxValueInfo input, int width, IReadOnlyList<string>? given, IReadOnlyDictionary<string, string> metadata, string source)
        {
            if (inputs > 1 || width == 1 && (given == null || given.Count == 0))
                return width == 1 ? new[] { input.Name } : Enumerable.Range(0, width).Select(i => input.Name + "_" + Index(i)).ToArray();
            if (given == null || given.Count == 0)
                given = metadata.TryGetValue("feature_names", out var listed) ? listed.Split(',').Select(n => n.Trim()).ToList() : null;
            if (given == null) return Enumerable.Range(0, width).Select(i => "f" + Index(i)).ToArray();
            if (given.Count != width) throw new ModelConversionException($"{given.Count} feature names were given, but {source} has {width} features.");
            return given;
        }

        private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Synthetic parity rows: numbers aimed at the trees' split values where a feature is an input passed unchanged
        /// (the value, the floats beside it), otherwise spread over many magnitudes, with missing values and extremes;
        /// text from the categories the graph knows, unseen text and missing text; whole numbers for integer inputs.
        /// </summary>
        public static List<SampleRow> Synthesize(OnnxGraph graph, IReadOnlyList<OnnxFeed> feeds, OnnxTranslatedPredictor translated, int count, int seed)
        {
            var thresholds = Enumerable.Range(0, graph.Inputs.Count).Select(_ => new List<float>()).ToArray();
            for (int f = 0; f < translated.Thresholds.Length && f < graph.PredictorLineage.Length; f++)
                if (graph.PredictorLineage[f] >= 0) thresholds[graph.PredictorLineage[f]].AddRange(translated.Thresholds[f]);
            foreach (var (input, values) in graph.Values) thresholds[input].AddRange(values);
            var rows = SplitSampleRows.Synthesize(thresholds, new int[graph.Inputs.Count], i => i, count, seed, infinities: true);
            var random = new Random(seed + 1);
            foreach (var feed in feeds.Where(f => f.FirstInput >= 0))
                for (int i = feed.FirstInput; i < feed.FirstInput + feed.Width; i++)
                    foreach (var row in rows)
                    {
                        if (graph.Inputs[i].Kind == InputKind.Text) row.Texts[i] = Text(random, graph.Categories.TryGetValue(i, out var c) ? c : null);
                        else if (feed.ElementType == OnnxTensor.Bool) row.Numbers[i] = random.Next(2);
                        else if (feed.Integral) row.Numbers[i] = double.IsFinite(row.Numbers[i]) ? Math.Round(Math.Clamp(row.Numbers[i], -1e9, 1e9)) : random.Next(-3, 10);
                    }
            return rows;
        }

        private static string? Text(Random random, List<string>? categories)
        {
            double roll = random.NextDouble();
            if (categories != null && categories.Count > 0 && roll < 0.75) return categories[random.Next(categories.Count)];
            if (roll < 0.9) return "unseen-" + random.Next(5).ToString(CultureInfo.InvariantCulture);
            return null;   // missing: ONNX Runtime is given "" (a string tensor has no null), which no category matches either
        }
    }
}
