using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Conversion
{
    /// <summary>
    /// ML.NET model (.zip) → DbScoring model blob. Walks the saved pipeline, translates each supported component,
    /// keeps only what the prediction needs, then proves on sample rows that the blob scores as ML.NET does
    /// (the parity gate) — or refuses, naming what it cannot reproduce.
    /// </summary>
    public static class ModelConverter
    {
        /// <summary>The ML.NET version the converter reads, recorded in every blob.</summary>
        public static string MlNetVersion => typeof(MLContext).Assembly.GetName().Version?.ToString(3) ?? "unknown";

        /// <summary>Converts the model at <paramref name="zipPath"/>; throws <see cref="ModelConversionException"/> when it cannot.</summary>
        public static ConversionResult Convert(string zipPath, ConversionOptions? options = null)
        {
            if (zipPath == null) throw new ArgumentNullException(nameof(zipPath));
            options ??= new ConversionOptions();
            byte[] zip = File.ReadAllBytes(zipPath);
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
                ["converter"] = "DbScoring " + typeof(ModelConverter).Assembly.GetName().Version?.ToString(3),
                ["mlnet.version"] = MlNetVersion,
            };
            var definition = translation.Build(metadata);
            var model = ScoringModel.Load(ModelSerializer.Write(definition));

            var rows = new List<SampleRow>();
            string sample = "synthetic";
            if (options.SamplePath != null)
            {
                rows.AddRange(SampleRows.Read(options.SamplePath, model, options.MaxSampleRows));
                sample = "file:" + Path.GetFileName(options.SamplePath) + "+edge-cases";
            }
            int synthetic = options.SamplePath == null ? options.SyntheticRows : Math.Max(200, options.SyntheticRows / 10);
            rows.AddRange(SampleRows.Synthesize(model.Inputs, translation.IntegralInputs(model), synthetic, options.Seed));

            var data = new SampleDataView(inputSchema, rows, translation.FieldsOfSchemaColumns(model, inputSchema));
            var parity = ParityGate.Run(mlModel, data, model, rows, sample, options.Tolerance);
            if (!parity.Passed)
                throw new ModelConversionException(
                    $"Parity gate failed: DbScoring does not score this model exactly as ML.NET does ({parity}). " +
                    string.Join("; ", parity.Examples) + ". The model was not converted; please report it with the model file.");

            foreach (var pair in parity.ToMetadata()) metadata[pair.Key] = pair.Value;
            byte[] blob = ModelSerializer.Write(translation.Build(metadata));
            return new ConversionResult(blob, ScoringModel.Load(blob), parity);
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
