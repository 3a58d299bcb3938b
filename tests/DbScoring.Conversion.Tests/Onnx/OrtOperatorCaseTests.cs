using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using DbScoring.Runtime;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace DbScoring.Conversion.Tests.Onnx
{
    /// <summary>
    /// ONNX Runtime's own unit tests of the ai.onnx.ml operators (onnxruntime/test/providers/cpu/ml/*.cc), a producer we
    /// did not write: build_ort_cases.py transcribes each test's attributes, inputs and expected outputs and writes the
    /// models with python3-onnx (ORT builds them in memory; there is no model file to take). For every model a case
    /// yields, DbScoring either converts it — the parity gate then runs ONNX Runtime itself on the case's rows (given as
    /// the --sample file) and on synthetic rows, and DbScoring's outputs on the case's rows must equal what ORT's test
    /// expects within ORT's tolerance — or refuses it, and the refusal must name the operator and the attribute. The
    /// outcome of every case is printed (docs/model-sources.md lists them).
    /// </summary>
    [Collection(OrtOperatorCases.Collection)]
    public sealed class OrtOperatorCaseTests
    {
        private const int SyntheticRows = 500;
        private readonly OrtOperatorCases _cases;
        private readonly ITestOutputHelper _output;

        public OrtOperatorCaseTests(OrtOperatorCases cases, ITestOutputHelper output)
        {
            _cases = cases;
            _output = output;
        }

        [SkippableTheory]
        [InlineData("treeregressor_test.cc")]
        [InlineData("tree_ensembler_classifier_test.cc")]
        [InlineData("tree_ensembler_test.cc")]
        [InlineData("linearclassifer_test.cc")]
        [InlineData("linearregressor_test.cc")]
        [InlineData("normalizer_test.cc")]
        [InlineData("scaler_test.cc")]
        [InlineData("binarizer_test.cc")]
        [InlineData("imputer_test.cc")]
        [InlineData("onehotencoder_test.cc")]
        [InlineData("label_encoder_test.cc")]
        [InlineData("array_feature_extractor_test.cc")]
        [InlineData("feature_vectorizer_test.cc")]
        [InlineData("cast_map_test.cc")]
        public void ONNX_Runtimes_cases_score_as_its_tests_expect_or_are_refused_by_name(string source)
        {
            Skip.If(_cases.SkipReason != null, _cases.SkipReason);
            var cases = _cases.Cases.Where(c => c.Source.EndsWith("/" + source, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(cases);
            var failures = new List<string>();
            foreach (var c in cases)
            {
                foreach (var check in c.Checks)
                {
                    string what = $"{c.Test} — {check.Model}{(check.Target is int t ? $" --target {t}" : "")}";
                    try
                    {
                        _output.WriteLine($"{what}: {Run(check)}");
                    }
                    catch (Exception e) when (e is XunitException || e is ModelConversionException || e is InvalidDataException)
                    {
                        failures.Add($"{what}: {e.Message}");
                        _output.WriteLine($"{what}: FAILED {e.Message}");
                    }
                }
            }
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }

        [SkippableFact]
        public void Every_transcribed_ORT_test_file_is_checked()
        {
            Skip.If(_cases.SkipReason != null, _cases.SkipReason);
            var checkedFiles = typeof(OrtOperatorCaseTests).GetMethod(nameof(ONNX_Runtimes_cases_score_as_its_tests_expect_or_are_refused_by_name))!
                .GetCustomAttributes<InlineDataAttribute>().Select(a => (string)a.GetData(null!).Single()[0]).ToHashSet();
            var files = _cases.Cases.Select(c => Path.GetFileName(c.Source)).ToHashSet();
            Assert.Equal(files.OrderBy(f => f), checkedFiles.OrderBy(f => f));
            Assert.All(_cases.Cases, c => Assert.NotEmpty(c.Checks));
        }

        /// <summary>Converts (or expects a refusal of) one model of a case and compares its outputs; returns what happened.</summary>
        private string Run(OrtCheck check)
        {
            string file = _cases.File(check.Model + ".onnx");
            var options = new ConversionOptions { Target = check.Target, SyntheticRows = SyntheticRows };
            if (check.Refused != null)
            {
                var error = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(file, options));
                foreach (string words in check.Refused) Assert.True(error.Message.Contains(words, StringComparison.Ordinal), $"the refusal does not say '{words}': {error.Message}");
                // It names the operator and node, and says what converts — or, for a model ONNX Runtime refuses too, what is malformed.
                Assert.True(error.Message.Contains("(node '", StringComparison.Ordinal) || error.Message.Contains("the input '", StringComparison.Ordinal), error.Message);
                Assert.True(error.Message.Contains("DbScoring converts", StringComparison.Ordinal) || error.Message.Contains("DbScoring takes", StringComparison.Ordinal) ||
                    error.Message.Contains(" is malformed: ", StringComparison.Ordinal), "the refusal does not say what converts: " + error.Message);
                return "refused: " + error.Message;
            }

            // First without the case's rows (to learn the input names DbScoring gives the model), then with them as the
            // --sample file, so that ONNX Runtime itself scores exactly ORT's test rows beside DbScoring.
            var model = ModelConverter.Convert(file, options).Model;
            string rounding = "";
            if (check.FloatRoundingRows.Count > 0)
            {
                var all = new ConversionOptions { Target = check.Target, SyntheticRows = SyntheticRows, SamplePath = WriteSample(check, model, null) };
                var refusal = Assert.Throws<ModelConversionException>(() => ModelConverter.Convert(file, all));
                Assert.Contains($"FAILED on {check.FloatRoundingRows.Count} rows", refusal.Message);
                foreach (int r in check.FloatRoundingRows) Assert.Contains($"row {r + 1}: ", refusal.Message);
                Assert.Contains("which DbScoring holds as floats", refusal.Message);   // says why and what to do, not "please report"
                rounding = $"; with row(s) {string.Join(", ", check.FloatRoundingRows.Select(r => r + 1))} (a double input whose float rounding crosses a split) the gate refuses it: {refusal.Message}";
            }
            var result = ModelConverter.Convert(file, new ConversionOptions { Target = check.Target, SyntheticRows = SyntheticRows, SamplePath = WriteSample(check, model, check.FloatRoundingRows) });
            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.Equal(check.Rows.Count - check.FloatRoundingRows.Count, result.Parity.SampleRows);

            var scorer = result.Model.CreateScorer();
            double largest = 0;
            for (int r = 0; r < check.Rows.Count; r++)
            {
                if (check.FloatRoundingRows.Contains(r)) continue;
                var row = check.Rows[r];
                for (int i = 0; i < row.Length; i++)
                {
                    if (row[i] is string text) scorer.SetText(i, text);
                    else if (row[i] is double number) scorer.SetNumber(i, number);
                    else scorer.SetMissing(i);
                }
                var prediction = scorer.Predict();
                string where = $"row {r + 1}";
                if (check.Labels != null) Assert.True(check.Labels[r] == prediction.PredictedLabel, $"{where}: ORT expects label {check.Labels[r]}, DbScoring {prediction.PredictedLabel}");
                if (check.Scores != null) largest = Math.Max(largest, Compare(check.Scores[r], prediction.Score, check.Tolerance, where + " score"));
                if (check.Probabilities != null) largest = Math.Max(largest, Compare(check.Probabilities[r], prediction.Probability, check.Tolerance, where + " probability"));
                if (check.ClassScores != null)
                    for (int k = 0; k < check.ClassScores[r].Length; k++)
                        largest = Math.Max(largest, Compare(check.ClassScores[r][k], prediction.ClassScores[k], check.Tolerance, $"{where} class {k}"));
            }
            return $"converted ({result.Model.Metadata["algorithm"]}); gate: {result.Parity}; " +
                $"vs ORT's expected outputs max |Δ| {largest:G3} (tolerance {check.Tolerance:G3}){rounding}";
        }

        private static double Compare(double expected, double actual, double tolerance, string where)
        {
            if (double.IsNaN(expected))
            {
                Assert.True(double.IsNaN(actual), $"{where}: ORT expects NaN, DbScoring {actual:R}");
                return 0;
            }
            double difference = Math.Abs(actual - expected);
            Assert.True(difference <= tolerance, $"{where}: ORT expects {expected:R}, DbScoring {actual:R} (tolerance {tolerance:G3})");
            return difference;
        }

        /// <summary>The case's rows but <paramref name="leftOut"/> as a --sample CSV (header = the model's input names; an empty cell is missing).</summary>
        private string WriteSample(OrtCheck check, ScoringModel model, IReadOnlyList<int>? leftOut)
        {
            string path = _cases.File(check.Model + (check.Target is int t ? "-target" + t : "") + (leftOut == null ? "-all" : "") + ".sample.csv");
            var lines = new List<string> { string.Join(",", model.Inputs.Select(i => i.Name)) };
            foreach (var row in check.Rows.Where((_, r) => leftOut == null || !leftOut.Contains(r)))
            {
                Assert.Equal(model.Inputs.Count, row.Length);
                lines.Add(string.Join(",", row.Select(v => v switch
                {
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    string s => s,
                    _ => "",
                })));
            }
            File.WriteAllLines(path, lines);
            return path;
        }
    }
}
