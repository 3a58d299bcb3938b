using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Predictors;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace DbScoring.Conversion
{
    /// <summary>The predictor part of a converted model: build it once the feature column's final number is known.</summary>
    internal sealed record TranslatedPredictor(
        string FeatureColumnName, PredictionKind Kind, IReadOnlyList<string> ClassLabels, string Algorithm, Func<int, Predictor> Create)
    {
        /// <summary>Binary only: the raw score function and threshold, so that a later calibrator can replace the calibrator.</summary>
        public (ScoreFunction Function, float Threshold, bool OnProbability)? BinaryParts { get; init; }
    }

    /// <summary>
    /// Translates ML.NET prediction transformers (binary, regression, multiclass) and their model parameters.
    /// Semantics follow the ML.NET files cited on each runtime class; refusals name the model-parameters type.
    /// </summary>
    internal static class PredictorTranslator
    {
        public static bool IsPredictionTransformer(ITransformer transformer) =>
            transformer is ISingleFeaturePredictionTransformer<object>;

        public static TranslatedPredictor Translate(ITransformer transformer, DataViewSchema schema, int featureCount)
        {
            var prediction = (ISingleFeaturePredictionTransformer<object>)transformer;
            object model = prediction.Model;
            string generic = transformer.GetType().IsGenericType ? transformer.GetType().GetGenericTypeDefinition().Name : transformer.GetType().Name;
            string algorithm = Describe(model);
            switch (generic)
            {
                case "BinaryPredictionTransformer`1":
                {
                    float threshold = MlNetReflection.Get<float>(transformer, "Threshold");
                    string thresholdColumn = MlNetReflection.Get<string>(transformer, "ThresholdColumn");
                    if (thresholdColumn != "Score" && thresholdColumn != "Probability")
                        throw new ModelConversionException($"The binary threshold applies to column '{thresholdColumn}'; DbScoring supports Score and Probability.", generic);
                    var (function, calibrator) = Binary(model, featureCount);
                    if (thresholdColumn == "Probability" && calibrator == null)
                        throw new ModelConversionException("The binary threshold applies to Probability, but the model has no calibrator.", generic);
                    return new TranslatedPredictor(prediction.FeatureColumnName, PredictionKind.BinaryClassification, new[] { "False", "True" }, algorithm,
                        column => new BinaryPredictor(column, function, calibrator, threshold, thresholdColumn == "Probability"))
                    {
                        BinaryParts = (function, threshold, thresholdColumn == "Probability"),
                    };
                }
                case "RegressionPredictionTransformer`1":
                {
                    var link = Entry(model).Link;
                    var function = Raw(model, featureCount);
                    return new TranslatedPredictor(prediction.FeatureColumnName, PredictionKind.Regression, Array.Empty<string>(), algorithm,
                        column => new RegressionPredictor(column, function, link));
                }
                case "MulticlassPredictionTransformer`1":
                {
                    var output = transformer.GetOutputSchema(schema);
                    string[] labels = KeyValues.AsText(output["PredictedLabel"]);
                    var create = Multiclass(model, featureCount, labels.Length);
                    return new TranslatedPredictor(prediction.FeatureColumnName, PredictionKind.MulticlassClassification, labels, algorithm, create);
                }
                default:
                    throw SupportedComponents.Refuse(transformer.GetType(), " DbScoring scores binary classification, regression and multiclass classification.");
            }
        }

        /// <summary>Whether <paramref name="transformer"/> is a calibrator appended after a binary trainer (ML.NET CalibratorTransformer).</summary>
        public static bool IsCalibratorTransformer(ITransformer transformer)
        {
            for (var type = transformer.GetType(); type != null; type = type.BaseType)
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(CalibratorTransformer<>)) return true;
            return false;
        }

        /// <summary>
        /// A calibrator transformer recomputes Probability from Score with its own calibrator
        /// (src/Microsoft.ML.Data/Prediction/CalibratorCatalog.cs), replacing any calibrator the trainer had.
        /// </summary>
        public static TranslatedPredictor Recalibrate(TranslatedPredictor predictor, ITransformer calibratorTransformer)
        {
            if (predictor.BinaryParts is not { } parts)
                throw new ModelConversionException($"{SupportedComponents.DisplayName(calibratorTransformer.GetType())} follows a non-binary predictor.", calibratorTransformer.GetType().Name);
            var calibrator = Calibrator((ICalibrator)((ISingleFeaturePredictionTransformer<object>)calibratorTransformer).Model);
            return predictor with
            {
                Algorithm = predictor.Algorithm + " then " + calibrator.Kind + " calibration",
                Create = column => new BinaryPredictor(column, parts.Function, calibrator, parts.Threshold, parts.OnProbability),
            };
        }

        private static (ScoreFunction, Runtime.Predictors.Calibrator?) Binary(object model, int featureCount)
        {
            if (model is CalibratedModelParametersBase calibrated)
                return (Raw(calibrated.SubModel, featureCount), Calibrator(calibrated.Calibrator));
            return (Raw(model, featureCount), null);
        }

        /// <summary>The dispatch table's entry for <paramref name="model"/>; a model type not listed is refused by name.</summary>
        private static MlNetPredictor Entry(object model) =>
            SupportedComponents.Find(SupportedComponents.MlNetPredictors, model.GetType()) ?? throw SupportedComponents.Refuse(model.GetType());

        private static ScoreFunction Raw(object model, int featureCount) =>
            (Entry(model).Raw ?? throw SupportedComponents.Refuse(model.GetType(), " It is a multiclass model where a binary or regression model is expected."))(model, featureCount);

        private static Runtime.Predictors.Calibrator Calibrator(ICalibrator calibrator) =>
            (SupportedComponents.Find(SupportedComponents.MlNetCalibrators, calibrator.GetType()) ?? throw SupportedComponents.Refuse(calibrator.GetType())).Create(calibrator);

        private static Func<int, Predictor> Multiclass(object model, int featureCount, int classCount) =>
            (Entry(model).Multiclass ?? throw SupportedComponents.Refuse(model.GetType(), " It is a binary or regression model where a multiclass model is expected."))(model, featureCount, classCount);

        /// <summary>A linear model's weights and bias (ML.NET LinearModelParameters).</summary>
        internal static ScoreFunction Linear(LinearModelParameters linear, int featureCount)
        {
            float[] weights = linear.Weights.ToArray();
            if (weights.Length != featureCount)
                throw new ModelConversionException($"{linear.GetType().Name} has {weights.Length} weights for {featureCount} features.", linear.GetType().Name);
            return new LinearScoreFunction(weights, linear.Bias);
        }

        /// <summary>A FastTree / FastForest / LightGbm tree ensemble (FastForest regression averages its trees).</summary>
        internal static ScoreFunction Trees(object model, int featureCount) =>
            TreeEnsembleTranslator.Translate(model, featureCount, average: model is FastForestRegressionModelParameters);

        /// <summary>MaximumEntropy (softmax) and LinearMulticlass (normalized) models: one linear function per class.</summary>
        internal static Func<int, Predictor> LinearMulticlass(LinearMulticlassModelParametersBase model, int featureCount, int classCount)
        {
            var classes = LinearClasses(model, featureCount, classCount);
            bool softmax = model is MaximumEntropyModelParameters;
            return column => new MulticlassLinearPredictor(column, classes, softmax);
        }

        /// <summary>One-versus-all: a binary model per class, combined by ML.NET's output formula.</summary>
        internal static Func<int, Predictor> OneVersusAll(OneVersusAllModelParameters ova, int featureCount, int classCount)
        {
            object impl = MlNetReflection.Get(ova, "_impl")!;
            object[] predictors = MlNetReflection.Items(impl, "Predictors");
            string formula = MlNetReflection.Get(impl, "OutputFormula")!.ToString()!;
            var mode = formula switch
            {
                "Raw" => OneVersusAllMode.Raw,
                "ProbabilityNormalization" => OneVersusAllMode.Distribution,
                "Softmax" => OneVersusAllMode.Softmax,
                _ => throw new ModelConversionException($"OneVersusAllModelParameters uses output formula {formula}, which DbScoring does not know.", nameof(OneVersusAllModelParameters)),
            };
            if (predictors.Length != classCount)
                throw new ModelConversionException($"OneVersusAllModelParameters has {predictors.Length} models for {classCount} classes.", nameof(OneVersusAllModelParameters));
            var parts = predictors.Select(p => Binary(p, featureCount)).ToArray();
            if (mode == OneVersusAllMode.Distribution && parts.Any(p => p.Item2 == null))
                throw new ModelConversionException("OneVersusAllModelParameters normalizes probabilities, but a class model has no calibrator.", nameof(OneVersusAllModelParameters));
            var functions = parts.Select(p => p.Item1).ToArray();
            var calibrators = parts.Select(p => p.Item2).ToArray();
            return column => new OneVersusAllPredictor(column, functions, calibrators, mode);
        }

        private static LinearScoreFunction[] LinearClasses(LinearMulticlassModelParametersBase model, int featureCount, int classCount)
        {
            VBuffer<float>[] weights = null!;
            model.GetWeights(ref weights, out int classes);
            float[] biases = model.GetBiases().ToArray();
            if (classes != classCount || biases.Length != classCount)
                throw new ModelConversionException($"{model.GetType().Name} has {classes} classes; the label has {classCount}.", model.GetType().Name);
            var result = new LinearScoreFunction[classes];
            for (int k = 0; k < classes; k++)
            {
                var dense = new float[featureCount];
                weights[k].CopyTo(dense);
                result[k] = new LinearScoreFunction(dense, biases[k]);
            }
            return result;
        }

        /// <summary>A readable algorithm description, e.g. "FastTreeBinaryModelParameters + PlattCalibrator".</summary>
        private static string Describe(object model) => model switch
        {
            CalibratedModelParametersBase c => SupportedComponents.DisplayName(c.SubModel.GetType()) + " + " + c.Calibrator.GetType().Name,
            _ => SupportedComponents.DisplayName(model.GetType()),
        };
    }
}
