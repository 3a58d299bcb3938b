using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Conversion
{
    /// <summary>A translated pipeline and predictor, ready to become a <see cref="ModelDefinition"/>.</summary>
    internal sealed class Translation
    {
        private readonly ConversionGraph _graph;
        private readonly int _featureColumn;
        private readonly (List<ColumnDefinition> Columns, List<Transform> Transforms, Dictionary<int, int> Renumber) _slice;

        public Translation(ConversionGraph graph, TranslatedPredictor predictor, int featureColumn)
        {
            _graph = graph;
            Predictor = predictor;
            _featureColumn = featureColumn;
            _slice = graph.Slice(featureColumn);
        }

        public TranslatedPredictor Predictor { get; }

        /// <summary>
        /// The model: only the columns and transforms the prediction needs; inputs first. <paramref name="ranges"/>
        /// gives each numeric input's smallest and largest value seen in the sample, by input name.
        /// </summary>
        public ModelDefinition Build(IDictionary<string, string> metadata, IReadOnlyDictionary<string, (double Min, double Max)>? ranges = null)
        {
            var (columns, transforms, renumber) = _slice;
            var categories = new Dictionary<int, string[]>();
            foreach (var toKey in transforms.OfType<ValueToKeyTransform>())
                if (!categories.ContainsKey(toKey.Source)) categories[toKey.Source] = toKey.Vocabulary.ToArray();

            var inputs = new List<InputColumn>();
            foreach (var (original, mlColumn) in _graph.InputColumns.OrderBy(pair => pair.Key))
            {
                if (!renumber.TryGetValue(original, out int column)) continue;
                var kind = InputBinding.KindOf(InputBinding.ItemType(mlColumn.Type))!.Value;
                int length = columns[column].Length;
                string[] names = FieldNames(mlColumn, length);
                categories.TryGetValue(column, out string[]? known);
                for (int slot = 0; slot < length; slot++)
                {
                    var range = ranges != null && ranges.TryGetValue(names[slot], out var r) ? r : (double.NaN, double.NaN);
                    inputs.Add(new InputColumn(names[slot], kind, column, slot, known, range.Item1, range.Item2) { Index = inputs.Count });
                }
            }
            var duplicate = inputs.GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
                throw new ModelConversionException($"Two input fields would both be named '{duplicate.Key}' (names are matched case-insensitively); rename a column before training.");

            var predictor = Predictor.Create(renumber[_featureColumn]);
            return new ModelDefinition(inputs, columns, transforms, predictor, Predictor.ClassLabels, metadata);
        }

        /// <summary>Per input field, whether ML.NET holds it as an integer (never missing).</summary>
        public IReadOnlyList<bool> IntegralInputs(ScoringModel model)
        {
            var renumber = _slice.Renumber;
            var typeOf = _graph.InputColumns.Where(p => renumber.ContainsKey(p.Key)).ToDictionary(p => renumber[p.Key], p => p.Value.Type);
            return model.Inputs.Select(i => InputBinding.IsIntegral(typeOf[i.Column])).ToList();
        }

        /// <summary>Per ML.NET input schema column, the model's input field of each slot; null when not read.</summary>
        public int[]?[] FieldsOfSchemaColumns(ScoringModel model, DataViewSchema schema)
        {
            var (columns, _, renumber) = _slice;
            var result = new int[]?[schema.Count];
            foreach (var (original, mlColumn) in _graph.InputColumns)
            {
                if (!renumber.TryGetValue(original, out int column)) continue;
                var fields = new int[columns[column].Length];
                foreach (var input in model.Inputs.Where(i => i.Column == column)) fields[input.Slot] = input.Index;
                result[mlColumn.Index] = fields;
            }
            return result;
        }

        /// <summary>Scalar: the column name. Vector: its slot names when present and distinct, else name_0, name_1, ...</summary>
        private static string[] FieldNames(DataViewSchema.Column column, int length)
        {
            if (column.Type is not VectorDataViewType) return new[] { column.Name };
            if (column.HasSlotNames())
            {
                VBuffer<ReadOnlyMemory<char>> slotNames = default;
                column.GetSlotNames(ref slotNames);
                string[] names = slotNames.DenseValues().Select(n => n.ToString()).ToArray();
                if (names.All(n => n.Length > 0) && names.Distinct(StringComparer.OrdinalIgnoreCase).Count() == names.Length) return names;
            }
            return Enumerable.Range(0, length).Select(i => column.Name + "_" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        }
    }
}
