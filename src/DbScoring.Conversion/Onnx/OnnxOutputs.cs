using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// The graph outputs computed from the predictor, mapped onto DbScoring's prediction: the predictor's own score or
    /// probability tensor (or ZipMap's maps) and label; and what exporters compute after a raw score — ML.NET writes a
    /// regression-shaped predictor, then Probability = Sigmoid(score · slope + offset) and PredictedLabel =
    /// Binarizer(score) as bool, which together make a binary model with a Platt calibrator; a classifier's integer label
    /// mapped to text by a LabelEncoder gives the class labels.
    /// </summary>
    internal sealed class OnnxOutputs
    {
        private OnnxOutputs(OnnxTranslatedPredictor translated, List<(string, OnnxCheck)> checks)
        {
            Translated = translated; Checks = checks;
        }

        /// <summary>The predictor as the outputs define it.</summary>
        public OnnxTranslatedPredictor Translated { get; }

        /// <summary>The graph outputs the parity gate compares, and as what.</summary>
        public IReadOnlyList<(string Name, OnnxCheck Check)> Checks { get; }

        public static OnnxOutputs Resolve(OnnxModel onnx, OnnxGraph graph, string source)
        {
            var translated = graph.Predictor ?? throw new ModelConversionException($"{source} has no predictor operator.");
            graph.TryGet(graph.ScoresOutput!, out var scores);
            OnnxDerived? probability = null, label = null;
            var checks = new List<(string, OnnxCheck)>();
            foreach (var output in onnx.Outputs)
            {
                if (!graph.TryGet(output.Name, out var value) || value.Derived == null) continue;   // copies of inputs, side outputs
                var d = value.Derived;
                if (ReferenceEquals(value, scores)) Add(checks, output.Name, OnnxCheck.Scores);
                else if (d.IsProbability) { probability ??= d; Add(checks, output.Name, OnnxCheck.Probability); }
                else if (d.IsLabel) { label ??= d; Add(checks, output.Name, OnnxCheck.Label); }
                else if (!d.IsScore || d.Scale != 1f || d.Shift != 0f)
                    throw new ModelConversionException($"{source}: the output '{output.Name}' is computed from the predictor's score (· {d.Scale} + {d.Shift}) without a Sigmoid or Binarizer; DbScoring does not reproduce it, so the model was not converted.", output.Name);
            }
            // The scores, or (a regression score turned into a probability, as a Gemm + Sigmoid export outputs it) the probability.
            if (!checks.Any(c => c.Item2 == OnnxCheck.Scores || c.Item2 == OnnxCheck.Probability && translated.Predictor is RegressionPredictor))
                throw new ModelConversionException($"{source}: the graph does not output the scores of {graph.PredictorNode!.Describe()} ('{graph.ScoresOutput}'), which the parity gate compares.");

            if (translated.Predictor is RegressionPredictor regression && (label?.Threshold != null || probability != null))
                return new OnnxOutputs(Binary(graph, translated, regression, probability, label, source), Recheck(checks));
            if (label?.LabelMap != null)
                translated = Relabel(translated, label.LabelMap, graph, source);
            return new OnnxOutputs(translated, checks);
        }

        private static void Add(List<(string, OnnxCheck)> checks, string name, OnnxCheck check)
        {
            if (!checks.Any(c => c.Item2 == check)) checks.Add((name, check));
        }

        /// <summary>The raw score output is now a binary model's Score.</summary>
        private static List<(string, OnnxCheck)> Recheck(List<(string, OnnxCheck)> checks) =>
            checks.Select(c => c.Item2 == OnnxCheck.Scores ? (c.Item1, OnnxCheck.Score) : c).ToList();

        private static OnnxTranslatedPredictor Binary(OnnxGraph graph, OnnxTranslatedPredictor translated, RegressionPredictor regression,
            OnnxDerived? probability, OnnxDerived? label, string source)
        {
            if (regression.Link != RegressionLink.Identity)
                throw new ModelConversionException($"{source}: a probability or label is computed from {graph.PredictorNode!.Describe()}'s score after its post transform; DbScoring converts that on a raw score only.");
            // Sigmoid(a·s + b) = 1 / (1 + exp(−a·s − b)): Platt with slope −a, offset −b (ML.NET's PlattCalibrator, in double).
            var calibrator = probability == null ? null : new PlattCalibrator(-(double)probability.Scale, -(double)probability.Shift);
            float threshold = label?.Threshold ?? 0f;
            var binary = new BinaryPredictor(regression.FeatureColumn, regression.Function, calibrator, threshold, thresholdOnProbability: false);
            string algorithm = translated.Algorithm + (calibrator == null ? "" : " + Sigmoid calibration") + $", label = score > {threshold}";
            return new OnnxTranslatedPredictor(binary, new[] { "False", "True" }, translated.Thresholds, algorithm,
                (text, row) => new ExpectedOutput { Score = row[0], Label = text });
        }

        private static OnnxTranslatedPredictor Relabel(OnnxTranslatedPredictor translated, IReadOnlyDictionary<string, string> map, OnnxGraph graph, string source)
        {
            var labels = translated.ClassLabels.Select(l => map.TryGetValue(l, out var text) ? text
                : throw new ModelConversionException($"{source}: the class label {l} of {graph.PredictorNode!.Describe()} has no text in the LabelEncoder after it.")).ToList();
            if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
                throw new ModelConversionException($"{source}: the LabelEncoder after {graph.PredictorNode!.Describe()} maps two classes to one label.");
            return new OnnxTranslatedPredictor(translated.Predictor, labels, translated.Thresholds, translated.Algorithm, translated.Expect);
        }
    }
}
