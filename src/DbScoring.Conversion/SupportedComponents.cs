using System;
using System.Collections.Generic;

namespace DbScoring.Conversion
{
    /// <summary>
    /// The explicit table of ML.NET 5.0.1 components DbScoring converts (docs/model-format.md lists them too).
    /// Anything else is refused by its type name.
    /// </summary>
    public static class SupportedComponents
    {
        /// <summary>Feature transformers, by ML.NET type name.</summary>
        public static IReadOnlyList<string> Transformers { get; } = new[]
        {
            "ColumnCopyingTransformer", "ColumnSelectingTransformer", "ColumnConcatenatingTransformer",
            "MissingValueReplacingTransformer", "ValueToKeyMappingTransformer (text)", "KeyToVectorMappingTransformer",
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
            string hint = name.Contains("TextFeaturizing", StringComparison.Ordinal) || name.Contains("NgramExtracting", StringComparison.Ordinal) || name.Contains("TokenizingByCharacters", StringComparison.Ordinal) || name.Contains("WordTokenizing", StringComparison.Ordinal)
                ? " Text featurization (FeaturizeText) is not supported yet: featurize text before training, or use OneHotEncoding/OneHotHashEncoding on categories."
                : "";
            return new ModelConversionException(
                $"The ML.NET component {name} is not supported by DbScoring, so the model cannot be scored exactly and was not converted.{detail}{hint} " +
                "Supported: " + string.Join(", ", Transformers) + "; " + string.Join(", ", Predictors) + "; calibrators " + string.Join(", ", Calibrators) + ".",
                name);
        }

        /// <summary>A type's name without generic arity marks, with its type arguments.</summary>
        public static string DisplayName(Type type)
        {
            if (!type.IsGenericType) return type.Name;
            string name = type.Name.Substring(0, type.Name.IndexOf('`'));
            return name + "<" + string.Join(", ", Array.ConvertAll(type.GetGenericArguments(), DisplayName)) + ">";
        }
    }
}
