using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;
using Xunit;
using Xunit.Abstractions;

namespace DbScoring.Conversion.Tests.Xgboost
{
    /// <summary>
    /// XGBoost models trained with the real XGBoost on adult, breast-cancer and iris convert through the parity gate
    /// (XGBoost itself as the oracle, on synthetic rows aimed at the split conditions), and then score every row of
    /// their data set as XGBoost's predict and predict(output_margin=True) did when the model was trained.
    /// </summary>
    public sealed class XgboostConversionTests : IClassFixture<XgboostModels>
    {
        private const double Tolerance = 1e-5;
        private readonly XgboostModels _models;
        private readonly ITestOutputHelper _output;

        public XgboostConversionTests(XgboostModels models, ITestOutputHelper output)
        {
            _models = models;
            _output = output;
        }

        [SkippableTheory]
        [InlineData("cancer-logistic", "json")]
        [InlineData("cancer-logistic", "ubj")]
        [InlineData("cancer-logitraw", "json")]
        [InlineData("cancer-hinge", "json")]
        [InlineData("cancer-dart", "json")]
        [InlineData("cancer-gblinear", "json")]
        [InlineData("cancer-base-score", "ubj")]
        [InlineData("adult-squarederror", "json")]
        [InlineData("adult-absoluteerror", "json")]
        [InlineData("adult-pseudohuber", "json")]
        [InlineData("adult-squaredlogerror", "json")]
        [InlineData("adult-logistic-regression", "json")]
        [InlineData("adult-gamma", "json")]
        [InlineData("adult-tweedie", "json")]
        [InlineData("adult-poisson", "ubj")]
        [InlineData("adult-categorical", "json")]
        [InlineData("adult-categorical", "ubj")]
        [InlineData("iris-softprob", "json")]
        [InlineData("iris-softmax", "ubj")]
        [InlineData("iris-forest", "json")]
        public void An_XGBoost_model_passes_the_gate_and_scores_every_data_row_as_XGBoost_predicted(string name, string format)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var result = ModelConverter.Convert(_models.File(name, "model." + format), new ConversionOptions { XgboostPython = _models.Python });
            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.StartsWith("XGBoost 1.", result.Parity.Oracle);
            var model = result.Model;
            Assert.Equal("XGBoost", model.Metadata["source.library"]);
            Assert.Equal(format == "ubj" ? "XGBoost UBJSON" : "XGBoost JSON", model.Metadata["source.format"]);

            var (names, rows) = ReadCsv(_models.File(name, "rows.csv"));
            var (expectedNames, expected) = ReadCsv(_models.File(name, "expected.csv"));
            Assert.Equal(names, model.Inputs.Select(i => i.Name));
            int margins = expectedNames.Count(n => n.StartsWith("margin_", StringComparison.Ordinal));
            string objective = model.Metadata["xgboost.objective"];
            var scorer = model.CreateScorer();
            double maxDifference = 0;
            int labelMismatches = 0;
            for (int r = 0; r < rows.Count; r++)
            {
                for (int i = 0; i < names.Length; i++) scorer.SetNumber(i, rows[r][i]);
                var p = scorer.Predict();
                float[] m = expected[r].Take(margins).Select(v => (float)v).ToArray();
                float[] v = expected[r].Skip(margins).Select(x => (float)x).ToArray();
                string? label;
                switch (objective)
                {
                    case "binary:logistic":
                        Compare(m[0], p.Score, ref maxDifference, r);
                        Compare(v[0], p.Probability, ref maxDifference, r);
                        label = v[0] > 0.5f ? "True" : "False";
                        break;
                    case "binary:logitraw":
                        Compare(m[0], p.Score, ref maxDifference, r);
                        label = m[0] > 0 ? "True" : "False";
                        break;
                    case "binary:hinge":
                        Compare(m[0], p.Score, ref maxDifference, r);
                        label = v[0] == 1f ? "True" : "False";
                        break;
                    case "multi:softprob":
                        for (int k = 0; k < v.Length; k++) Compare(v[k], p.ClassScores[k], ref maxDifference, r);
                        label = Array.IndexOf(v, v.Max()).ToString(CultureInfo.InvariantCulture);
                        break;
                    case "multi:softmax":
                        for (int k = 0; k < m.Length; k++) Compare(m[k], p.ClassScores[k], ref maxDifference, r);
                        label = ((int)v[0]).ToString(CultureInfo.InvariantCulture);
                        break;
                    default:
                        Compare(v[0], p.Score, ref maxDifference, r);
                        label = null;
                        break;
                }
                if (label != null && label != p.PredictedLabel) labelMismatches++;
            }
            _output.WriteLine($"{name}.{format}: {rows.Count} data rows, max |Δ| {maxDifference:G3}, {labelMismatches} label mismatches; gate: {result.Parity}");
            Assert.Equal(0, labelMismatches);
        }

