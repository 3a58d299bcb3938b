using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using DbScoring.SqlClr.Generation;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// What the ScoreTable generator refuses, and why: every problem is one whole message that names the parameter and
/// the column or input. (The statements it renders are validated by DacFx in DbScoring.SqlServer.Tests.)
/// </summary>
public class ScoreTableGeneratorTests
{
    private const int Number = 1, Text = 2;

    private static JsonObject Column(string name, string type, int maxLength = 4, string? collation = null, int precision = 0, int scale = 0) => new()
    {
        ["name"] = name, ["type"] = type, ["maxLength"] = maxLength, ["precision"] = precision, ["scale"] = scale,
        ["collation"] = collation, ["isNullable"] = true,
    };

    private static JsonArray Inputs(params (string Name, int Kind, int MaxCategoryChars)[] inputs) =>
        new(inputs.Select((x, i) => (JsonNode)new JsonObject { ["index"] = i, ["name"] = x.Name, ["kind"] = x.Kind, ["maxCategoryChars"] = x.MaxCategoryChars }).ToArray());

    private static GeneratedSql Generate(JsonArray sourceColumns, JsonArray inputs, string keyColumns = "Id", string? inputColumns = null,
                                         JsonArray? targetColumns = null)
    {
        var facts = new JsonObject
        {
            ["source"] = new JsonObject { ["schema"] = "dbo", ["name"] = "Customers", ["type"] = "U" },
            ["target"] = new JsonObject { ["schema"] = "dbo", ["name"] = "Scores", ["exists"] = targetColumns is not null },
            ["keyColumns"] = keyColumns,
            ["inputColumns"] = inputColumns,
            ["sourceColumns"] = sourceColumns,
            ["targetColumns"] = targetColumns,
            ["inputs"] = inputs,
        };
        return StatementGenerator.Generate(ScoreTableGenerator.Name, facts.ToJsonString());
    }

    private static JsonArray Customers() => new(Column("Id", "int"), Column("Age", "real"), Column("Plan", "nvarchar", 40, "SQL_Latin1_General_CP1_CI_AS"),
                                                Column("Notes", "nvarchar", -1, "SQL_Latin1_General_CP1_CI_AS"), Column("Photo", "varbinary", -1));

    [Fact]
    public void A_source_with_every_input_gives_statements_and_no_problem()
    {
        GeneratedSql sql = Generate(Customers(), Inputs(("Age", Number, 0), ("Plan", Text, 7)));
        Assert.Empty(sql.Problems());
        Assert.Equal("[Id]", sql.Text(ScoreTableGenerator.KeyListValue));
        Assert.NotNull(sql.Text(ScoreTableGenerator.StagePending));
    }

