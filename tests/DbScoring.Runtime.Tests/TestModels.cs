using System;
using System.Collections.Generic;
using System.Globalization;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// Hand-built model definitions (no ML.NET): one feature pipeline that uses every transform kind, under each
    /// predictor kind. Inputs: Age (Number), Plan (Text), Tenure (Number), City (Text), IsVip (Boolean), Income (Text).
    /// </summary>
    internal static class TestModels
    {
        internal const int Age = 0, Plan = 1, Tenure = 2, City = 3, IsVip = 4, Income = 5;
        internal const uint MlNetHashSeed = 314489979;
        internal const int CityHashBits = 4;
        internal const int FeatureCount = 1 + 3 + (1 << CityHashBits) + 1 + 1 + 1 + 1; // 24

        // Column indices.
        private const int CAge = 0, CPlan = 1, CTenure = 2, CCity = 3, CVip = 4, CIncomeText = 5;
        private const int CAgeFilled = 6, CPlanKey = 7, CPlanVec = 8, CCityKey = 9, CCityVec = 10, CTenureNorm = 11;
        private const int CIncome = 12, CIncomeCdf = 13, CAgeBin = 14, CPlanKeyCopy = 15, CPlanText = 16, CFeatures = 17;

        internal static readonly string[] Plans = { "basic", "plus", "pro" };

        private static List<InputColumn> Inputs() => new List<InputColumn>
        {
            new InputColumn("Age", InputKind.Number, CAge, 0, null, 18, 90),
            new InputColumn("Plan", InputKind.Text, CPlan, 0, Plans),
            new InputColumn("Tenure", InputKind.Number, CTenure, 0, null, 0, 120),
            new InputColumn("City", InputKind.Text, CCity, 0),
            new InputColumn("IsVip", InputKind.Boolean, CVip, 0),
            new InputColumn("Income", InputKind.Text, CIncomeText, 0),
        };

        private static List<ColumnDefinition> Columns() => new List<ColumnDefinition>
        {
            new ColumnDefinition("Age", ColumnKind.Float, 1),
            new ColumnDefinition("Plan", ColumnKind.Text, 1),
            new ColumnDefinition("Tenure", ColumnKind.Float, 1),
            new ColumnDefinition("City", ColumnKind.Text, 1),
            new ColumnDefinition("IsVip", ColumnKind.Float, 1),
            new ColumnDefinition("IncomeText", ColumnKind.Text, 1),
            new ColumnDefinition("AgeFilled", ColumnKind.Float, 1),
            new ColumnDefinition("PlanKey", ColumnKind.Key, 1, Plans.Length),
            new ColumnDefinition("PlanVec", ColumnKind.Float, Plans.Length),
            new ColumnDefinition("CityKey", ColumnKind.Key, 1, 1 << CityHashBits),
            new ColumnDefinition("CityVec", ColumnKind.Float, 1 << CityHashBits),
            new ColumnDefinition("TenureNorm", ColumnKind.Float, 1),
            new ColumnDefinition("Income", ColumnKind.Float, 1),
            new ColumnDefinition("IncomeCdf", ColumnKind.Float, 1),
            new ColumnDefinition("AgeBin", ColumnKind.Float, 1),
            new ColumnDefinition("PlanKeyCopy", ColumnKind.Key, 1, Plans.Length),
            new ColumnDefinition("PlanText", ColumnKind.Text, 1),
            new ColumnDefinition("Features", ColumnKind.Float, FeatureCount),
        };

        private static List<Transform> Transforms() => new List<Transform>
        {
            new ReplaceMissingTransform(CAge, CAgeFilled, new[] { 35f }),
            new ValueToKeyTransform(CPlan, CPlanKey, Plans),
            new KeyToVectorTransform(CPlanKey, CPlanVec, bag: false),
            new HashTransform(CCity, CCityKey, CityHashBits, MlNetHashSeed, ordered: true),
            new KeyToVectorTransform(CCityKey, CCityVec, bag: false),
            new AffineNormalizeTransform(CTenure, CTenureNorm, new[] { 0.1f }, new[] { 2f }),
            new ConvertToFloatTransform(CIncomeText, CIncome),
            new CdfNormalizeTransform(CIncome, CIncomeCdf, new[] { 50000f }, new[] { 20000f }, useLog: false),
            new BinNormalizeTransform(CAgeFilled, CAgeBin, new[] { new[] { 30f, 50f, float.PositiveInfinity } }, new[] { 2f }, new[] { 0f }),
            new CopyColumnTransform(CPlanKey, CPlanKeyCopy),
            new KeyToValueTransform(CPlanKeyCopy, CPlanText, Plans),
            new ConcatenateTransform(new[] { CAgeFilled, CPlanVec, CCityVec, CTenureNorm, CVip, CIncomeCdf, CAgeBin }, CFeatures),
        };

        internal static ModelDefinition Build(Predictor predictor, IReadOnlyList<string> labels, string name) =>
            new ModelDefinition(Inputs(), Columns(), Transforms(), predictor, labels,
                new Dictionary<string, string> { ["name"] = name, ["algorithm"] = predictor.Kind.ToString(), ["note"] = "Zürich – ünïcödé" });

        /// <summary>Cities the one-hot model knows (the others in <see cref="Rows"/> are unseen: key 0).</summary>
        internal static readonly string[] KnownCities = { "Zürich", "Genève", "", "東京", "Basel" };

        /// <summary>Features of <see cref="OneHotOnly"/>: Age, Plan one-hot (3), Tenure, City one-hot (5), IsVip.</summary>
        internal const int OneHotOnlyFeatureCount = 1 + 3 + 1 + 5 + 1;

        /// <summary>
        /// The same six inputs as <see cref="Build"/> with only value-to-key, one-hot and concatenation steps: the shape of a
        /// model trained on raw numbers and categories, whose execution plan (when the predictor folds) runs no transform but
        /// the input key look-ups. Income is an input no step reads.
        /// </summary>
        internal static ModelDefinition OneHotOnly(Predictor predictor, IReadOnlyList<string> labels, string name)
        {
            const int cAge = 0, cPlan = 1, cTenure = 2, cCity = 3, cVip = 4, cIncome = 5, cPlanKey = 6, cPlanVec = 7, cCityKey = 8, cCityVec = 9, cFeatures = 10;
            var columns = new List<ColumnDefinition>
            {
                new ColumnDefinition("Age", ColumnKind.Float, 1),
                new ColumnDefinition("Plan", ColumnKind.Text, 1),
                new ColumnDefinition("Tenure", ColumnKind.Float, 1),
                new ColumnDefinition("City", ColumnKind.Text, 1),
                new ColumnDefinition("IsVip", ColumnKind.Float, 1),
                new ColumnDefinition("IncomeText", ColumnKind.Text, 1),
                new ColumnDefinition("PlanKey", ColumnKind.Key, 1, Plans.Length),
                new ColumnDefinition("PlanVec", ColumnKind.Float, Plans.Length),
                new ColumnDefinition("CityKey", ColumnKind.Key, 1, KnownCities.Length),
                new ColumnDefinition("CityVec", ColumnKind.Float, KnownCities.Length),
                new ColumnDefinition("Features", ColumnKind.Float, OneHotOnlyFeatureCount),
            };
            var transforms = new List<Transform>
            {
                new ValueToKeyTransform(cPlan, cPlanKey, Plans),
                new KeyToVectorTransform(cPlanKey, cPlanVec, bag: false),
                new ValueToKeyTransform(cCity, cCityKey, KnownCities),
                new KeyToVectorTransform(cCityKey, cCityVec, bag: false),
                new ConcatenateTransform(new[] { cAge, cPlanVec, cTenure, cCityVec, cVip }, cFeatures),
            };
            var inputs = new List<InputColumn>
            {
                new InputColumn("Age", InputKind.Number, cAge, 0),
                new InputColumn("Plan", InputKind.Text, cPlan, 0, Plans),
                new InputColumn("Tenure", InputKind.Number, cTenure, 0),
                new InputColumn("City", InputKind.Text, cCity, 0, KnownCities),
                new InputColumn("IsVip", InputKind.Boolean, cVip, 0),
                new InputColumn("Income", InputKind.Text, cIncome, 0),
            };
            return new ModelDefinition(inputs, columns, transforms, predictor, labels, new Dictionary<string, string> { ["name"] = name });
        }

        internal static float[] Weights(int seed, float scale = 1f)
        {
            var random = new Random(seed);
            var w = new float[FeatureCount];
            for (int i = 0; i < w.Length; i++) w[i] = (float)(random.NextDouble() * 2 - 1) * scale;
            return w;
        }

        internal static LinearScoreFunction Linear(int seed) => new LinearScoreFunction(Weights(seed), 0.25f);

        /// <summary>Three trees over the 24 features: numerical splits with and without default-for-missing, a categorical split.</summary>
        internal static TreeEnsembleScoreFunction Trees(bool average = false)
        {
            // Tree 0: node0 IsVip ≤ 0.5 (NaN → default 1 → right) ? node1 : leaf2; node1 categorical on plan slots 1,2 → right leaf1 else leaf0.
            var t0 = new RegressionTree(
                left: new[] { 1, ~0 }, right: new[] { ~2, ~1 }, splitFeature: new[] { 21, 0 }, threshold: new[] { 0.5f, 0f },
                defaultForMissing: new[] { 1f, float.NaN }, categoricalFeatures: new[] { new int[0], new[] { 2, 3 } },
                leafValues: new[] { -0.5, 0.75, 1.25 });
            // Tree 1: node0 TenureNorm ≤ 0 (no default: NaN goes right) ? leaf0 : node1; node1 IncomeCdf ≤ 0.5 ? leaf1 : leaf2.
            var t1 = new RegressionTree(
                left: new[] { ~0, ~1 }, right: new[] { 1, ~2 }, splitFeature: new[] { 20, 22 }, threshold: new[] { 0f, 0.5f },
                defaultForMissing: new[] { float.NaN, float.NaN }, categoricalFeatures: new[] { new int[0], new int[0] },
                leafValues: new[] { 0.1, -0.2, 0.3 });
            // Tree 2: a single leaf.
            var t2 = new RegressionTree(new int[0], new int[0], new int[0], new float[0], new float[0], new int[0][], new[] { 0.125 });
            return new TreeEnsembleScoreFunction(new[] { t0, t1, t2 }, average, FeatureCount);
        }

        /// <summary>
        /// A forest QuickScorer evaluates (no categorical split): complete trees of depth 0–4 whose thresholds repeat, with
        /// −0 next to 0, a NaN threshold (always right) and defaults for missing values on either side — what the blob's precomputed test order
        /// (section 8) must reproduce exactly.
        /// </summary>
        internal static TreeEnsembleScoreFunction QuickScorerTrees()
        {
            float[] thresholds = { 0f, -0f, 0.5f, 1f, -1f, 2.5f, 1f, 0.25f };
            var trees = new List<RegressionTree>();
            for (int t = 0; t < 12; t++)
            {
                int depth = t % 5, nodes = (1 << depth) - 1; // complete trees: node i's children are 2i+1 and 2i+2
                var left = new int[nodes];
                var right = new int[nodes];
                var feature = new int[nodes];
                var threshold = new float[nodes];
                var missing = new float[nodes];
                for (int n = 0; n < nodes; n++)
                {
                    left[n] = 2 * n + 1 < nodes ? 2 * n + 1 : ~(2 * n + 1 - nodes);
                    right[n] = 2 * n + 2 < nodes ? 2 * n + 2 : ~(2 * n + 2 - nodes);
                    feature[n] = (t * 5 + n * 7) % FeatureCount;
                    threshold[n] = thresholds[(t * 3 + n) % thresholds.Length];
                    missing[n] = n % 3 == 0 ? float.NaN : n % 3 == 1 ? threshold[n] + 1 : threshold[n] - 1;
                }
                if (t == 3) threshold[1] = float.NaN; // always goes right: no test
                var categorical = new int[nodes][];
                for (int n = 0; n < nodes; n++) categorical[n] = new int[0];
                var leaves = new double[nodes + 1];
                for (int l = 0; l < leaves.Length; l++) leaves[l] = ((t * 31 + l * 17) % 23 - 11) / 8.0;
                trees.Add(new RegressionTree(left, right, feature, threshold, missing, categorical, leaves));
            }
            return new TreeEnsembleScoreFunction(trees, average: false, FeatureCount);
        }

        internal static ModelDefinition BinaryQuickScorer() => Build(
            new BinaryPredictor(CFeatures, QuickScorerTrees(), new PlattCalibrator(-1.2, 0.1), 0.5f, thresholdOnProbability: true),
            new[] { "False", "True" }, "binary-quickscorer");

        internal static ModelDefinition BinaryLinear() => Build(
            new BinaryPredictor(CFeatures, Linear(1), new PlattCalibrator(-1.5, 0.2), 0.5f, thresholdOnProbability: true),
            new[] { "False", "True" }, "binary-linear");

        internal static ModelDefinition BinaryTree() => Build(
            new BinaryPredictor(CFeatures, Trees(), new IsotonicCalibrator(new[] { -1f, 0f, 1f }, new[] { -0.5f, 0.5f, 2f }, new[] { 0.1f, 0.4f, 0.9f }), 0f, thresholdOnProbability: false),
            new[] { "False", "True" }, "binary-tree");

        internal static ModelDefinition RegressionForest() => Build(
            new RegressionPredictor(CFeatures, Trees(average: true), RegressionLink.Identity),
            new string[0], "regression-forest");

        internal static ModelDefinition PoissonLinear() => Build(
            new RegressionPredictor(CFeatures, Linear(2), RegressionLink.Exponential),
            new string[0], "poisson-linear");

        internal static ModelDefinition MulticlassLinear() => Build(
            new MulticlassLinearPredictor(CFeatures, new[] { Linear(3), Linear(4), Linear(5) }, softmax: true),
            new[] { "red", "green", "blue" }, "multiclass-linear");

        internal static ModelDefinition OneVersusAll() => Build(
            new OneVersusAllPredictor(CFeatures,
                new ScoreFunction[] { Linear(6), Trees(), Linear(7) },
                new Calibrator?[] { new PlattCalibrator(-1, 0), new NaiveCalibrator(0.5f, -2f, new[] { 0.05f, 0.2f, 0.5f, 0.7f, 0.9f }), new PlattCalibrator(-2, 0.5) },
                OneVersusAllMode.Distribution),
            new[] { "a", "b", "c" }, "ova");

        /// <summary>Every model above, by name, for theories.</summary>
        internal static ModelDefinition ByName(string name)
        {
            switch (name)
            {
                case "binary-linear": return BinaryLinear();
                case "binary-tree": return BinaryTree();
                case "regression-forest": return RegressionForest();
                case "poisson-linear": return PoissonLinear();
                case "multiclass-linear": return MulticlassLinear();
                case "ova": return OneVersusAll();
                case "binary-quickscorer": return BinaryQuickScorer();
                default: throw new ArgumentException("unknown test model " + name, nameof(name));
            }
        }

        internal static readonly string[] Names = { "binary-linear", "binary-tree", "regression-forest", "poisson-linear", "multiclass-linear", "ova", "binary-quickscorer" };

        public static IEnumerable<object[]> AllNames()
        {
            foreach (string name in Names) yield return new object[] { name };
        }

        /// <summary>One input row; null/NaN fields are missing.</summary>
        internal sealed class Row
        {
            public double Age;
            public string? Plan;
            public double Tenure;
            public string? City;
            public double IsVip;
            public string? Income;
        }

        private static readonly string[] Cities = { "Zürich", "Genève", "Basel", "", " Bern ", "東京", "São Paulo", "x" };

        /// <summary>Deterministic rows covering missing values, unseen categories and odd text.</summary>
        internal static List<Row> Rows(int count, int seed = 42)
        {
            var random = new Random(seed);
            var rows = new List<Row>(count);
            for (int i = 0; i < count; i++)
            {
                rows.Add(new Row
                {
                    Age = random.Next(10) == 0 ? double.NaN : 15 + random.NextDouble() * 70,
                    Plan = random.Next(8) == 0 ? null : random.Next(10) == 0 ? "enterprise" : Plans[random.Next(Plans.Length)],
                    Tenure = random.Next(12) == 0 ? double.NaN : random.Next(0, 120),
                    City = random.Next(9) == 0 ? null : Cities[random.Next(Cities.Length)],
                    IsVip = random.Next(7) == 0 ? double.NaN : random.Next(2),
                    Income = random.Next(6) == 0 ? (random.Next(2) == 0 ? "?" : "n/a") :
                        (10000 + random.NextDouble() * 90000).ToString("F2", CultureInfo.InvariantCulture),
                });
            }
            return rows;
        }

        internal static void Set(Scorer scorer, Row row)
        {
            scorer.SetNumber(Age, row.Age);
            scorer.SetText(Plan, row.Plan);
            scorer.SetNumber(Tenure, row.Tenure);
            scorer.SetText(City, row.City);
            scorer.SetNumber(IsVip, row.IsVip);
            scorer.SetText(Income, row.Income);
        }

        /// <summary>A copy of a prediction, comparable bit for bit.</summary>
        internal sealed class Snapshot : IEquatable<Snapshot>
        {
            public Snapshot(Prediction p)
            {
                Score = p.Score;
                Probability = p.Probability;
                PredictedClass = p.PredictedClass;
                PredictedLabel = p.PredictedLabel;
                ClassScores = (float[])p.ClassScores.Clone();
            }

            public float Score { get; }
            public float Probability { get; }
            public int PredictedClass { get; }
            public string? PredictedLabel { get; }
            public float[] ClassScores { get; }

            public bool Equals(Snapshot? other)
            {
                if (other == null || !Same(Score, other.Score) || !Same(Probability, other.Probability)) return false;
                if (PredictedClass != other.PredictedClass || PredictedLabel != other.PredictedLabel) return false;
                if (ClassScores.Length != other.ClassScores.Length) return false;
                for (int i = 0; i < ClassScores.Length; i++)
                    if (!Same(ClassScores[i], other.ClassScores[i])) return false;
                return true;
            }

            public override bool Equals(object? obj) => Equals(obj as Snapshot);

            public override int GetHashCode() => PredictedClass ^ Score.GetHashCode();

            public override string ToString() =>
                $"Score={Score:R} P={Probability:R} Class={PredictedClass} Label={PredictedLabel} Scores=[{string.Join(",", ClassScores)}]";

            private static bool Same(float a, float b) => BitConverter.ToInt32(BitConverter.GetBytes(a), 0) == BitConverter.ToInt32(BitConverter.GetBytes(b), 0);
        }

        internal static List<Snapshot> ScoreAll(ScoringModel model, IReadOnlyList<Row> rows)
        {
            var scorer = model.CreateScorer();
            var result = new List<Snapshot>(rows.Count);
            foreach (var row in rows)
            {
                Set(scorer, row);
                result.Add(new Snapshot(scorer.Predict()));
            }
            return result;
        }
    }
}
