using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Conversion.Xgboost
{
    /// <summary>
    /// Where each XGBoost feature lands in the predictor's feature vector. Numerical features are one input each, read
    /// as they are. A categorical feature (one with categorical splits) is one numeric input holding the category code;
    /// <see cref="CategoryCodeToKeyTransform"/> and a one-hot <see cref="KeyToVectorTransform"/> turn it into C + 1
    /// indicator slots — one per category code 0..C−1 and one for missing — so that XGBoost's set-membership split
    /// becomes the runtime's categorical split ("right if any listed slot is 1").
    /// </summary>
    internal sealed class XgbFeatureLayout
    {
        private XgbFeatureLayout() { }

        public List<InputColumn> Inputs { get; } = new List<InputColumn>();
        public List<ColumnDefinition> Columns { get; } = new List<ColumnDefinition>();
        public List<Transform> Transforms { get; } = new List<Transform>();

        /// <summary>The float column the predictor reads.</summary>
        public int FeatureColumn { get; private set; }

        /// <summary>Its length.</summary>
        public int FeatureCount { get; private set; }

        /// <summary>Per XGBoost feature: its slot in the feature vector; −1 for a categorical feature.</summary>
        public int[] Slot { get; private set; } = Array.Empty<int>();

        /// <summary>Per XGBoost feature: the slot of category 0's indicator; −1 for a numerical feature.</summary>
        public int[] CategoryBase { get; private set; } = Array.Empty<int>();

        /// <summary>Per XGBoost feature: the number of category codes C (the missing indicator is at CategoryBase + C).</summary>
        public int[] CategoryCount { get; private set; } = Array.Empty<int>();

        /// <summary>
        /// Input names: <paramref name="names"/> when given (the caller's), else the model's feature names, else
        /// f0…f{n−1} as XGBoost names them.
        /// </summary>
        public static IReadOnlyList<string> Names(XgbModel model, IReadOnlyList<string>? names, string source)
        {
            IReadOnlyList<string> result;
            if (names != null && names.Count > 0)
            {
                if (names.Count != model.FeatureCount)
                    throw new ModelConversionException($"{names.Count} feature names were given, but {source} has {model.FeatureCount} features.");
                result = names;
            }
            else if (model.FeatureNames.Count > 0) result = model.FeatureNames;
            else result = Enumerable.Range(0, model.FeatureCount).Select(i => "f" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            var duplicate = result.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
                throw new ModelConversionException($"Two features of {source} are both named '{duplicate.Key}' (names are matched case-insensitively); give distinct names.");
            if (result.Any(string.IsNullOrWhiteSpace))
                throw new ModelConversionException($"A feature of {source} has an empty name; give every feature a name.");
            return result;
        }

        /// <summary>
        /// The layout for <paramref name="names"/>; <paramref name="categoryCounts"/> gives C for each categorical
        /// feature (absent: numerical). <paramref name="missingAsZero"/> adds a NaN → 0 step (gblinear skips missing values).
        /// </summary>
        public static XgbFeatureLayout Create(IReadOnlyList<string> names, IReadOnlyDictionary<int, int> categoryCounts, bool missingAsZero)
        {
            int n = names.Count;
            var layout = new XgbFeatureLayout { Slot = new int[n], CategoryBase = new int[n], CategoryCount = new int[n] };
            var numeric = Enumerable.Range(0, n).Where(f => !categoryCounts.ContainsKey(f)).ToList();
            var inputs = new InputColumn[n];
            int numbers = -1;
            if (numeric.Count > 0)
            {
                numbers = layout.Add(categoryCounts.Count == 0 ? "features" : "numbers", ColumnKind.Float, numeric.Count);
                for (int i = 0; i < numeric.Count; i++) inputs[numeric[i]] = new InputColumn(names[numeric[i]], InputKind.Number, numbers, i);
            }
            var codes = new Dictionary<int, int>();
            foreach (int f in categoryCounts.Keys.OrderBy(f => f))
            {
                codes[f] = layout.Add(names[f], ColumnKind.Float, 1);
                inputs[f] = new InputColumn(names[f], InputKind.Number, codes[f], 0);
            }
            for (int f = 0; f < n; f++)
            {
                inputs[f].Index = f;
                layout.Inputs.Add(inputs[f]);
            }

            int slot = 0;
            var parts = new List<int>();
            if (numbers >= 0)
            {
                if (missingAsZero)
                {
                    int replaced = layout.Add("numbers.missingAsZero", ColumnKind.Float, numeric.Count);
                    layout.Transforms.Add(new ReplaceMissingTransform(numbers, replaced, new float[numeric.Count]));
                    numbers = replaced;
                }
                parts.Add(numbers);
                for (int i = 0; i < numeric.Count; i++) layout.Slot[numeric[i]] = slot++;
            }
            foreach (int f in categoryCounts.Keys.OrderBy(f => f))
            {
                int count = categoryCounts[f];
                int key = layout.Add(names[f] + ".key", ColumnKind.Key, 1, count + 1);
                layout.Transforms.Add(new CategoryCodeToKeyTransform(codes[f], key, count));
                int oneHot = layout.Add(names[f] + ".oneHot", ColumnKind.Float, count + 1);
                layout.Transforms.Add(new KeyToVectorTransform(key, oneHot, bag: false));
                parts.Add(oneHot);
                layout.Slot[f] = -1;
                layout.CategoryBase[f] = slot;
                layout.CategoryCount[f] = count;
                slot += count + 1;
            }
            foreach (int f in numeric) { layout.CategoryBase[f] = -1; layout.CategoryCount[f] = 0; }
            if (parts.Count == 1)
            {
                layout.FeatureColumn = parts[0];
            }
            else
            {
                layout.FeatureColumn = layout.Add("features", ColumnKind.Float, slot);
                layout.Transforms.Add(new ConcatenateTransform(parts.ToArray(), layout.FeatureColumn));
            }
            layout.FeatureCount = slot;
            return layout;
        }

        private int Add(string name, ColumnKind kind, int length, int keyCount = 0)
        {
            Columns.Add(new ColumnDefinition(name, kind, length, keyCount));
            return Columns.Count - 1;
        }
    }
}
