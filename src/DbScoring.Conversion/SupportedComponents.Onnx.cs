using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Conversion.Onnx;

namespace DbScoring.Conversion
{
    public static partial class SupportedComponents
    {
        /// <summary>
        /// ONNX operators, by (domain, op type) → their translation. This table is the dispatch: the ONNX converter
        /// looks every node up here and refuses any other by op, domain and node name.
        /// </summary>
        internal static IReadOnlyDictionary<string, OnnxOperator> OnnxOperators { get; } = new Dictionary<string, OnnxOperator>(StringComparer.Ordinal)
        {
            ["ai.onnx.ml:TreeEnsembleRegressor"] = OnnxOperator.TreeEnsembleRegressor,
            ["ai.onnx.ml:TreeEnsemble"] = OnnxOperator.TreeEnsemble,
            ["ai.onnx.ml:TreeEnsembleClassifier"] = OnnxOperator.TreeEnsembleClassifier,
            ["ai.onnx.ml:LinearRegressor"] = OnnxOperator.LinearRegressor,
            ["ai.onnx.ml:LinearClassifier"] = OnnxOperator.LinearClassifier,
            ["ai.onnx:MatMul"] = OnnxOperator.MatMul,
            ["ai.onnx:Gemm"] = OnnxOperator.Gemm,
            ["ai.onnx.ml:ZipMap"] = OnnxOperator.ZipMap,
            ["ai.onnx.ml:Scaler"] = OnnxOperator.Scaler,
            ["ai.onnx.ml:Imputer"] = OnnxOperator.Imputer,
            ["ai.onnx.ml:OneHotEncoder"] = OnnxOperator.OneHotEncoder,
            ["ai.onnx.ml:FeatureVectorizer"] = OnnxOperator.FeatureVectorizer,
            ["ai.onnx.ml:CastMap"] = OnnxOperator.CastMap,
            ["ai.onnx.ml:LabelEncoder"] = OnnxOperator.LabelEncoder,
            ["ai.onnx.ml:Binarizer"] = OnnxOperator.Binarizer,
            ["ai.onnx.ml:Normalizer"] = OnnxOperator.Normalizer,
            ["ai.onnx.ml:ArrayFeatureExtractor"] = OnnxOperator.ArrayFeatureExtractor,
            ["ai.onnx:Identity"] = OnnxOperator.Identity,
            ["ai.onnx:Cast"] = OnnxOperator.Cast,
            ["ai.onnx:Constant"] = OnnxOperator.Constant,
            ["ai.onnx:Concat"] = OnnxOperator.Concat,
            ["ai.onnx:Flatten"] = OnnxOperator.Flatten,
            ["ai.onnx:Reshape"] = OnnxOperator.Reshape,
            ["ai.onnx:Squeeze"] = OnnxOperator.Squeeze,
            ["ai.onnx:Unsqueeze"] = OnnxOperator.Unsqueeze,
            ["ai.onnx:Gather"] = OnnxOperator.Gather,
            ["ai.onnx:Mul"] = OnnxOperator.Mul,
            ["ai.onnx:Add"] = OnnxOperator.Add,
            ["ai.onnx:Sub"] = OnnxOperator.Sub,
            ["ai.onnx:Div"] = OnnxOperator.Div,
            ["ai.onnx:Sigmoid"] = OnnxOperator.Sigmoid,
            ["ai.onnx:Softmax"] = OnnxOperator.Softmax,
            ["ai.onnx:ArgMax"] = OnnxOperator.ArgMax,
        };

        /// <summary>Public view of the ONNX table: "domain:op" names.</summary>
        public static IReadOnlyList<string> Onnx => OnnxOperators.Keys.ToList();

        /// <summary>The refusal for an ONNX node whose operator is not in <see cref="OnnxOperators"/>.</summary>
        internal static ModelConversionException RefuseOnnx(OnnxNode node, string source) =>
            new ModelConversionException(
                $"{source}: the ONNX operator {node.Describe()} is not supported by DbScoring, so the model was not converted. " +
                $"Supported operators: {string.Join(", ", Onnx)}.", node.Describe());
    }
}
