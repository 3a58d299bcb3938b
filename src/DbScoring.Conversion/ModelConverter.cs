using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Format;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Conversion
{
    /// <summary>
    /// A model file → DbScoring model blob. ML.NET (.zip): walks the saved pipeline, translates each supported
    /// component, keeps only what the prediction needs, then proves on sample rows that the blob scores as ML.NET does
    /// (the parity gate) — or refuses, naming what it cannot reproduce. XGBoost (.json, .ubj) goes through
    /// <see cref="Xgboost.XgbConverter"/> with XGBoost itself as the oracle.
    /// </summary>
    public static class ModelConverter
    {
        /// <summary>The ML.NET version the converter reads, recorded in every blob.</summary>
        public static string MlNetVersion { get; } = InformationalVersion(typeof(MLContext).Assembly);

        /// <summary>"DbScoring x.y.z", recorded in every blob.</summary>
        internal static string ConverterName { get; } = "DbScoring " + InformationalVersion(typeof(ModelConverter).Assembly);

        /// <summary>
        /// Converts the model at <paramref name="path"/> — an ML.NET .zip, or an XGBoost .json/.ubj — and throws
        /// <see cref="ModelConversionException"/> when it cannot.
        /// </summary>
        public static ConversionResult Convert(string path, ConversionOptions? options = null)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            options ??= new ConversionOptions();
            byte[] bytes = File.ReadAllBytes(path);
            if (options.Target != null && !Onnx.OnnxConverter.Accepts(path))
                throw new ModelConversionException($"--target chooses one target of an ONNX regressor with several targets; {Path.GetFileName(path)} is not an ONNX model, so leave --target out.");
            if (Xgboost.XgbConverter.Accepts(path)) return Xgboost.XgbConverter.Convert(path, bytes, options);
            if (Onnx.OnnxConverter.Accepts(path)) return Onnx.OnnxConverter.Convert(path, bytes, options);
            return ConvertMlNet(path, bytes, options);
        }

        private static ConversionResult ConvertMlNet(string zipPath, byte[] zip, ConversionOptions options)
        {
            var ml = new MLContext(seed: 0);
            ITransformer mlModel;
            DataViewSchema? inputSchema;
            try
            {
                using var stream = new MemoryStream(zip, writable: false);
                mlModel = ml.Model.Load(stream, out inputSchema);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
            {
                throw new ModelConversionException($"{Path.GetFileName(zipPath)} is not a loadable ML.NET model: {ex.Message}", inner: ex);
            }
            if (inputSchema == null)
                throw new ModelConversionException("The model was saved without its input schema. Save it with mlContext.Model.Save(model, trainingData.Schema, path).");

            var translation = Translate(mlModel, inputSchema);
            var metadata = new Dictionary<string, string>
            {
                ["name"] = options.Name ?? Path.GetFileNameWithoutExtension(zipPath),
                ["algorithm"] = translation.Predictor.Algorithm,
                ["source.name"] = Path.GetFileName(zipPath),
                ["source.sha256"] = System.Convert.ToHexStringLower(SHA256.HashData(zip)),
                ["source.format"] = "ML.NET zip",
                ["source.library"] = "ML.NET",
                ["source.version"] = MlNetVersion,
                ["converter"] = ConverterName,
                ["mlnet.version"] = MlNetVersion,
            };
            var definition = translation.Build(metadata);
            var model = ScoringModel.Load(ModelSerializer.Write(definition));

            var gated = new GatedConversion(model, options, metadata,
                count => SampleRows.Synthesize(model.Inputs, translation.IntegralInputs(model), count, options.Seed));
            var data = new SampleDataView(inputSchema, gated.Rows, translation.FieldsOfSchemaColumns(model, inputSchema));
            var parity = ParityGate.Run(mlModel, data, model, gated.Rows, gated.Sample, options.Tolerance);
            return gated.Finish(parity, ranges => translation.Build(metadata, ranges));
        }

        /// <summary>
        /// Adds the training profile to a converted model when there are rows for it: the --profile file, else the
        /// --sample rows (<paramref name="sampleRows"/>); otherwise returns the model as it is.
        /// </summary>
        internal static ModelDefinition WithProfile(ModelDefinition final, ConversionOptions options, IReadOnlyList<SampleRow>? sampleRows)
        {
            if (options.ProfilePath == null && sampleRows == null) return final;
            var scored = ScoringModel.Load(ModelSerializer.Write(final));
            var profile = options.ProfilePath != null
                ? Profile(scored, SampleRows.Read(options.ProfilePath, scored, options.MaxProfileRows, options.ReadProgress), "file:" + Path.GetFileName(options.ProfilePath))
                : Profile(scored, sampleRows!, "sample:" + Path.GetFileName(options.SamplePath));
            return final.WithProfile(profile);
        }

        /// <summary>The training profile of <paramref name="rows"/>: their input distributions and the model's outputs on them.</summary>
        private static Runtime.Monitoring.TrainingProfile Profile(ScoringModel model, IReadOnlyList<SampleRow> rows, string source)
        {
            if (rows.Count == 0) throw new InvalidDataException($"The profile rows ({source}) are empty: give a file with at least one data row.");
            var builder = new Runtime.Monitoring.TrainingProfileBuilder(model);
            foreach (var row in rows)
            {
                for (int i = 0; i < model.Inputs.Count; i++)
                {
                    if (model.Inputs[i].Kind == InputKind.Text) builder.SetText(i, row.Texts[i]);
                    else builder.SetNumber(i, row.Numbers[i]);
                }
                builder.AddRow();
            }
            return builder.Build(source);
        }

        /// <summary>
        /// Node covers for explaining trees (TreeSHAP), from the user's sample rows only — never the synthetic edge rows,
        /// which are not typical data. Null for models without trees, or without rows.
        /// </summary>
        internal static ExplanationData? RecordCovers(ScoringModel model, IReadOnlyList<SampleRow> rows, string source)
        {
            var recorder = new CoverRecorder(model);
            if (!recorder.HasTrees || rows.Count == 0) return null;
            foreach (var row in rows)
            {
                row.SetOn(recorder.Scorer);
                recorder.Record();
            }
            return recorder.ToExplanationData(source);
        }

        /// <summary>Translates a loaded ML.NET model without checking parity (the parity gate runs in <see cref="Convert"/>).</summary>
        internal static Translation Translate(ITransformer mlModel, DataViewSchema inputSchema)
        {
            var graph = new ConversionGraph();
            foreach (var column in inputSchema)
            {
                if (column.IsHidden) continue;
                InputBinding.Bind(graph, column);
            }
            var schema = inputSchema;
            TranslatedPredictor? predictor = null;
            int featureColumn = -1;
            foreach (var transformer in Flatten(mlModel))
            {
                if (predictor != null && PredictorTranslator.IsCalibratorTransformer(transformer))
                {
                    predictor = PredictorTranslator.Recalibrate(predictor, transformer);
                }
                else if (predictor != null)
                {
                    if (transformer is not (Microsoft.ML.Transforms.KeyToValueMappingTransformer or Microsoft.ML.Transforms.ColumnCopyingTransformer or Microsoft.ML.Transforms.ColumnSelectingTransformer))
                        throw SupportedComponents.Refuse(transformer.GetType(), " DbScoring supports only label mapping, copying and selecting after the predictor.");
                }
                else if (PredictorTranslator.IsPredictionTransformer(transformer))
                {
                    string featureName = ((ISingleFeaturePredictionTransformer<object>)transformer).FeatureColumnName;
                    featureColumn = graph.Resolve(featureName, "The predictor");
                    var features = graph.Column(featureColumn);
                    if (features.Kind != ColumnKind.Float)
                        throw new ModelConversionException($"The predictor's feature column '{featureName}' holds {features.Kind} values, not floats.");
                    predictor = PredictorTranslator.Translate(transformer, schema, features.Length);
                }
                else
                {
                    TransformerTranslator.Translate(transformer, schema, graph);
                }
                schema = transformer.GetOutputSchema(schema);
            }
            if (predictor == null)
                throw new ModelConversionException("The model has no predictor (trainer): only feature transforms were saved, so there is nothing to score.");
            return new Translation(graph, predictor, featureColumn);
        }

        /// <summary>The product version of an assembly ("5.0.1"), without the source-control suffix.</summary>
        private static string InformationalVersion(System.Reflection.Assembly assembly)
        {
            string? version = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(assembly)?.InformationalVersion;
            return version == null ? "unknown" : version.Split('+')[0];
        }

        private static IEnumerable<ITransformer> Flatten(ITransformer transformer)
        {
            if (transformer is IEnumerable<ITransformer> chain)
            {
                foreach (var inner in chain)
                    foreach (var leaf in Flatten(inner))
                        yield return leaf;
            }
            else yield return transformer;
        }
    }
}