        [SkippableFact]
        public void The_JSON_and_UBJSON_files_of_one_model_convert_to_the_same_scoring_parts()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var json = ModelConverter.Convert(_models.File("adult-categorical", "model.json"), new ConversionOptions { XgboostPython = _models.Python, Name = "m" });
            var ubj = ModelConverter.Convert(_models.File("adult-categorical", "model.ubj"), new ConversionOptions { XgboostPython = _models.Python, Name = "m" });
            Assert.Equal(Sections(json.Blob, except: 1), Sections(ubj.Blob, except: 1));
        }

        [SkippableTheory]
        [InlineData("adult-categorical")]
        [InlineData("iris-softprob")]
        [InlineData("cancer-gblinear")]
        public void An_XGBoost_model_converted_with_a_sample_is_explained_with_contributions_that_add_up_to_its_margin(string name)
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var result = ModelConverter.Convert(_models.File(name, "model.json"),
                new ConversionOptions { XgboostPython = _models.Python, SamplePath = _models.File(name, "rows.csv"), MaxSampleRows = 2000 });
            Assert.True(result.Parity.Passed, result.Parity.ToString());
            Assert.StartsWith("file:rows.csv", result.Parity.Sample);
            Assert.NotNull(result.Model.Profile);
            var (names, rows) = ReadCsv(_models.File(name, "rows.csv"));
            var scorer = result.Model.CreateScorer();
            var explanation = new Explanation(result.Model);
            foreach (var row in rows.Take(200))
            {
                for (int i = 0; i < names.Length; i++) scorer.SetNumber(i, row[i]);
                scorer.Explain(explanation);
                double sum = explanation.Base + explanation.Contributions.Sum();
                Assert.True(Math.Abs(sum - explanation.RawScore) <= 1e-4 * Math.Max(1, Math.Abs(explanation.RawScore)),
                    $"base {explanation.Base} + contributions = {sum}, raw score {explanation.RawScore}");
            }
        }

        [SkippableFact]
        public void A_ranking_model_is_refused_by_its_objective_name()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var error = Assert.Throws<ModelConversionException>(() =>
                ModelConverter.Convert(_models.File("cancer-rank", "model.json"), new ConversionOptions { XgboostPython = _models.Python }));
            Assert.Contains("'rank:pairwise'", error.Message);
            Assert.Contains("binary:logistic", error.Message);
            Assert.Equal("objective rank:pairwise", error.Component);
        }

        [SkippableFact]
        public void Without_a_Python_that_has_xgboost_the_gate_refuses_and_says_how_to_install_it()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            var error = Assert.Throws<ModelConversionException>(() =>
                ModelConverter.Convert(_models.File("cancer-logistic", "model.json"), new ConversionOptions { XgboostPython = "/nonexistent/python3" }));
            Assert.Contains("python3-xgboost", error.Message);
            Assert.Contains("DBSCORING_PYTHON", error.Message);
        }

        [SkippableFact]
        public void Feature_names_given_by_the_caller_replace_the_models_own()
        {
            Skip.If(_models.SkipReason != null, _models.SkipReason);
            string[] names = { "a", "b", "c", "d" };
            var result = ModelConverter.Convert(_models.File("iris-softprob", "model.json"), new ConversionOptions { XgboostPython = _models.Python, FeatureNames = names });
            Assert.Equal(names, result.Model.Inputs.Select(i => i.Name));
            var error = Assert.Throws<ModelConversionException>(() =>
                ModelConverter.Convert(_models.File("iris-softprob", "model.json"), new ConversionOptions { XgboostPython = _models.Python, FeatureNames = new[] { "a" } }));
            Assert.Contains("1 feature names were given", error.Message);
        }

        private void Compare(float expected, float actual, ref double max, int row)
        {
            if (float.IsNaN(expected) && float.IsNaN(actual)) return;
            double difference = Math.Abs((double)expected - actual);
            if (!(difference <= Tolerance * Math.Max(1, Math.Abs(expected))))
                Assert.Fail($"row {row + 1}: XGBoost {expected:R}, DbScoring {actual:R} (|Δ| {difference:G3})");
            max = Math.Max(max, difference);
        }

        private static List<byte[]> Sections(byte[] blob, ushort except)
        {
            var result = new List<byte[]>();
            int count = BitConverter.ToInt32(blob, 12), at = 16;
            for (int i = 0; i < count; i++)
            {
                ushort id = BitConverter.ToUInt16(blob, at);
                int length = BitConverter.ToInt32(blob, at + 4);
                if (id != except) result.Add(blob.Skip(at).Take(8 + length).ToArray());
                at += 8 + length;
            }
            return result;
        }

        private static (string[] Header, List<double[]> Rows) ReadCsv(string path)
        {
            var lines = File.ReadAllLines(path);
            string[] header = lines[0].Split(',');
            var rows = lines.Skip(1).Where(l => l.Length > 0)
                .Select(l => l.Split(',').Select(f => f.Length == 0 ? double.NaN : double.Parse(f, CultureInfo.InvariantCulture)).ToArray())
                .ToList();
            return (header, rows);
        }
    }
}
