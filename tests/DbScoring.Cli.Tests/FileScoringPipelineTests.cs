using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Conversion.Data;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>
    /// `score` reads, scores and writes files in chunks of rows on three threads, scoring each chunk with PredictBatch: on
    /// files of many chunks it writes what the runtime's one-row API gives row by row, in input order, and a bad value
    /// deep in the file still stops the run naming its line, with no output left behind.
    /// </summary>
    [Collection("trained models")]
    public sealed class FileScoringPipelineTests
    {
        private const int Rows = 20_000; // several chunks of 8,192 rows, the last one partial

        private readonly TrainedModels _models;
        private readonly string _folder;
        private readonly string _customers;

        public FileScoringPipelineTests(TrainedModels models)
        {
            _models = models;
            _folder = models.NewFolder();
            _customers = Path.Combine(_folder, "customers.csv");
            DbScoring.Cli.Demo.DemoData.Write(_customers, Rows, seed: 29); // some values missing, as in the demo
        }

        private string Convert(string zip, string name)
        {
            string blob = Path.Combine(_folder, name + ".dbsm");
            Cli.Expect(0, "convert", zip, "--output", blob, "--sample", _models.Customers);
            return blob;
        }

        private string[][] Score(string blob, params string[] extra)
        {
            string output = Path.Combine(_folder, "scores-" + Guid.NewGuid().ToString("N") + ".csv");
            Cli.Expect(0, new[] { "score", "--model", blob, "--input", _customers, "--output", output, "--key", "CustomerId" }.Concat(extra).ToArray());
            return File.ReadAllLines(output).Select(l => l.Split(',')).ToArray();
        }

        /// <summary>Each input row of the file, as the runtime's one-row API reads it: SetText with the field's text.</summary>
        private IEnumerable<(string Key, Scorer Scorer)> RowByRow(ScoringModel model)
        {
            using var reader = CsvReader.Open(_customers);
            var inputOf = reader.Header.Select(model.FindInput).ToArray();
            int key = reader.Header.ToList().IndexOf("CustomerId");
            var scorer = model.CreateScorer();
            while (reader.ReadRow())
            {
                for (int c = 0; c < inputOf.Length; c++)
                {
                    if (inputOf[c] < 0) continue;
                    string text = reader.FieldText(c);
                    if (text.Length == 0 || text == "?" || text == "NA") scorer.SetMissing(inputOf[c]); // score's default missing tokens
                    else scorer.SetText(inputOf[c], text);
                }
                yield return (reader.FieldText(key), scorer);
            }
        }

        private static float F(string field) => field.Length == 0 ? float.NaN : float.Parse(field, CultureInfo.InvariantCulture);

        [Theory]
        [InlineData("binary linear")]
        [InlineData("binary trees")]
        [InlineData("regression")]
        [InlineData("multiclass")]
        public void Every_row_of_a_file_of_many_chunks_is_what_the_runtime_scores_row_by_row_in_input_order(string which)
        {
            string zip = which switch
            {
                "binary linear" => _models.BinaryZip,
                "binary trees" => _models.BinaryZip2,
                "regression" => _models.RegressionZip,
                _ => _models.MulticlassZip,
            };
            string blob = Convert(zip, which.Replace(' ', '-'));
            var model = ScoringModel.Load(File.ReadAllBytes(blob));
            var written = Score(blob);
            Assert.Equal(Rows + 1, written.Length);
            int row = 0, nanScores = 0;
            foreach (var (key, scorer) in RowByRow(model))
            {
                var fields = written[++row];
                var expected = scorer.Predict();
                Assert.Equal(key, fields[0]);
                switch (model.Kind)
                {
                    case PredictionKind.BinaryClassification:
                        Assert.Equal(expected.PredictedLabel, fields[1]);
                        Assert.Equal(expected.Score, F(fields[2])); // bit for bit: the text round-trips the float
                        Assert.Equal(expected.Probability, F(fields[3]));
                        break;
                    case PredictionKind.Regression:
                        Assert.Equal(expected.Score, F(fields[1]));
                        break;
                    default:
                        Assert.Equal(expected.PredictedLabel, fields[1]);
                        Assert.Equal(expected.ClassScores, fields.Skip(2).Select(F));
                        break;
                }
                if (float.IsNaN(expected.Score)) nanScores++;
            }
            Assert.Equal(Rows, row);
            Assert.True(nanScores < Rows / 2, $"{nanScores} of {Rows} rows scored NaN: the comparison says little");
        }

        [Fact]
        public void Reason_codes_over_many_chunks_are_the_runtime_explanations_row_by_row()
        {
            string blob = Convert(_models.BinaryZip2, "trees");
            var model = ScoringModel.Load(File.ReadAllBytes(blob));
            var written = Score(blob, "--explain", "2");
            Assert.Equal(new[] { "CustomerId", "PredictedLabel", "Score", "Probability", "Reason1", "Reason1Contribution", "Reason2", "Reason2Contribution" }, written[0]);
            var explanation = new Explanation(model);
            int row = 0;
            foreach (var (key, scorer) in RowByRow(model))
            {
                var fields = written[++row];
                var expected = scorer.Explain(explanation);
                Assert.Equal(key, fields[0]);
                Assert.Equal(expected.Score, F(fields[2]));
                for (int r = 0; r < 2; r++)
                {
                    int input = explanation.Ranked[r];
                    Assert.Equal(model.Inputs[input].Name, fields[4 + 2 * r]);
                    Assert.Equal(explanation.Contributions[input], double.Parse(fields[5 + 2 * r], CultureInfo.InvariantCulture));
                }
            }
            Assert.Equal(Rows, row);
        }

        [Fact]
        public void A_bad_value_several_chunks_into_the_file_is_named_by_its_line_and_leaves_no_output()
        {
            string blob = Convert(_models.BinaryZip, "binary");
            var lines = File.ReadAllLines(_customers);
            var fields = lines[18_000].Split(',');
            fields[1] = "sixty";                                 // Age, on line 18,001 (row 18,000, in the third chunk)
            lines[18_000] = string.Join(",", fields);
            string input = Path.Combine(_folder, "bad-deep.csv");
            File.WriteAllLines(input, lines);
            string output = Path.Combine(_folder, "bad-deep-scores.csv");
            var bad = Cli.Expect(4, "score", "--model", blob, "--input", input, "--output", output, "--key", "CustomerId");
            Assert.Contains("bad-deep.csv line 18001: Input 'Age' expects a number, but the value is 'sixty'.", bad.Err);
            Assert.False(File.Exists(output));
            Assert.False(File.Exists(output + ".tmp"));
        }
    }
}
