using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Conversion;
using DbScoring.Runtime;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// One benchmarked model: trained with ML.NET on the Adult data, saved, converted; the same rows prepared for each
    /// competitor (typed objects for PredictionEngine, an IDataView for Transform, plain arrays for the runtime).
    /// </summary>
    public sealed class Scenario
    {
        private Scenario(string name, bool multiclass, MLContext ml, ITransformer mlModel, List<AdultRow> rows, string zip, ConversionResult converted)
        {
            Name = name;
            Multiclass = multiclass;
            Ml = ml;
            MlModel = mlModel;
            Rows = rows;
            Data = ml.Data.LoadFromEnumerable(rows);
            ZipPath = zip;
            Blob = converted.Blob;
            Model = converted.Model;
            Parity = converted.Parity.ToString();
            RuntimeRows = new RuntimeRows(Model, rows, multiclass);
        }

        public string Name { get; }
        public bool Multiclass { get; }
        public MLContext Ml { get; }
        public ITransformer MlModel { get; }
        public List<AdultRow> Rows { get; }
        public IDataView Data { get; }
        public string ZipPath { get; }
        public byte[] Blob { get; }
        public ScoringModel Model { get; }
        public string Parity { get; }
        /// <summary>The rows as the runtime reads them (one array of values per row).</summary>
        public RuntimeRows RuntimeRows { get; }
        public double[][] Numbers => RuntimeRows.Numbers;
        public string?[][] Texts => RuntimeRows.Texts;
        public bool[] IsText => RuntimeRows.IsText;

        /// <summary>A tree ensemble (the batch target applies).</summary>
        public bool IsTrees => !Name.StartsWith("Logistic", StringComparison.Ordinal) && !Name.StartsWith("Multiclass maximum", StringComparison.Ordinal);

        /// <summary>The linear model over eight categorical inputs (the 4 M rows/s target).</summary>
        public bool IsLinearWithCategories => Name.StartsWith("Logistic", StringComparison.Ordinal);

        /// <summary>The benchmark's models, in table order. <paramref name="filter"/> keeps names containing it.</summary>
        public static IEnumerable<Scenario> All(string? filter = null)
        {
            var ml = new MLContext(seed: 1);
            var rows = AdultData.Load(ml);
            string folder = BenchFolder();
            foreach (var (name, multiclass) in Names)
            {
                if (filter != null && !name.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
                var data = ml.Data.LoadFromEnumerable(rows);
                var model = Pipeline(ml, name).Fit(data);
                string zip = Path.Combine(folder, new string(name.Where(char.IsLetterOrDigit).ToArray()) + ".zip");
                ml.Model.Save(model, data.Schema, zip);
                var converted = ModelConverter.Convert(zip, new ConversionOptions { SyntheticRows = 500 });
                yield return new Scenario(name, multiclass, ml, model, rows, zip, converted);
            }
        }

        /// <summary>
        /// One folder per process for the ML.NET zips, removed when the process exits: two benchmark runs at the same
        /// time used to overwrite each other's zips in one shared folder and crash.
        /// </summary>
        static string BenchFolder()
        {
            string folder = Path.Combine(Path.GetTempPath(), "dbscoring-bench-" + Environment.ProcessId);
            Directory.CreateDirectory(folder);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
            return folder;
        }

        public static readonly (string Name, bool Multiclass)[] Names =
        {
            ("Logistic regression, 8 one-hot + 6 normalized inputs", false),
            ("FastTree 100 trees x 20 leaves", false),
            ("FastTree 500 trees x 20 leaves", false),
            ("LightGbm 100 trees x 20 leaves", false),
            ("LightGbm 500 trees x 20 leaves", false),
            ("Multiclass maximum entropy (6 classes)", true),
            ("Multiclass LightGbm (6 classes, 100 iterations)", true),
        };

        private static IEstimator<ITransformer> Pipeline(MLContext ml, string name)
        {
            // Binary models read all eight categorical columns; multiclass models predict relationship, so they read seven.
            var categorical = name.StartsWith("Multiclass", StringComparison.Ordinal) ? AdultData.Categorical : AdultData.Categorical.Append("relationship").ToArray();
            var features = ml.Transforms.Categorical.OneHotEncoding(categorical.Select(c => new InputOutputColumnPair(c + "_1h", c)).ToArray())
                .Append(ml.Transforms.Concatenate("Features", AdultData.Numeric.Concat(categorical.Select(c => c + "_1h")).ToArray()));
            var multiclassLabel = ml.Transforms.Conversion.MapValueToKey("Class", "relationship");
            return name switch
            {
                var n when n.StartsWith("Logistic") => features.Append(ml.Transforms.NormalizeMinMax("Features")).Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20)),
                var n when n.StartsWith("FastTree 100") => features.Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 20, numberOfTrees: 100)),
                var n when n.StartsWith("FastTree 500") => features.Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 20, numberOfTrees: 500)),
                var n when n.StartsWith("LightGbm 100") => features.Append(ml.BinaryClassification.Trainers.LightGbm(numberOfLeaves: 20, numberOfIterations: 100)),
                var n when n.StartsWith("LightGbm 500") => features.Append(ml.BinaryClassification.Trainers.LightGbm(numberOfLeaves: 20, numberOfIterations: 500)),
                var n when n.StartsWith("Multiclass maximum") => multiclassLabel.Append(features).Append(ml.Transforms.NormalizeMinMax("Features")).Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Class", maximumNumberOfIterations: 20)),
                _ => multiclassLabel.Append(features).Append(ml.MulticlassClassification.Trainers.LightGbm("Class", numberOfLeaves: 20, numberOfIterations: 100)),
            };
        }

        internal static Dictionary<string, Func<AdultRow, object>> Getters() => new(StringComparer.OrdinalIgnoreCase)
        {
            ["age"] = r => r.Age, ["workclass"] = r => r.Workclass, ["fnlwgt"] = r => r.Fnlwgt, ["education"] = r => r.Education,
            ["education-num"] = r => r.EducationNum, ["marital-status"] = r => r.MaritalStatus, ["occupation"] = r => r.Occupation,
            ["relationship"] = r => r.Relationship, ["ethnicity"] = r => r.Ethnicity, ["sex"] = r => r.Sex,
            ["capital-gain"] = r => r.CapitalGain, ["capital-loss"] = r => r.CapitalLoss, ["hours-per-week"] = r => r.HoursPerWeek,
            ["native-country"] = r => r.NativeCountry,
        };

        /// <summary>Scores every row with the DbScoring runtime; returns a checksum so the work cannot be optimized away.</summary>
        public double ScoreWithRuntime(Scorer scorer) => RuntimeRows.ScoreOneRowAtATime(scorer);

        /// <summary>Scores every row with ML.NET's PredictionEngine (one row at a time, output object reused).</summary>
        public double ScoreWithPredictionEngine()
        {
            double sum = 0;
            if (Multiclass)
            {
                var engine = Ml.Model.CreatePredictionEngine<AdultRow, MulticlassOutput>(MlModel);
                var output = new MulticlassOutput();
                foreach (var row in Rows) { engine.Predict(row, ref output); sum += output.Score[0]; }
            }
            else
            {
                var engine = Ml.Model.CreatePredictionEngine<AdultRow, ScoreOutput>(MlModel);
                var output = new ScoreOutput();
                foreach (var row in Rows) { engine.Predict(row, ref output); sum += output.Score; }
            }
            return sum;
        }

        /// <summary>Scores every row with ML.NET's batch Transform and a cursor over Score.</summary>
        public double ScoreWithTransform() => ScoreWithTransform(MlModel, Data, Multiclass);

        /// <summary>Scores every row of <paramref name="data"/> with <paramref name="model"/>'s Transform and a cursor over Score.</summary>
        public static double ScoreWithTransform(ITransformer model, IDataView data, bool multiclass)
        {
            var scored = model.Transform(data);
            var column = scored.Schema["Score"];
            double sum = 0;
            using var cursor = scored.GetRowCursor(new[] { column });
            if (multiclass)
            {
                var get = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> v = default;
                while (cursor.MoveNext()) { get(ref v); sum += v.GetItemOrDefault(0); }
            }
            else
            {
                var get = cursor.GetGetter<float>(column);
                float v = 0;
                while (cursor.MoveNext()) { get(ref v); sum += v; }
            }
            return sum;
        }
    }

    /// <summary>The Adult rows as the DbScoring runtime reads them: per row, the model's inputs in order (numbers and texts).</summary>
    public sealed class RuntimeRows
    {
        public RuntimeRows(ScoringModel model, List<AdultRow> rows, bool multiclass)
        {
            var get = Scenario.Getters();
            Multiclass = multiclass;
            Numbers = rows.Select(r => model.Inputs.Select(i => i.Kind == InputKind.Text ? 0.0 : Convert.ToDouble(get[i.Name](r))).ToArray()).ToArray();
            Texts = rows.Select(r => model.Inputs.Select(i => i.Kind == InputKind.Text ? (string?)get[i.Name](r) : null).ToArray()).ToArray();
            IsText = model.Inputs.Select(i => i.Kind == InputKind.Text).ToArray();
        }

        public bool Multiclass { get; }
        public double[][] Numbers { get; }
        public string?[][] Texts { get; }
        public bool[] IsText { get; }

        /// <summary>Scores every row one at a time (`SetText`/`SetNumber` + `Predict`); returns a checksum so the work cannot be optimized away.</summary>
        public double ScoreOneRowAtATime(Scorer scorer)
        {
            double sum = 0;
            for (int r = 0; r < Numbers.Length; r++)
            {
                double[] numbers = Numbers[r];
                string?[] texts = Texts[r];
                for (int i = 0; i < IsText.Length; i++)
                {
                    if (IsText[i]) scorer.SetText(i, texts[i]);
                    else scorer.SetNumber(i, numbers[i]);
                }
                var p = scorer.Predict();
                sum += Multiclass ? p.ClassScores[0] : p.Score;
            }
            return sum;
        }
    }
}
