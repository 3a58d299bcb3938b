using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// The indicator slots BRANCH_MEMBER nodes (TreeEnsemble, ai.onnx.ml 5) are tested on. Every value of every set
    /// (those a float can hold) forms one vocabulary V of K values; each of the F features is looked up in it by exact
    /// value (<see cref="NumericValueToKeyTransform"/>: −0 equals 0, NaN and other values give no key) and one-hot encoded
    /// (<see cref="KeyToVectorTransform"/>), and the F·K indicators follow the F features in the trees' feature vector.
    /// "x_f in S" is then the runtime's categorical split over the slots of S's values for feature f — one node, where
    /// a search over S with two-way splits would copy both subtrees once per value, nesting into an exponential size.
    /// </summary>
    internal sealed class OnnxTreeMembership
    {
        /// <summary>The most indicator slots DbScoring adds for the sets (F·K); a model beyond it is refused.</summary>
        public const int MaxSlots = 1 << 16;

        private readonly Dictionary<float, int> _index;
        private readonly int _features;

        private OnnxTreeMembership(int column, int width, Dictionary<float, int> index, int features)
        {
            Column = column; Width = width; _index = index; _features = features;
        }

        /// <summary>The column the trees read: the features, then the indicators.</summary>
        public int Column { get; }

        /// <summary>Its width: F + F·K.</summary>
        public int Width { get; }

        /// <summary>The slot that is 1 when feature <paramref name="feature"/> equals <paramref name="value"/>.</summary>
        public int Slot(long feature, float value) => _features + (int)feature * _index.Count + _index[value == 0f ? 0f : value];

        /// <summary>Adds the lookup, one-hot and concatenation to <paramref name="graph"/>; null when no node tests a set.</summary>
        public static OnnxTreeMembership? Add(OnnxGraph graph, OnnxNode node, OnnxValue features, OnnxTreeLists lists)
        {
            var values = lists.Sets.Where(s => s != null).SelectMany(s => s!).Where(v => (double)(float)v == v)
                .Select(v => v == 0 ? 0f : (float)v).Distinct().OrderBy(v => v).ToArray();
            if (values.Length == 0) return null;
            long slots = (long)features.Width * values.Length;
            if (slots > MaxSlots)
                throw OnnxTreeEnsemble.Refuse(node, $"BRANCH_MEMBER sets of {values.Length} distinct values over {features.Width} features ({slots:N0} indicator slots)",
                    $"sets whose values times the features stay within {MaxSlots:N0}");
            string name = node.Outputs[0];
            int keys = graph.AddColumn(name + ".memberKey", ColumnKind.Key, features.Width);
            graph.Columns[keys] = new ColumnDefinition(name + ".memberKey", ColumnKind.Key, features.Width, values.Length);
            graph.Transforms.Add(new NumericValueToKeyTransform(features.Column, keys, values));
            int indicators = graph.AddColumn(name + ".member", ColumnKind.Float, (int)slots);
            graph.Transforms.Add(new KeyToVectorTransform(keys, indicators, bag: false));
            int width = features.Width + (int)slots;
            int column = graph.AddColumn(name + ".features", ColumnKind.Float, width);
            graph.Transforms.Add(new ConcatenateTransform(new[] { features.Column, indicators }, column));
            var index = new Dictionary<float, int>();
            for (int i = 0; i < values.Length; i++) index[values[i]] = i;
            return new OnnxTreeMembership(column, width, index, features.Width);
        }
    }
}
