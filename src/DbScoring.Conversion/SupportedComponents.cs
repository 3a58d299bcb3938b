using System;
using System.Collections.Generic;

namespace DbScoring.Conversion
{
    /// <summary>
    /// The explicit table of ML.NET 5.0.1 components DbScoring converts (docs/model-format.md lists them too).
    /// Anything else is refused by its type name.
    /// </summary>
    public static partial class SupportedComponents
    {
        /// <summary>Feature transformers, by ML.NET type name.</summary>
        public static IReadOnlyList<string> Transformers { get; } = new[]
        {
            "ColumnCopyingTransformer", "ColumnSelectingTransformer", "ColumnConcatenatingTransformer",
            "MissingValueReplacingTransformer", "ValueToKeyMappingTransformer (text, Single)", "KeyToVectorMappingTransformer",
            "KeyToValueMappingTransformer (text)", "HashingTransformer (text, Single)", "TypeConvertingTransformer (to Single/Double)",
            "NormalizingTransformer (MinMax, MeanVariance, LogMeanVariance, Binning)",
        };

        /// <summary>Predictors, by ML.NET model-parameters type name.</summary>
        public static IReadOnlyList<string> Predictors { get; } = new[]
        {
            "LinearBinaryModelParameters (SDCA, L-BFGS logistic, AveragedPerceptron, LinearSvm, SGD)",
            "LinearRegressionModelParameters (SDCA, OnlineGradientDescent, OLS)",
            "PoissonRegressionModelParameters",
            "FastTreeBinaryModelParameters", "FastTreeRegressionModelParameters", "FastTreeTweedieModelParameters",
            "FastForestBinaryModelParameters", "FastForestRegressionModelParameters",
            "LightGbmBinaryModelParameters", "LightGbmRegressionModelParameters",
            "MaximumEntropyModelParameters", "LinearMulticlassModelParameters", "OneVersusAllModelParameters (incl. LightGbm multiclass)",
        };

        /// <summary>Calibrators, by ML.NET type name.</summary>
        public static IReadOnlyList<string> Calibrators { get; } = new[] { "PlattCalibrator", "NaiveCalibrator", "IsotonicCalibrator" };

        /// <summary>The refusal for an unsupported component, naming it and what is supported.</summary>
        public static ModelConversionException Refuse(Type type, string? detail = null)
        {
            string name = DisplayName(type);
            string hint = type.Namespace == "Microsoft.ML.Transforms.Text"
                ? " Text featurization (FeaturizeText and its tokenizers, n-grams, normalizers) is not supported yet: use OneHotEncoding or OneHotHashEncoding on categories."
                : "";
            return new ModelConversionException(
                $"The ML.NET component {name} is not supported by DbScoring, so the model cannot be scored exactly and was not converted.{detail}{hint} " +
                "Supported: " + string.Join(", ", Transformers) + "; " + string.Join(", ", Predictors) + "; calibrators " + string.Join(", ", Calibrators) + ".",
                name);
        }

        /// <summary>
        /// A type's name without generic arity marks, with its type arguments; a nested type is prefixed with its
        /// declaring type (FeaturizeText fits to the nested class TextFeaturizingEstimator.Transformer, which alone
        /// would be named just "Transformer").
        /// </summary>
        public static string DisplayName(Type type)
        {
            string prefix = type.IsNested && type.DeclaringType != null && !type.IsGenericParameter ? DisplayName(type.DeclaringType) + "." : "";
            if (!type.IsGenericType) return prefix + type.Name;
            int tick = type.Name.IndexOf('`');
            string name = tick < 0 ? type.Name : type.Name.Substring(0, tick);
            return prefix + name + "<" + string.Join(", ", Array.ConvertAll(type.GetGenericArguments(), DisplayName)) + ">";
        }
    }
}
