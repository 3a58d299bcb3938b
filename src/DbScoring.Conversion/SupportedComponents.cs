using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DbScoring.Conversion
{
    /// <summary>
    /// The explicit table of ML.NET 5.0.1 components DbScoring converts (docs/model-format.md lists them too).
    /// Anything else is refused by its type name.
    /// </summary>
    public static partial class SupportedComponents
    {
        /// <summary>
        /// ML.NET feature transformers → their translation. This table is the dispatch: the converter looks a
        /// transformer's type up here (or its nearest listed base type) and refuses any other by its type name; the
        /// README's table is generated from it.
        /// </summary>
        internal static IReadOnlyDictionary<Type, MlNetTransformer> MlNetTransformers { get; } = new Dictionary<Type, MlNetTransformer>
        {
            [typeof(ColumnCopyingTransformer)] = MlNetTransformer.Of<ColumnCopyingTransformer>("", "the same column under another name", TransformerTranslator.Copy),
            [typeof(ColumnSelectingTransformer)] = MlNetTransformer.Of<ColumnSelectingTransformer>("", "nothing: selecting only hides names, later references resolve by name", (_, _, _) => { }),
            [typeof(ColumnConcatenatingTransformer)] = MlNetTransformer.Of<ColumnConcatenatingTransformer>("", "Concatenate (columns of one kind)", TransformerTranslator.Concatenate),
            [typeof(MissingValueReplacingTransformer)] = MlNetTransformer.Of<MissingValueReplacingTransformer>("", "ReplaceMissing: NaN → the value ML.NET learned, per slot", TransformerTranslator.ReplaceMissing),
            [typeof(ValueToKeyMappingTransformer)] = MlNetTransformer.Of<ValueToKeyMappingTransformer>("text, Single", "ValueToKey / NumericValueToKey over the learned vocabulary (an unseen value is key 0)", TransformerTranslator.ValueToKey),
            [typeof(KeyToVectorMappingTransformer)] = MlNetTransformer.Of<KeyToVectorMappingTransformer>("", "KeyToVector: one-hot per slot, or a bag of counts", TransformerTranslator.KeyToVector),
            [typeof(KeyToValueMappingTransformer)] = MlNetTransformer.Of<KeyToValueMappingTransformer>("text", "KeyToValue: the key's text (the predicted label)", TransformerTranslator.KeyToValue),
            [typeof(HashingTransformer)] = MlNetTransformer.Of<HashingTransformer>("text, Single", "Hash: ML.NET's MurmurHash3 with its seed and bit count (ordered or not; not combined)", TransformerTranslator.Hash),
            [typeof(TypeConvertingTransformer)] = MlNetTransformer.Of<TypeConvertingTransformer>("to Single/Double", "the same numbers (held as floats), or text parsed as ML.NET parses it", TransformerTranslator.ConvertType),
            [typeof(NormalizingTransformer)] = MlNetTransformer.Of<NormalizingTransformer>("MinMax, MeanVariance, LogMeanVariance, Binning", "AffineNormalize, CdfNormalize or BinNormalize with the learned parameters", TransformerTranslator.Normalize),
        };

        /// <summary>Feature transformers, by ML.NET type name (with the input types or modes converted).</summary>
        public static IReadOnlyList<string> Transformers => MlNetTransformers.Select(p => p.Key.Name + (p.Value.Types.Length == 0 ? "" : " (" + p.Value.Types + ")")).ToList();

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