    [Fact]
    public void Each_missing_input_column_is_its_own_whole_problem()
    {
        GeneratedSql sql = Generate(Customers(), Inputs(("Age", Number, 0), ("Tenure", Number, 0), ("Region", Text, 5)));
        List<string> problems = sql.Problems();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("The value for the parameter @Source is not supported.", StringComparison.Ordinal) && p.Contains("model input Tenure"));
        Assert.Contains(problems, p => p.Contains("model input Region") && p.Contains("[dbo].[Customers]"));
        Assert.Null(sql.Text(ScoreTableGenerator.StagePending));
    }

    [Fact]
    public void Three_hundred_missing_inputs_give_three_hundred_problems_none_cut()
    {
        GeneratedSql sql = Generate(Customers(), Inputs(Enumerable.Range(1, 300).Select(i => ("Feature_" + i + new string('x', 100), Number, 0)).ToArray()));
        List<string> problems = sql.Problems();
        Assert.Equal(300, problems.Count);
        Assert.All(problems, p => Assert.EndsWith("(columns are matched by name; @InputColumns maps other names).", p));
    }

    [Theory]
    [InlineData("Nope", "has no column [Nope]")]
    [InlineData("Id, id", "is named twice")]
    [InlineData("Notes", "(max) types cannot be keys")]
    [InlineData("[Id", "Give the key column(s)")]
    [InlineData("dbo.Customers.Id", "Give the key column(s)")]
    public void Bad_key_columns_are_named(string keys, string expected)
    {
        GeneratedSql sql = Generate(Customers(), Inputs(("Age", Number, 0)), keys);
        Assert.Contains(sql.Problems(), p => p.Contains("@KeyColumns", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_named_like_a_column_ScoreTable_adds_is_refused()
    {
        JsonArray columns = Customers();
        columns.Add(Column("Score", "int"));
        GeneratedSql sql = Generate(columns, Inputs(("Age", Number, 0)), "Score");
        Assert.Contains(sql.Problems(), p => p.Contains("has the name of a column ScoreTable adds"));
    }

    [Fact]
    public void A_column_of_the_wrong_type_for_its_input_is_named_with_both_types()
    {
        GeneratedSql sql = Generate(Customers(), Inputs(("Photo", Number, 0)));
        Assert.Contains(sql.Problems(), p => p.Contains("Column [Photo] is varbinary(max) but model input Photo takes a number"));
    }

    [Fact]
    public void An_input_map_naming_an_unknown_input_or_column_is_refused()
    {
        GeneratedSql sql = Generate(Customers(), Inputs(("Age", Number, 0), ("Plan", Text, 5)), inputColumns: "{\"Age\": \"Agee\", \"Salary\": \"Plan\"}");
        List<string> problems = sql.Problems();
        Assert.Contains(problems, p => p.Contains("@InputColumns") && p.Contains("no input named N'Salary'"));
        Assert.Contains(problems, p => p.Contains("@InputColumns") && p.Contains("has no column [Agee]"));
        Assert.Contains(Generate(Customers(), Inputs(("Age", Number, 0)), inputColumns: "[1, 2]").Problems(), p => p.Contains("Give a JSON object"));
    }

    [Fact]
    public void An_existing_target_whose_key_collation_differs_from_the_source_is_refused()
    {
        var source = new JsonArray(Column("Code", "nvarchar", 20, "Latin1_General_100_CS_AS"), Column("Age", "real"));
        var target = new JsonArray(Column("Code", "nvarchar", 20, "SQL_Latin1_General_CP1_CI_AS"), Column("ModelVersionId", "int"), Column("PredictedLabel", "nvarchar", 800, "x"),
                                   Column("Score", "real"), Column("Probability", "real"), Column("PredictedClass", "int"), Column("ScoringRunId", "bigint"), Column("ScoredAt", "datetime2", 8));
        GeneratedSql sql = Generate(source, Inputs(("Age", Number, 0)), "Code", targetColumns: target);
        Assert.Contains(sql.Problems(), p => p.Contains("@Target") && p.Contains("collation SQL_Latin1_General_CP1_CI_AS but the source's has Latin1_General_100_CS_AS"));
    }

    [Fact]
    public void An_existing_target_without_the_result_columns_is_refused_per_column()
    {
        var target = new JsonArray(Column("Id", "int"), Column("Score", "real"));
        List<string> problems = Generate(Customers(), Inputs(("Age", Number, 0)), targetColumns: target).Problems();
        Assert.Contains(problems, p => p.Contains("has no column [ModelVersionId]"));
        Assert.Contains(problems, p => p.Contains("has no column [ScoredAt]"));
        Assert.DoesNotContain(problems, p => p.Contains("has no column [Score]."));
    }

    [Fact]
    public void A_key_wider_than_a_primary_key_can_hold_is_refused_before_the_target_is_created()
    {
        var source = new JsonArray(Column("A", "nvarchar", 900, "x"), Column("Age", "real"));
        Assert.Contains(Generate(source, Inputs(("Age", Number, 0)), "A").Problems(), p => p.Contains("904 bytes") && p.Contains("900"));
    }

    [Fact]
    public void Nine_hundred_number_inputs_do_not_fit_a_packed_row_and_the_problem_says_so()
    {
        JsonArray columns = Customers();
        var inputs = Enumerable.Range(1, 900).Select(i => ("N" + i, Number, 0)).ToArray();
        foreach (var input in inputs)
        {
            columns.Add(Column(input.Item1, "float", 8));
        }

        Assert.Contains(Generate(columns, Inputs(inputs)).Problems(), p => p.Contains("900 inputs") && p.Contains("do not fit in one packed row of 8000 bytes"));
    }

    [Fact]
    public void A_text_input_whose_categories_would_be_cut_is_refused_naming_the_lengths()
    {
        JsonArray columns = Customers();
        var inputs = Enumerable.Range(1, 880).Select(i => ("N" + i, Number, 0)).Append(("Plan", Text, 40)).ToArray();
        foreach (var input in inputs.Where(i => i.Item2 == Number))
        {
            columns.Add(Column(input.Item1, "float", 8));
        }

        // 1 + 880 * 9 + 3 = 7924 bytes before the text: 38 characters are left for Plan, whose categories reach 40.
        Assert.Contains(Generate(columns, Inputs(inputs)).Problems(), p => p.Contains("Model input Plan has training categories of up to 40 characters")
                                                                         && p.Contains("keeps only 38 characters"));
    }
}
