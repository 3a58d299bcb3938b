using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Conversion.Xgboost
{
    /// <summary>
    /// How one XGBoost booster becomes one score function per output group. One instance per entry of
    /// <see cref="SupportedComponents.XgboostBoosters"/>.
    /// </summary>
    internal sealed class XgbBooster
    {
        private readonly Func<XgbModel, XgbFeatureLayout, float, string, IReadOnlyList<ScoreFunction>> _translate;

        private XgbBooster(string description, bool linear, Func<XgbModel, XgbFeatureLayout, float, string, IReadOnlyList<ScoreFunction>> translate)
        {
            Description = description;
            IsLinear = linear;
            _translate = translate;
        }

        /// <summary>What the booster becomes, for the docs.</summary>
        public string Description { get; }

        /// <summary>gblinear: missing values count as 0 and features are never categorical.</summary>
        public bool IsLinear { get; }

        /// <summary>One score function per output group, each starting from <paramref name="baseMargin"/>.</summary>
        public IReadOnlyList<ScoreFunction> Translate(XgbModel model, XgbFeatureLayout layout, float baseMargin, string source) =>
            _translate(model, layout, baseMargin, source);

        /// <summary>gbtree: per group, the base margin then the group's trees, summed in boosting order.</summary>
        public static XgbBooster Trees { get; } = new XgbBooster("tree ensemble (sum of the trees of each output group)", false, (m, l, b, s) => TreeFunctions(m, l, b, s, weighted: false));

        /// <summary>dart: as gbtree, each tree's leaves multiplied by its weight_drop in float, as XGBoost's Dart predictor does.</summary>
        public static XgbBooster WeightedTrees { get; } = new XgbBooster("tree ensemble with each tree's dart weight folded into its leaves", false, (m, l, b, s) => TreeFunctions(m, l, b, s, weighted: true));

        /// <summary>gblinear: bias + base margin + Σ w·x per group, missing values contributing nothing.</summary>
        public static XgbBooster Linear { get; } = new XgbBooster("linear model per output group (missing values count as 0)", true, LinearFunctions);

        /// <summary>For each categorical feature, C = 1 + the largest category code any split lists.</summary>
        public static IReadOnlyDictionary<int, int> CategoryCounts(XgbModel model, string source)
        {
            var counts = new Dictionary<int, int>();
            var numerical = new HashSet<int>();
            for (int t = 0; t < model.Trees.Count; t++)
            {
                var tree = model.Trees[t];
                for (int node = 0; node < tree.NodeCount; node++)
                {
                    if (tree.IsLeaf(node)) continue;
                    int feature = tree.SplitIndex[node];
                    if (feature < 0 || feature >= model.FeatureCount)
                        throw new ModelConversionException($"{source}: tree {t} node {node} splits on feature {feature}, outside 0..{model.FeatureCount - 1}.");
                    if (tree.Categories.TryGetValue(node, out int[]? set))
                    {
                        int largest = set.Length == 0 ? 0 : set.Max();
                        if (largest >= Runtime.Transforms.CategoryCodeToKeyTransform.MaxCategoryCount)
                            throw new ModelConversionException($"{source}: tree {t} node {node} lists category {largest}, beyond XGBoost's largest valid category.");
                        counts[feature] = Math.Max(counts.TryGetValue(feature, out int c) ? c : 1, largest + 1);
                    }
                    else numerical.Add(feature);
                }
            }
            int both = counts.Keys.FirstOrDefault(numerical.Contains, -1);
            if (both >= 0)
                throw new ModelConversionException($"{source}: feature {both} has both numerical and categorical splits, which DbScoring does not convert.", "feature " + both);
            return counts;
        }

        private static IReadOnlyList<ScoreFunction> TreeFunctions(XgbModel model, XgbFeatureLayout layout, float baseMargin, string source, bool weighted)
        {
            var perGroup = new List<RegressionTree>[model.GroupCount];
            for (int g = 0; g < perGroup.Length; g++)
                perGroup[g] = new List<RegressionTree> { Constant(baseMargin) };
            for (int t = 0; t < model.Trees.Count; t++)
            {
                float weight = weighted ? model.TreeWeights![t] : 1f;
                perGroup[model.TreeGroups[t]].Add(Tree(model.Trees[t], layout, weight, $"{source}: tree {t}"));
            }
            return perGroup.Select(trees => (ScoreFunction)new TreeEnsembleScoreFunction(trees, average: false, layout.FeatureCount, floatSum: true)).ToList();
        }

        /// <summary>A tree without splits: XGBoost starts every margin from the base margin before adding trees.</summary>
        private static RegressionTree Constant(float value) =>
            new RegressionTree(new int[0], new int[0], new int[0], new float[0], new float[0], new int[0][], new double[] { value });

        /// <summary>
        /// One XGBoost tree in the runtime's form. XGBoost goes left when value &lt; condition; the runtime when value ≤
        /// threshold; for every float x (NaN aside) x &lt; c ⇔ x ≤ the largest float below c, so threshold = that float
        /// (exact: no float lies between them). Missing values: default left → NaN replaced by −∞ (≤ any threshold);
        /// default right → NaN kept (NaN ≤ t is false). A categorical split lists the indicator slots of its categories
        /// (and the missing indicator when missing values go right): right when any is 1, as XGBoost sends a category in
        /// the set to the right.
        /// </summary>
        internal static RegressionTree Tree(XgbTree tree, XgbFeatureLayout layout, float weight, string where)
        {
            // Nodes reachable from the root (pruned nodes may remain in the arrays), each exactly once.
            var internalIndex = new Dictionary<int, int>();
            var leafIndex = new Dictionary<int, int>();
            var seen = new HashSet<int>();
            var pending = new Stack<int>();
            pending.Push(0);
            var internals = new List<int>();
            var leaves = new List<int>();
            while (pending.Count > 0)
            {
                int node = pending.Pop();
                if (node < 0 || node >= tree.NodeCount) throw new ModelConversionException($"{where}: a child index {node} is outside 0..{tree.NodeCount - 1}.");
                if (!seen.Add(node)) throw new ModelConversionException($"{where}: node {node} is reached twice; the tree is malformed.");
                if (tree.IsLeaf(node)) { leaves.Add(node); continue; }
                internals.Add(node);
                pending.Push(tree.Right[node]);
                pending.Push(tree.Left[node]);
            }
            internals.Sort();
            leaves.Sort();
            for (int i = 0; i < internals.Count; i++) internalIndex[internals[i]] = i;
            for (int i = 0; i < leaves.Count; i++) leafIndex[leaves[i]] = i;
            int Child(int node) => tree.IsLeaf(node) ? ~leafIndex[node] : internalIndex[node];

            int n = internals.Count;
            var left = new int[n];
            var right = new int[n];
            var feature = new int[n];
            var threshold = new float[n];
            var missing = new float[n];
            var categorical = new int[n][];
            for (int i = 0; i < n; i++)
            {
                int node = internals[i];
                int f = tree.SplitIndex[node];
                left[i] = Child(tree.Left[node]);
                right[i] = Child(tree.Right[node]);
                missing[i] = float.NaN;
                categorical[i] = new int[0];
                if (tree.Categories.TryGetValue(node, out int[]? set))
                {
                    int first = layout.CategoryBase[f], count = layout.CategoryCount[f];
                    var slots = set.Where(c => c < count).Distinct().OrderBy(c => c).Select(c => first + c).ToList();
                    if (!tree.DefaultLeft[node]) slots.Add(first + count);
                    if (slots.Count > 0)
                    {
                        categorical[i] = slots.ToArray();
                        feature[i] = slots[0];
                    }
                    else
                    {
                        // Nothing goes right: an indicator (0 or 1) is always ≤ float.MaxValue.
                        feature[i] = first;
                        threshold[i] = float.MaxValue;
                    }
                    continue;
                }
                float condition = tree.SplitCondition[node];
                if (float.IsNaN(condition) || float.IsNegativeInfinity(condition))
                    throw new ModelConversionException($"{where} node {node} splits at {condition.ToString(CultureInfo.InvariantCulture)}, which no value is below; the tree is malformed.");
                feature[i] = layout.Slot[f];
                threshold[i] = MathF.BitDecrement(condition);
                if (tree.DefaultLeft[node]) missing[i] = float.NegativeInfinity;
            }
            var leafValues = new double[leaves.Count];
            for (int i = 0; i < leaves.Count; i++)
            {
                float value = tree.SplitCondition[leaves[i]];
                leafValues[i] = weight == 1f ? value : (float)((double)value * weight);   // a float product, exactly as XGBoost's float multiply
            }
            return new RegressionTree(left, right, feature, threshold, missing, categorical, leafValues);
        }

        private static IReadOnlyList<ScoreFunction> LinearFunctions(XgbModel model, XgbFeatureLayout layout, float baseMargin, string source)
        {
            var weights = model.LinearWeights!;
            int groups = model.GroupCount, features = model.FeatureCount;
            var functions = new List<ScoreFunction>(groups);
            for (int g = 0; g < groups; g++)
            {
                var w = new float[layout.FeatureCount];
                for (int f = 0; f < features; f++) w[layout.Slot[f]] = weights[f * groups + g];
                // XGBoost starts the sum at bias + base margin (GBLinear::Pred), in float.
                float bias = weights[features * groups + g] + baseMargin;
                functions.Add(new LinearScoreFunction(w, bias, biasFirst: true));
            }
            return functions;
        }
    }
}
