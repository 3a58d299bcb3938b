using System;
using System.Collections;
using System.Data.SqlTypes;
using System.Linq;
using System.Text.Json;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// The SQL CLR explanation entry points (scoring.Private_Explain, scoring.Private_ExplainRows) called the way SQL Server
/// calls them, with inputs packed as the generated T-SQL packs them, against the runtime's own explanation of the same row.
/// </summary>
public class ClrExplainEntryPointTests
{
    private static SqlBinary Sha256(byte[] blob) => new(System.Security.Cryptography.SHA256.HashData(blob));

    private static object?[] Values(ScoringModel model, int i)
    {
        var f = ChurnModels.Features(i);
        return model.Inputs.Select(c => c.Name switch
        {
            "Age" => (object?)f.Age,
            "Plan" => f.Plan,
            "Tenure" => f.Tenure,
            _ => throw new InvalidOperationException(c.Name),
        }).ToArray();
    }

    private static Explanation RuntimeExplanation(ScoringModel model, Scorer scorer, object?[] values)
    {
        for (int k = 0; k < values.Length; k++)
        {
            switch (values[k])
            {
                case null: scorer.SetMissing(k); break;
                case string s: scorer.SetText(k, s); break;
                default: scorer.SetNumber(k, Convert.ToDouble(values[k])); break;
            }
        }

        var explanation = new Explanation(model);
        scorer.Explain(explanation);
        return explanation;
    }

    [Fact]
    public void Explain_returns_the_runtimes_explanation_json_of_the_packed_row_and_it_sums_to_the_score()
    {
        byte[] blob = ChurnModels.Churn;
        ScoringModel model = ScoringModel.Load(blob);
        Scorer scorer = model.CreateScorer();
        for (int i = 1; i <= 100; i++)
        {
            object?[] values = Values(model, i);
            Explanation expected = RuntimeExplanation(model, scorer, values);
            SqlBinary packed = new(ClrEntryPointTests.Pack(values));

            string json = ScoringFunctions.Explain(11, Sha256(blob), new SqlBytes(blob), packed, 0).Value;
            Assert.Equal(ExplanationJson.Write(expected), json);

            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement;
            double sum = root.GetProperty("base").GetDouble() + root.GetProperty("contributions").EnumerateArray().Sum(c => c.GetProperty("contribution").GetDouble());
            double raw = root.GetProperty("rawScore").GetDouble();
            Assert.True(Math.Abs(sum - raw) <= 1e-4 * Math.Max(1, Math.Abs(raw)), $"row {i}: base + contributions = {sum}, raw score {raw}");
            // The raw score explained is the score Private_Predict logs for the same packed row.
            PredictionRow p = PredictionCodec.Unpack(ScoringFunctions.Predict(11, Sha256(blob), new SqlBytes(blob), packed).Value, out _);
            Assert.Equal((double)p.Score, raw);

            string top2 = ScoringFunctions.Explain(11, Sha256(blob), new SqlBytes(blob), packed, 2).Value;
            Assert.Equal(ExplanationJson.Write(expected, 2), top2);
        }
    }

    [Fact]
    public void ExplainRows_gives_one_row_per_input_strongest_first_with_the_same_numbers()
    {
        byte[] blob = ChurnModels.Churn;
        ScoringModel model = ScoringModel.Load(blob);
        Scorer scorer = model.CreateScorer();
        for (int i = 1; i <= 50; i++)
        {
            object?[] values = Values(model, i);
            Explanation expected = RuntimeExplanation(model, scorer, values);
            var rows = ScoringFunctions.ExplainRows(12, Sha256(blob), new SqlBytes(blob), new SqlBinary(ClrEntryPointTests.Pack(values))).Cast<object>().ToList();
            Assert.Equal(model.Inputs.Count, rows.Count);
            for (int r = 0; r < rows.Count; r++)
            {
                ScoringFunctions.FillExplanationRow(rows[r], out SqlInt32 rank, out SqlString input, out SqlDouble contribution, out SqlDouble baseValue,
                    out SqlDouble rawScore, out SqlString explainedClass, out SqlString method);
                int expectedInput = expected.Ranked[r];
                Assert.Equal(r + 1, rank.Value);
                Assert.Equal(model.Inputs[expectedInput].Name, input.Value);
                Assert.Equal(expected.Contributions[expectedInput], contribution.Value);
                Assert.Equal(expected.Base, baseValue.Value);
                Assert.Equal(expected.RawScore, rawScore.Value);
                Assert.True(explainedClass.IsNull); // binary model
                Assert.Equal("Linear", method.Value);
            }
        }
    }

    [Fact]
    public void Null_arguments_give_null_or_no_rows_and_inspect_reports_whether_a_model_can_be_explained()
    {
        byte[] blob = ChurnModels.Churn;
        SqlBinary packed = new(ClrEntryPointTests.Pack(30, "basic", 2));
        Assert.True(ScoringFunctions.Explain(1, Sha256(blob), new SqlBytes(blob), SqlBinary.Null, 0).IsNull);
        Assert.True(ScoringFunctions.Explain(1, Sha256(blob), new SqlBytes(blob), packed, SqlInt32.Null).IsNull);
        Assert.Empty(ScoringFunctions.ExplainRows(SqlInt32.Null, Sha256(blob), new SqlBytes(blob), packed).Cast<object>());

        using JsonDocument doc = JsonDocument.Parse(ScoringFunctions.ModelInspect(new SqlBytes(blob)).Value);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("explanationRefusal").ValueKind);
    }
}
