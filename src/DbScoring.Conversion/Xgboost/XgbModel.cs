using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DbScoring.Conversion.Xgboost
{
    /// <summary>
    /// An XGBoost model as saved by <c>Booster.save_model</c> (JSON or UBJSON, XGBoost 1.0 onward), reduced to what
    /// scoring needs. Field names follow XGBoost's doc/model.schema.
    /// </summary>
    internal sealed class XgbModel
    {
        /// <summary>The XGBoost version that saved the model ("1.7.4"); "unknown" when absent (before 1.0.0 it was not written).</summary>
        public string Version { get; init; } = "unknown";

        /// <summary>learner.objective.name, e.g. "binary:logistic".</summary>
        public string Objective { get; init; } = "";

        /// <summary>learner.gradient_booster.name: "gbtree", "dart" or "gblinear".</summary>
        public string Booster { get; init; } = "";

        /// <summary>learner_model_param.base_score as saved (a probability for logistic objectives, a mean for log-link ones).</summary>
        public float BaseScore { get; init; }

        /// <summary>Output groups: num_class for multiclass objectives, else 1.</summary>
        public int GroupCount { get; init; } = 1;

        /// <summary>learner_model_param.num_feature.</summary>
        public int FeatureCount { get; init; }

        /// <summary>learner.feature_names (empty when the model was trained without names).</summary>
        public IReadOnlyList<string> FeatureNames { get; init; } = Array.Empty<string>();

        /// <summary>learner.feature_types: "float", "int", "i", "q" or "c" (empty when not saved).</summary>
        public IReadOnlyList<string> FeatureTypes { get; init; } = Array.Empty<string>();

        /// <summary>gbtree / dart: the trees in boosting order.</summary>
        public IReadOnlyList<XgbTree> Trees { get; init; } = Array.Empty<XgbTree>();

        /// <summary>gbtree / dart: the output group of each tree.</summary>
        public IReadOnlyList<int> TreeGroups { get; init; } = Array.Empty<int>();

        /// <summary>dart: the weight of each tree (XGBoost multiplies the tree's output by it); null for gbtree.</summary>
        public IReadOnlyList<float>? TreeWeights { get; init; }

        /// <summary>gblinear: (num_feature + 1) × groups weights, row-major by feature, the bias row last.</summary>
        public IReadOnlyList<float>? LinearWeights { get; init; }

        /// <summary>Reads a parsed model document; <paramref name="source"/> names the file in errors.</summary>
        public static XgbModel Read(object? document, string source)
        {
            var root = XgbJson.Object(document, source, "the document");
            var learner = XgbJson.Object(XgbJson.Member(root, "learner", source), source, "learner");
            string version = root.TryGetValue("version", out object? v) && v != null
                ? string.Join(".", XgbJson.Ints(v, source, "version"))
                : "unknown";
            var parameters = XgbJson.Object(XgbJson.Member(learner, "learner_model_param", source), source, "learner_model_param");
            var objective = XgbJson.Object(XgbJson.Member(learner, "objective", source), source, "objective");
            var booster = XgbJson.Object(XgbJson.Member(learner, "gradient_booster", source), source, "gradient_booster");
            string boosterName = XgbJson.Text(XgbJson.Member(booster, "name", source), source, "gradient_booster.name");
            int classes = XgbJson.IntParameter(parameters, "num_class", source, 0);
            int targets = XgbJson.IntParameter(parameters, "num_target", source, 1);
            if (targets > 1)
                throw new ModelConversionException($"{source} is a multi-target model (num_target = {targets}); DbScoring converts single-target XGBoost models.", "num_target");

            var model = new XgbModel
            {
                Version = version,
                Objective = XgbJson.Text(XgbJson.Member(objective, "name", source), source, "objective.name"),
                Booster = boosterName,
                BaseScore = ReadBaseScore(parameters, source),
                GroupCount = Math.Max(1, classes),
                FeatureCount = XgbJson.IntParameter(parameters, "num_feature", source, -1),
                FeatureNames = learner.TryGetValue("feature_names", out object? names) && names != null ? XgbJson.Texts(names, source, "feature_names") : Array.Empty<string>(),
                FeatureTypes = learner.TryGetValue("feature_types", out object? types) && types != null ? XgbJson.Texts(types, source, "feature_types") : Array.Empty<string>(),
            };
            if (model.FeatureCount < 1) throw new ModelConversionException($"{source}: learner_model_param.num_feature is {model.FeatureCount}; a model needs at least one feature.");
            if (model.FeatureNames.Count != 0 && model.FeatureNames.Count != model.FeatureCount)
                throw new ModelConversionException($"{source}: {model.FeatureNames.Count} feature names for {model.FeatureCount} features.");
            if (model.FeatureTypes.Count != 0 && model.FeatureTypes.Count != model.FeatureCount)
                throw new ModelConversionException($"{source}: {model.FeatureTypes.Count} feature types for {model.FeatureCount} features.");

            switch (boosterName)
            {
                case "gbtree": return WithTrees(model, XgbJson.Object(XgbJson.Member(booster, "model", source), source, "gradient_booster.model"), null, source);
                case "dart":
                    {
                        var inner = XgbJson.Object(XgbJson.Member(booster, "gbtree", source), source, "gradient_booster.gbtree");
                        float[] weights = XgbJson.Floats(XgbJson.Member(booster, "weight_drop", source), source, "weight_drop");
                        return WithTrees(model, XgbJson.Object(XgbJson.Member(inner, "model", source), source, "gbtree.model"), weights, source);
                    }
                case "gblinear":
                    {
                        var inner = XgbJson.Object(XgbJson.Member(booster, "model", source), source, "gradient_booster.model");
                        float[] weights = XgbJson.Floats(XgbJson.Member(inner, "weights", source), source, "gblinear weights");
                        long expected = (long)(model.FeatureCount + 1) * model.GroupCount;
                        if (weights.Length != expected)
                            throw new ModelConversionException($"{source}: gblinear has {weights.Length} weights; (num_feature + 1) × groups = {expected} expected.");
                        return Copy(model, trees: Array.Empty<XgbTree>(), groups: Array.Empty<int>(), weights: null, linear: weights);
                    }
                default:
                    throw SupportedComponents.RefuseXgboostBooster(boosterName, source);
            }
        }

        private static XgbModel WithTrees(XgbModel model, Dictionary<string, object?> gbtree, float[]? weights, string source)
        {
            var list = XgbJson.List(XgbJson.Member(gbtree, "trees", source), source, "trees");
            var trees = new List<XgbTree>(list.Count);
            for (int t = 0; t < list.Count; t++) trees.Add(XgbTree.Read(XgbJson.Object(list[t], source, $"tree {t}"), source, t));
            int[] groups = XgbJson.Ints(XgbJson.Member(gbtree, "tree_info", source), source, "tree_info");
            if (groups.Length != trees.Count) throw new ModelConversionException($"{source}: tree_info has {groups.Length} entries for {trees.Count} trees.");
            int bad = Array.FindIndex(groups, g => g < 0 || g >= model.GroupCount);
            if (bad >= 0) throw new ModelConversionException($"{source}: tree {bad} belongs to output group {groups[bad]}, outside 0..{model.GroupCount - 1}.");
            if (weights != null && weights.Length != trees.Count) throw new ModelConversionException($"{source}: weight_drop has {weights.Length} weights for {trees.Count} trees.");
            return Copy(model, trees, groups, weights, null);
        }

        private static XgbModel Copy(XgbModel m, IReadOnlyList<XgbTree> trees, IReadOnlyList<int> groups, IReadOnlyList<float>? weights, IReadOnlyList<float>? linear) => new XgbModel
        {
            Version = m.Version, Objective = m.Objective, Booster = m.Booster, BaseScore = m.BaseScore, GroupCount = m.GroupCount,
            FeatureCount = m.FeatureCount, FeatureNames = m.FeatureNames, FeatureTypes = m.FeatureTypes,
            Trees = trees, TreeGroups = groups, TreeWeights = weights, LinearWeights = linear,
        };

        /// <summary>
        /// base_score is a string ("5E-1"); XGBoost 2.1 onward may write a vector ("[5E-1]") — one value for every
        /// output is accepted, distinct per-output base scores are refused.
        /// </summary>
        private static float ReadBaseScore(Dictionary<string, object?> parameters, string source)
        {
            string text = XgbJson.Text(XgbJson.Member(parameters, "base_score", source), source, "base_score").Trim();
            if (text.StartsWith("[", StringComparison.Ordinal) && text.EndsWith("]", StringComparison.Ordinal))
            {
                var values = text.Substring(1, text.Length - 2).Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToList();
                if (values.Count != 1) throw new ModelConversionException($"{source}: base_score {text} differs per output, which DbScoring does not convert.", "base_score");
                text = values[0];
            }
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
                throw new ModelConversionException($"{source}: base_score '{text}' is not a number.");
            return value;
        }
    }

    /// <summary>One XGBoost regression tree, as its parallel node arrays (XGBoost node ids; −1 = no child).</summary>
    internal sealed class XgbTree
    {
        public int[] Left { get; init; } = Array.Empty<int>();
        public int[] Right { get; init; } = Array.Empty<int>();
        public int[] SplitIndex { get; init; } = Array.Empty<int>();

        /// <summary>Split node: go left when value &lt; condition. Leaf: the leaf value.</summary>
        public float[] SplitCondition { get; init; } = Array.Empty<float>();

        public bool[] DefaultLeft { get; init; } = Array.Empty<bool>();

        /// <summary>Per categorical split node, its category set (a category in the set goes right).</summary>
        public IReadOnlyDictionary<int, int[]> Categories { get; init; } = new Dictionary<int, int[]>();

        public int NodeCount => Left.Length;

        public bool IsLeaf(int node) => Left[node] == -1;

        public static XgbTree Read(Dictionary<string, object?> tree, string source, int index)
        {
            string where = $"tree {index}";
            int[] left = XgbJson.Ints(XgbJson.Member(tree, "left_children", source), source, where + " left_children");
            int n = left.Length;
            int[] right = Sized(XgbJson.Ints(XgbJson.Member(tree, "right_children", source), source, where + " right_children"), n, source, where, "right_children");
            int[] split = Sized(XgbJson.Ints(XgbJson.Member(tree, "split_indices", source), source, where + " split_indices"), n, source, where, "split_indices");
            float[] conditions = Sized(XgbJson.Floats(XgbJson.Member(tree, "split_conditions", source), source, where + " split_conditions"), n, source, where, "split_conditions");
            bool[] defaultLeft = Sized(XgbJson.Booleans(XgbJson.Member(tree, "default_left", source), source, where + " default_left"), n, source, where, "default_left");
            int[] splitType = tree.TryGetValue("split_type", out object? st) && st != null
                ? Sized(XgbJson.Ints(st, source, where + " split_type"), n, source, where, "split_type")
                : new int[n];
            if (tree.TryGetValue("leaf_vector", out object? lv) && lv != null && XgbJson.Floats(lv, source, where + " leaf_vector").Length > 0)
                throw new ModelConversionException($"{source}: {where} has vector leaves (multi_strategy = multi_output_tree), which DbScoring does not convert.", "leaf_vector");

            var categories = new Dictionary<int, int[]>();
            if (tree.TryGetValue("categories_nodes", out object? cn) && cn != null)
            {
                int[] nodes = XgbJson.Ints(cn, source, where + " categories_nodes");
                int[] segments = XgbJson.Ints(XgbJson.Member(tree, "categories_segments", source), source, where + " categories_segments");
                int[] sizes = XgbJson.Ints(XgbJson.Member(tree, "categories_sizes", source), source, where + " categories_sizes");
                int[] all = XgbJson.Ints(XgbJson.Member(tree, "categories", source), source, where + " categories");
                if (segments.Length != nodes.Length || sizes.Length != nodes.Length)
                    throw new ModelConversionException($"{source}: {where} has {nodes.Length} categorical nodes but {segments.Length} segments and {sizes.Length} sizes.");
                for (int i = 0; i < nodes.Length; i++)
                {
                    if (nodes[i] < 0 || nodes[i] >= n || segments[i] < 0 || sizes[i] < 0 || (long)segments[i] + sizes[i] > all.Length)
                        throw new ModelConversionException($"{source}: {where} categorical node entry {i} is out of range.");
                    var set = new int[sizes[i]];
                    Array.Copy(all, segments[i], set, 0, sizes[i]);
                    if (set.Any(c => c < 0)) throw new ModelConversionException($"{source}: {where} node {nodes[i]} lists a negative category.");
                    categories[nodes[i]] = set;
                }
            }
            for (int node = 0; node < n; node++)
            {
                if (splitType[node] != 0 && splitType[node] != 1)
                    throw new ModelConversionException($"{source}: {where} node {node} has split type {splitType[node]}; 0 (numerical) and 1 (categorical) are known.");
                if (left[node] != -1 && (splitType[node] == 1) != categories.ContainsKey(node))
                    throw new ModelConversionException($"{source}: {where} node {node} is {(splitType[node] == 1 ? "a categorical split without categories" : "a numerical split with categories")}.");
            }
            return new XgbTree { Left = left, Right = right, SplitIndex = split, SplitCondition = conditions, DefaultLeft = defaultLeft, Categories = categories };
        }

        private static T[] Sized<T>(T[] values, int n, string source, string where, string what) =>
            values.Length == n ? values : throw new ModelConversionException($"{source}: {where} has {values.Length} {what} for {n} nodes.");
    }

    /// <summary>Typed access to <see cref="XgbDocument"/> values, failing with the file and the member's name.</summary>
    internal static class XgbJson
    {
        public static object? Member(Dictionary<string, object?> obj, string key, string source) =>
            obj.TryGetValue(key, out object? value) ? value : throw new ModelConversionException($"{source} has no '{key}': it is not an XGBoost model saved with save_model (JSON or UBJSON, XGBoost 1.0 or later).");

        public static Dictionary<string, object?> Object(object? value, string source, string what) =>
            value as Dictionary<string, object?> ?? throw new ModelConversionException($"{source}: {what} is not an object.");

        public static List<object?> List(object? value, string source, string what) =>
            value as List<object?> ?? throw new ModelConversionException($"{source}: {what} is not an array.");

        public static string Text(object? value, string source, string what) =>
            value as string ?? throw new ModelConversionException($"{source}: {what} is not a string.");

        public static string[] Texts(object? value, string source, string what) =>
            List(value, source, what).Select(v => Text(v, source, what)).ToArray();

        public static int IntParameter(Dictionary<string, object?> parameters, string key, string source, int absent)
        {
            if (!parameters.TryGetValue(key, out object? value) || value == null) return absent;
            string text = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result)
                ? result : throw new ModelConversionException($"{source}: learner_model_param.{key} '{text}' is not an integer.");
        }

        public static float[] Floats(object? value, string source, string what)
        {
            switch (value)
            {
                case float[] floats: return floats;
                case double[] doubles: return doubles.Select(d => (float)d).ToArray();
                case int[] ints: return ints.Select(i => (float)i).ToArray();
                case List<object?> list: return list.Select(v => Float(v, source, what)).ToArray();
                default: throw new ModelConversionException($"{source}: {what} is not an array of numbers.");
            }
        }

        public static int[] Ints(object? value, string source, string what)
        {
            switch (value)
            {
                case int[] ints: return ints;
                case long[] longs: return longs.Select(l => checked((int)l)).ToArray();
                case List<object?> list: return list.Select(v => Int(v, source, what)).ToArray();
                default: throw new ModelConversionException($"{source}: {what} is not an array of integers.");
            }
        }

        /// <summary>Booleans written as true/false (XGBoost 1.0) or 0/1 (later).</summary>
        public static bool[] Booleans(object? value, string source, string what)
        {
            if (value is List<object?> list && list.All(v => v is bool)) return list.Select(v => (bool)v!).ToArray();
            return Ints(value, source, what).Select(i => i != 0).ToArray();
        }

        private static float Float(object? value, string source, string what)
        {
            switch (value)
            {
                case XgbDocument.JsonNumber n:
                    switch (n.Text)
                    {
                        case "NaN": return float.NaN;
                        case "Infinity": return float.PositiveInfinity;
                        case "-Infinity": return float.NegativeInfinity;
                    }
                    return float.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out float parsed) ? parsed
                        : throw new ModelConversionException($"{source}: {what} holds '{n.Text}', not a number.");
                case float f: return f;
                case double d: return (float)d;
                case long l: return l;
                default: throw new ModelConversionException($"{source}: {what} holds a {value?.GetType().Name ?? "null"}, not a number.");
            }
        }

        private static int Int(object? value, string source, string what)
        {
            switch (value)
            {
                case XgbDocument.JsonNumber n when int.TryParse(n.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i): return i;
                case long l when l >= int.MinValue && l <= int.MaxValue: return (int)l;
                case bool b: return b ? 1 : 0;
                default: throw new ModelConversionException($"{source}: {what} holds '{value}', not an integer.");
            }
        }
    }
}
