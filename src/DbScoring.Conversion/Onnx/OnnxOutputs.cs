using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// The shape of a converted graph: the one predictor node reading the graph input, and which graph outputs carry its
    /// label and its scores (directly, or through a ZipMap as one map per row); read back from ONNX Runtime's results.
    /// </summary>
    internal sealed class OnnxOutputs
    {
        private readonly IReadOnlyList<string>? _zipKeys;

        private OnnxOutputs(OnnxNode predictor, string scores, string? label, IReadOnlyList<string>? zipKeys)
        {
            Predictor = predictor;
            Scores = scores;
            Label = label;
            _zipKeys = zipKeys;
        }

        /// <summary>The predictor node.</summary>
        public OnnxNode Predictor { get; }

        /// <summary>The graph output with the scores (regression value, class probabilities or scores).</summary>
        public string Scores { get; }

        /// <summary>The graph output with the predicted labels; null when the graph does not expose them.</summary>
        public string? Label { get; }

        /// <summary>Finds the predictor and its outputs; refuses any other graph shape, naming it.</summary>
        public static OnnxOutputs Find(OnnxModel onnx, string input, string source)
        {
            var predictors = onnx.Nodes.Where(n => SupportedComponents.OnnxOperators[OnnxConverter.Key(n)].IsPredictor).ToList();
            if (predictors.Count != 1)
                throw new ModelConversionException($"{source} has {predictors.Count} predictor operators; DbScoring converts graphs of one ({string.Join(", ", onnx.Nodes.Select(n => n.Describe()))}).");
            var predictor = predictors[0];
            if (predictor.Inputs.Count != 1 || predictor.Inputs[0] != input)
                throw new ModelConversionException($"{source}: {predictor.Describe()} does not read the graph input '{input}' directly.");
            var graphOutputs = new HashSet<string>(onnx.Outputs.Select(o => o.Name), StringComparer.Ordinal);
            bool classifier = predictor.OpType == "TreeEnsembleClassifier";
            string scores = predictor.Outputs[classifier ? 1 : 0];
            string? label = classifier && graphOutputs.Contains(predictor.Outputs[0]) ? predictor.Outputs[0] : null;
            IReadOnlyList<string>? zipKeys = null;
            foreach (var node in onnx.Nodes.Where(n => n != predictor))
            {
                // ZipMap is the only other operator converted so far: it must zip the classifier's probabilities.
                if (!classifier || node.Inputs.Count != 1 || node.Inputs[0] != scores || node.Outputs.Count != 1)
                    throw new ModelConversionException($"{source}: {node.Describe()} does not read the classifier's probabilities ('{scores}'); DbScoring converts a ZipMap only there.", node.Describe());
                if (!graphOutputs.Contains(node.Outputs[0]))
                    throw new ModelConversionException($"{source}: the output of {node.Describe()} is not a graph output.", node.Describe());
                zipKeys = ZipKeys(node);
                scores = node.Outputs[0];
            }
            if (!graphOutputs.Contains(scores))
                throw new ModelConversionException($"{source}: the graph does not output the scores of {predictor.Describe()} ('{scores}'), which the parity gate compares.");
            return new OnnxOutputs(predictor, scores, label, zipKeys);
        }

        private static IReadOnlyList<string> ZipKeys(OnnxNode zipMap)
        {
            if (zipMap.Attributes.TryGetValue("classlabels_int64s", out var ints) && ints.Ints.Count > 0)
                return ints.Ints.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToList();
            if (zipMap.Attributes.TryGetValue("classlabels_strings", out var strings) && strings.Strings.Count > 0) return strings.Strings;
            throw new ModelConversionException($"The ONNX operator {zipMap.Describe()} is malformed: it has no class labels.", zipMap.Describe());
        }

        /// <summary>The <paramref name="rows"/> score rows of the scores output (a [N, K] float tensor, or ZipMap's maps in key order).</summary>
        public float[][] ReadScores(DisposableNamedOnnxValue value, int rows)
        {
            var result = new float[rows][];
            if (_zipKeys == null)
            {
                var tensor = value.AsTensor<float>();
                int width = tensor.Dimensions.Length > 1 ? tensor.Dimensions[1] : 1;
                for (int r = 0; r < rows; r++)
                {
                    result[r] = new float[width];
                    for (int k = 0; k < width; k++) result[r][k] = tensor.Dimensions.Length > 1 ? tensor[r, k] : tensor[r];
                }
                return result;
            }
            int row = 0;
            foreach (var map in value.AsEnumerable<DisposableNamedOnnxValue>())
            {
                var entries = map.Value is IDictionary<long, float> byInt
                    ? byInt.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value)
                    : map.AsDictionary<string, float>().ToDictionary(p => p.Key, p => p.Value);
                result[row++] = _zipKeys.Select(k => entries[k]).ToArray();
            }
            return result;
        }

        /// <summary>The predicted labels as text (int64 labels in invariant digits).</summary>
        public static string[] ReadLabels(DisposableNamedOnnxValue value, int rows)
        {
            var labels = new string[rows];
            if (value.Value is Tensor<long> ints)
                for (int r = 0; r < rows; r++) labels[r] = ints[r].ToString(CultureInfo.InvariantCulture);
            else
            {
                var strings = value.AsTensor<string>();
                for (int r = 0; r < rows; r++) labels[r] = strings[r];
            }
            return labels;
        }
    }
}
