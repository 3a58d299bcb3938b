using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>CastMap: a map(int64, float) graph input as numeric inputs.</summary>
    internal sealed partial class OnnxOperator
    {
        /// <summary>The most keys (max_map) a CastMap may spread a map over.</summary>
        private const int MaxMapWidth = 1 << 16;

        public static OnnxOperator CastMap { get; } = new OnnxOperator(
            "of a map(int64, float) graph input, map_form SPARSE, cast_to TO_FLOAT: max_map numeric inputs (key k is input k, named as the slots of an [N, F] input); " +
            "a missing input is a key the map lacks, 0 as ONNX Runtime pads it (ReplaceMissing)",
            (node, graph) =>
            {
                var map = graph.Value(node, 0).Map;
                if (map == null) throw graph.Refuse(node, $"the input '{node.Inputs[0]}', which is not a map graph input", "CastMap of a map(int64, float) graph input");
                if (map.Feed.FirstInput >= 0) throw graph.Refuse(node, $"a second CastMap of the map input '{node.Inputs[0]}'", "one CastMap per map input");
                string castTo = node.Attributes.TryGetValue("cast_to", out var c) ? c.S : "TO_FLOAT";
                string form = node.Attributes.TryGetValue("map_form", out var f) ? f.S : "DENSE";
                long max = OnnxGraph.Int(node, "max_map", 1);
                if (castTo != "TO_FLOAT") throw graph.Refuse(node, $"cast_to {castTo}", "cast_to TO_FLOAT");
                if (form != "SPARSE")
                    throw graph.Refuse(node, $"map_form {form} (its output has as many values as the row's map has keys, so a value's position depends on which keys are present)",
                        "map_form SPARSE, where key k of every row is value k of max_map");
                if (max < 1 || max > MaxMapWidth) throw graph.Refuse(node, $"max_map {max}", $"max_map 1…{MaxMapWidth}");
                int width = (int)max;
                var names = map.Names(width);
                int column = graph.AddColumn(node.Inputs[0], ColumnKind.Float, width);
                int first = graph.Inputs.Count;
                for (int i = 0; i < width; i++) graph.Inputs.Add(new InputColumn(names[i], InputKind.Number, column, i) { Index = first + i });
                map.Feed.BindMap(first, width);
                // ONNX Runtime writes 0 for a key the map lacks; a missing input (NULL, NaN) is such a key.
                var zeros = new float[width];
                graph.Add(node.Outputs[0], ColumnKind.Float, width, Enumerable.Range(first, width).ToArray(), d => new ReplaceMissingTransform(column, d, zeros));
            });
    }
}
