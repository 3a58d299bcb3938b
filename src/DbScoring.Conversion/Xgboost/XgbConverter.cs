using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;

namespace DbScoring.Conversion.Xgboost
{
    /// <summary>
    /// XGBoost model (JSON or UBJSON from <c>Booster.save_model</c>) → DbScoring model blob, with XGBoost itself as the
    /// parity oracle.
    /// </summary>
    internal static class XgbConverter
    {
        /// <summary>Whether the file is an XGBoost model by its extension (.json, .ubj).</summary>
        public static bool Accepts(string path)
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            return extension == ".json" || extension == ".ubj";
        }

        public static ConversionResult Convert(string path, byte[] bytes, ConversionOptions options)
        {
            string source = Path.GetFileName(path);
            bool ubjson = Path.GetExtension(path).Equals(".ubj", StringComparison.OrdinalIgnoreCase) || XgbDocument.LooksLikeUbjson(bytes);
            var model = XgbModel.Read(XgbDocument.Parse(bytes, ubjson, source), source);
            var translated = Translate(model, options.FeatureNames, source);

            var metadata = new Dictionary<string, string>
            {
                ["name"] = options.Name ?? Path.GetFileNameWithoutExtension(path),
                ["algorithm"] = translated.Algorithm,
                ["source.name"] = source,
                ["source.sha256"] = System.Convert.ToHexStringLower(SHA256.HashData(bytes)),
                ["source.format"] = ubjson ? "XGBoost UBJSON" : "XGBoost JSON",
                ["source.library"] = "XGBoost",
                ["source.version"] = model.Version,
                ["xgboost.objective"] = model.Objective,
                ["xgboost.booster"] = model.Booster,
                ["xgboost.baseScore"] = model.BaseScore.ToString("R", CultureInfo.InvariantCulture),
                ["converter"] = ModelConverter.ConverterName,
            };
            var blobModel = ScoringModel.Load(ModelSerializer.Write(translated.Build(metadata)));

            var oracle = XgbOracle.Locate(options.XgboostPython);
            var gated = new GatedConversion(blobModel, options, metadata,
                count => SplitSampleRows.Synthesize(model, translated.Layout, count, options.Seed, infinities: !translated.Booster.IsLinear));
            var parity = Check(path, model, translated, blobModel, gated.Rows, oracle, gated.Sample, options.Tolerance);
            return gated.Finish(parity, ranges => translated.Build(metadata, ranges));
        }

        /// <summary>Scores <paramref name="rows"/> with XGBoost and with the blob, and compares them.</summary>
        private static ParityReport Check(string path, XgbModel model, XgbTranslation translated, ScoringModel blobModel, List<SampleRow> rows,
            XgbOracle oracle, string sample, double tolerance)
        {
            int features = model.FeatureCount;
            var data = new float[rows.Count * features];
            for (int r = 0; r < rows.Count; r++)
                for (int f = 0; f < features; f++)
                    data[r * features + f] = (float)rows[r].Numbers[blobModel.Inputs[f].Index];
            var (margins, values) = oracle.Score(path, data, rows.Count, features);
            var comparer = new ParityComparer(blobModel, tolerance, oracle.Name);
            var scorer = blobModel.CreateScorer();
            for (int r = 0; r < rows.Count; r++)
            {
                for (int i = 0; i < blobModel.Inputs.Count; i++) scorer.SetNumber(i, rows[r].Numbers[i]);
                comparer.Add(r, translated.Objective.Expect(margins[r], values[r]), scorer.Predict());
            }
            return comparer.Report(sample);
        }

        /// <summary>Looks the booster and objective up in <see cref="SupportedComponents"/> and translates the model.</summary>
        internal static XgbTranslation Translate(XgbModel model, IReadOnlyList<string>? featureNames, string source)
        {
            if (!SupportedComponents.XgboostBoosters.TryGetValue(model.Booster, out var booster))
                throw SupportedComponents.RefuseXgboostBooster(model.Booster, source);
            if (!SupportedComponents.XgboostObjectives.TryGetValue(model.Objective, out var objective))
                throw SupportedComponents.RefuseXgboostObjective(model.Objective, source);
            if (objective.Multiclass != (model.GroupCount > 1))
                throw new ModelConversionException($"{source}: the objective {model.Objective} with num_class = {model.GroupCount} is inconsistent.");
            var names = XgbFeatureLayout.Names(model, featureNames, source);
            var categories = booster.IsLinear ? new Dictionary<int, int>() : XgbBooster.CategoryCounts(model, source);
            var layout = XgbFeatureLayout.Create(names, categories, missingAsZero: booster.IsLinear);
            var functions = booster.Translate(model, layout, objective.BaseMargin(model.BaseScore), source);
            var predictor = objective.CreatePredictor(layout.FeatureColumn, functions);
            string algorithm = $"XGBoost {model.Booster} {model.Objective}" +
                (booster.IsLinear ? "" : $", {model.Trees.Count} trees") + (model.GroupCount > 1 ? $", {model.GroupCount} classes" : "") +
                (categories.Count > 0 ? $", {categories.Count} categorical features" : "");
            return new XgbTranslation(layout, predictor, objective.ClassLabels(model.GroupCount), objective, booster, algorithm);
        }
    }

    /// <summary>A translated XGBoost model, ready to become a <see cref="ModelDefinition"/>.</summary>
    internal sealed class XgbTranslation
    {
        public XgbTranslation(XgbFeatureLayout layout, Runtime.Predictors.Predictor predictor, IReadOnlyList<string> classLabels,
            XgbObjective objective, XgbBooster booster, string algorithm)
        {
            Layout = layout; Predictor = predictor; ClassLabels = classLabels; Objective = objective; Booster = booster; Algorithm = algorithm;
        }

        public XgbFeatureLayout Layout { get; }
        public Runtime.Predictors.Predictor Predictor { get; }
        public IReadOnlyList<string> ClassLabels { get; }
        public XgbObjective Objective { get; }
        public XgbBooster Booster { get; }
        public string Algorithm { get; }

        /// <summary>The model definition; <paramref name="ranges"/> gives each input's sample range by name.</summary>
        public ModelDefinition Build(IDictionary<string, string> metadata, IReadOnlyDictionary<string, (double Min, double Max)>? ranges = null)
        {
            var inputs = Layout.Inputs.Select(i =>
            {
                var range = ranges != null && ranges.TryGetValue(i.Name, out var r) ? r : (double.NaN, double.NaN);
                return new InputColumn(i.Name, i.Kind, i.Column, i.Slot, i.Categories, range.Item1, range.Item2) { Index = i.Index };
            }).ToList();
            return new ModelDefinition(inputs, Layout.Columns, Layout.Transforms, Predictor, ClassLabels, metadata);
        }
    }
}
