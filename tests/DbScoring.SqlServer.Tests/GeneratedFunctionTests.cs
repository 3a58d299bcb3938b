using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DbScoring.SqlClr.Generation;
using Microsoft.SqlServer.Dac.Model;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// The per-row function scoring.CreatePredictFunction creates and the step scoring.CreateScoringJob schedules, rendered
/// by the production generator and validated by DacFx against the scoring schema, warnings as errors.
/// </summary>
public class GeneratedFunctionTests
{
    private const int Number = 1, Text = 2, Boolean = 3;

    public static IEnumerable<object[]> InputSets() => new[]
    {
        new object[] { "Plain", new[] { ("Age", Number), ("Plan", Text), ("IsSenior", Boolean) } },
        new object[] { "Hostile", new[] { ("Plan Type", Text), ("Âge", Number), ("it's", Boolean), ("a]b", Number), ("a b", Number), ("1st", Number) } },
        new object[] { "Wide321", Enumerable.Range(1, 320).Select(i => ($"N{i}", Number)).Append(("Label", Text)).ToArray() },
        new object[] { "NoInputs", System.Array.Empty<(string, int)>() },
    };

    private static string Facts(string functionName, string? alias, int? version, (string Name, int Kind)[] inputs, string model = "churn") => CatalogFacts.ToJson(new JsonObject
    {
        ["model"] = model,
        ["alias"] = alias,
        ["version"] = version,
        ["functionName"] = functionName,
        ["inputSignature"] = "0x" + new string('A', 64),
        ["dbscoringVersion"] = "0.1.0",
        ["inputs"] = CatalogFacts.Inputs(inputs),
    });

    [Theory]
    [MemberData(nameof(InputSets))]
    public void The_prediction_function_validates_in_DacFx_for_an_alias_and_for_a_pinned_version(string name, (string Name, int Kind)[] inputs)
    {
        using TSqlModel model = DacFxModelTests.BuildModel();
        foreach ((string function, string? alias, int? version) in new[] { ("Predict_churn_" + name, "production", (int?)null), ("Predict_churn_" + name + "_v2", null, 2) })
        {
            GeneratedSql sql = StatementGenerator.Generate(PredictFunctionGenerator.Name, Facts(function, alias, version, inputs));
            Assert.False(sql.HasProblems, string.Join("\n", sql.Problems()));
            string text = sql.Text(PredictFunctionGenerator.CreateFunction)!;
            SqlScriptParseTests.AssertParses(text, text);
            model.AddObjects(Regex.Replace(text, @"\bCREATE\s+OR\s+ALTER\b", "CREATE"));
            Assert.Equal(inputs.Length, Regex.Matches(text, @"^    @", RegexOptions.Multiline).Count);

            // The explain sibling: same parameters, its own name, validated in the same model.
            string explain = sql.Text(PredictFunctionGenerator.CreateExplainFunction)!;
            SqlScriptParseTests.AssertParses(explain, explain);
            model.AddObjects(Regex.Replace(explain, @"\bCREATE\s+OR\s+ALTER\b", "CREATE"));
            Assert.Contains("FUNCTION scoring.[" + PredictFunctionGenerator.ExplainFunctionName(function) + "]", explain);
            Assert.StartsWith("Explain_churn_" + name, sql.Text(PredictFunctionGenerator.ExplainFunctionNameValue));
            Assert.Equal(inputs.Length, Regex.Matches(explain, @"^    @", RegexOptions.Multiline).Count);
            Assert.Contains("scoring.Private_ExplainRows(", explain);
        }

        List<DacModelMessage> messages = model.Validate().Where(m => !DacFxModelTests.IsSystemCatalogReference(m)).ToList();
        Assert.True(messages.Count == 0, string.Join("\n", messages.Select(m => $"{m.Prefix}{m.Number}: {m.Message}")));
    }

    [Fact]
    public void Parameter_names_are_plain_identifiers_made_unique()
    {
        GeneratedSql sql = StatementGenerator.Generate(PredictFunctionGenerator.Name,
            Facts("Predict_churn", "production", null, new[] { ("a b", Number), ("a-b", Number), ("Plan", Text) }));
        string parameters = sql.Text(PredictFunctionGenerator.ParametersValue)!;
        Assert.Equal("@a_b_0 float, @a_b_1 float, @Plan nvarchar(3989)", parameters);
    }

    [Fact]
    public void The_function_is_marked_with_its_model_so_another_model_cannot_overwrite_it()
    {
        GeneratedSql sql = StatementGenerator.Generate(PredictFunctionGenerator.Name, Facts("Predict_churn", "production", null, new[] { ("Age", Number) }));
        string marker = sql.Text(PredictFunctionGenerator.OwnerMarkerValue)!;
        Assert.Contains(marker + " alias production.", sql.Text(PredictFunctionGenerator.CreateFunction));
    }

    [Theory]
    [InlineData("Predict churn")]
    [InlineData("churn")]
    [InlineData("Predict_x; DROP TABLE t")]
    public void A_function_name_that_is_not_a_plain_Predict_identifier_is_refused(string functionName)
    {
        GeneratedSql sql = StatementGenerator.Generate(PredictFunctionGenerator.Name, Facts(functionName, "production", null, new[] { ("Age", Number) }));
        Assert.Contains(sql.Problems(), p => p.Contains("@FunctionName", System.StringComparison.Ordinal));
        Assert.Null(sql.Text(PredictFunctionGenerator.CreateFunction));
    }

    [Theory]
    [InlineData("churn\nDROP TABLE dbo.t --", "production", "@Model")]
    [InlineData("churn", "production\r\nGRANT CONTROL TO public --", "@Alias")]
    [InlineData("churné", "production", "@Model")]
    [InlineData("churn", "1st", "@Alias")]
    public void A_model_or_alias_that_is_not_a_plain_registry_name_is_refused_before_it_reaches_the_header_comment(string model, string alias, string parameter)
    {
        GeneratedSql sql = StatementGenerator.Generate(PredictFunctionGenerator.Name, Facts("Predict_churn", alias, null, new[] { ("Age", Number) }, model));
        Assert.Contains(sql.Problems(), p => p.Contains(parameter, System.StringComparison.Ordinal));
        Assert.Null(sql.Text(PredictFunctionGenerator.CreateFunction));
    }

    [Fact]
    public void The_job_step_calls_ScoreTable_with_every_parameter_as_a_literal_and_validates_in_DacFx()
    {
        string facts = CatalogFacts.ToJson(new JsonObject
        {
            ["jobName"] = "DbScoring - churn - it's", ["model"] = "churn", ["alias"] = "production", ["version"] = null, ["source"] = "dbo.[Cust'omers]", ["keyColumns"] = "[Id], [Snap]]shot]",
            ["target"] = "dbo.Scores", ["batchSize"] = 5000, ["logInputs"] = "N", ["inputColumns"] = "{\"Age\": \"Age'Years\"}",
        });
        GeneratedSql sql = StatementGenerator.Generate(ScoringJobGenerator.Name, facts);
        string step = sql.Text(ScoringJobGenerator.JobStep)!;
        Assert.Contains("@Source = N'dbo.[Cust''omers]'", step);
        Assert.Contains("@InputColumns = N'{\"Age\": \"Age''Years\"}'", step);
        Assert.Contains("@LogInputs = 'N'", step);
        Assert.EndsWith("@JobName = N'DbScoring - churn - it''s';", step);

        using TSqlModel model = DacFxModelTests.BuildModel();
        model.AddObjects("CREATE PROCEDURE dbo.Check_JobStep AS\nBEGIN\n" + step + "\nEND;");
        List<DacModelMessage> messages = model.Validate().Where(m => !DacFxModelTests.IsSystemCatalogReference(m)).ToList();
        Assert.True(messages.Count == 0, string.Join("\n", messages.Select(m => $"{m.Prefix}{m.Number}: {m.Message}")));
    }

    [Theory]
    [InlineData("source", "dbo.[Price$(EUR)]", "@Source")]
    [InlineData("inputColumns", "{\"Price\": \"Price$(EUR)\"}", "@InputColumns")]
    [InlineData("jobName", "DbScoring - $(DATE)", "@JobName")]
    public void A_job_step_value_that_SQL_Server_Agent_would_read_as_a_token_is_refused_by_its_parameter(string fact, string value, string parameter)
    {
        var facts = new JsonObject
        {
            ["jobName"] = "DbScoring - churn", ["model"] = "churn", ["alias"] = "production", ["version"] = null, ["source"] = "dbo.Customers", ["keyColumns"] = "Id",
            ["target"] = "dbo.Scores", ["batchSize"] = 5000, ["logInputs"] = "Y", ["inputColumns"] = null,
        };
        facts[fact] = value;
        GeneratedSql sql = StatementGenerator.Generate(ScoringJobGenerator.Name, CatalogFacts.ToJson(facts));
        Assert.Contains(sql.Problems(), p => p.Contains(parameter, System.StringComparison.Ordinal) && p.Contains("$(", System.StringComparison.Ordinal));
        Assert.Null(sql.Text(ScoringJobGenerator.JobStep));
    }
}
