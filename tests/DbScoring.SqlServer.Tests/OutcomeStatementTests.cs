using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DbScoring.SqlClr.Generation;
using DbScoring.Testing;
using Microsoft.SqlServer.Dac.Model;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// The statement scoring.RecordOutcomes runs to stage a table's outcomes, rendered by the production generator for
/// several table shapes and validated by DacFx (warnings as errors) against the scoring schema, the shapes' tables and a
/// stand-in of the procedure's own #Outcomes table; its row keys are ScoreTable's, so outcomes join the logged predictions.
/// </summary>
public class OutcomeStatementTests
{
    private sealed record Shape(string Name, string Ddl, string Schema, string Table, string KeyColumns, string Actual, string? ObservedAt);

    private static readonly Shape[] Shapes =
    {
        new("IntKeyBit", "CREATE TABLE dbo.ChurnActuals (CustomerId int NOT NULL PRIMARY KEY, Churned bit NULL, ObservedOn date NULL);",
            "dbo", "ChurnActuals", "CustomerId", "Churned", "ObservedOn"),
        new("CompositeKeyText", "CREATE TABLE dbo.SnapshotActuals (CustomerId int NOT NULL, SnapshotDate date NOT NULL, Region nvarchar(10) NOT NULL, "
            + "TakenAt datetime2(3) NOT NULL, Outcome varchar(20) NULL, SeenAt datetimeoffset(3) NULL, PRIMARY KEY (CustomerId, SnapshotDate, Region, TakenAt));",
            "dbo", "SnapshotActuals", "CustomerId, SnapshotDate, [Region], TakenAt", "Outcome", "SeenAt"),
        new("FloatActualNoTime", "CREATE TABLE dbo.SpendActuals (AccountNo varchar(16) NOT NULL PRIMARY KEY, Spend float NULL);",
            "dbo", "SpendActuals", "AccountNo", "Spend", null),
    };

    private static string Facts(TSqlModel model, Shape shape, string? actual = null, string? observedAt = "(shape)") => CatalogFacts.ToJson(new JsonObject
    {
        ["source"] = new JsonObject { ["schema"] = shape.Schema, ["name"] = shape.Table },
        ["keyColumns"] = shape.KeyColumns,
        ["actualColumn"] = actual ?? shape.Actual,
        ["observedAtColumn"] = observedAt == "(shape)" ? shape.ObservedAt : observedAt,
        ["sourceColumns"] = CatalogFacts.Columns(model, "[" + shape.Schema + "].[" + shape.Table + "]"),
    });

    /// <summary>The CREATE TABLE #Outcomes of scoring.RecordOutcomes, as written in sql/Procedures, as a permanent stand-in.</summary>
    private static string OutcomesStandIn()
    {
        string text = File.ReadAllText(Path.Combine(Repo.Sql, "Procedures", "scoring.RecordOutcomes.Procedure.sql"));
        string create = Regex.Match(text, @"CREATE TABLE #Outcomes \([^;]*\);").Value;
        Assert.False(string.IsNullOrEmpty(create), "scoring.RecordOutcomes creates #Outcomes");
        return create.Replace("#Outcomes", "dbo.Outcomes_StandIn", StringComparison.Ordinal);
    }

    [Fact]
    public void The_staging_statement_validates_in_DacFx_for_every_shape_with_warnings_as_errors()
    {
        using TSqlModel model = DacFxModelTests.BuildModel();
        model.AddObjects(OutcomesStandIn());
        foreach (Shape shape in Shapes)
        {
            model.AddObjects(shape.Ddl);
        }

        foreach (Shape shape in Shapes)
        {
            GeneratedSql sql = StatementGenerator.Generate(RecordOutcomesGenerator.Name, Facts(model, shape));
            Assert.True(!sql.HasProblems, shape.Name + ": " + string.Join("\n", sql.Problems()));
            string stage = sql.Text(RecordOutcomesGenerator.StageOutcomes)!;
            SqlScriptParseTests.AssertParses(stage, shape.Name);
            model.AddObjects("CREATE PROCEDURE dbo.[CheckOutcomes_" + shape.Name + "]\nAS\nBEGIN\n"
                + stage.Replace("#Outcomes", "dbo.Outcomes_StandIn", StringComparison.Ordinal) + "\nEND;");
        }

        List<DacModelMessage> messages = model.Validate().Where(m => !DacFxModelTests.IsSystemCatalogReference(m)).ToList();
        Assert.True(messages.Count == 0, string.Join("\n", messages.Select(m => $"{m.MessageType} {m.Prefix}{m.Number}: {m.Message}")));
    }

    [Fact]
    public void Outcome_row_keys_are_the_row_keys_ScoreTable_logs_for_the_same_key_columns()
    {
        using TSqlModel model = DacFxModelTests.BuildModel();
        GeneratedStatementTests.Shape scored = GeneratedStatementTests.Shapes.Single(s => s.Name == "CompositeKey");
        model.AddObjects(scored.Ddl);
        string stagePending = GeneratedStatementTests.Render(model, scored).Text(ScoreTableGenerator.StagePending)!;
        var shape = new Shape("SameTable", scored.Ddl, scored.Schema, scored.Table, scored.KeyColumns, "Plan", null);
        string stageOutcomes = StatementGenerator.Generate(RecordOutcomesGenerator.Name, Facts(model, shape)).Text(RecordOutcomesGenerator.StageOutcomes)!;

        string rowKey = Regex.Match(stageOutcomes, @"SELECT (CONCAT_WS\(.*\)),\n").Groups[1].Value;
        Assert.StartsWith("CONCAT_WS(N'|', CONVERT(nvarchar(450), s.[CustomerId], 0)", rowKey);
        Assert.Contains("    " + rowKey + ",\n", stagePending);
        Assert.Contains("s.[TakenAt] IS NOT NULL", stageOutcomes); // rows with a NULL key are left out, as ScoreTable leaves them
    }

    [Fact]
    public void Floats_keep_17_digits_and_a_datetimeoffset_becomes_UTC()
    {
        using TSqlModel model = DacFxModelTests.BuildModel();
        model.AddObjects(Shapes[1].Ddl);
        model.AddObjects(Shapes[2].Ddl);
        Assert.Contains("CONVERT(nvarchar(400), s.[Spend], 3)", StatementGenerator.Generate(RecordOutcomesGenerator.Name, Facts(model, Shapes[2])).Text(RecordOutcomesGenerator.StageOutcomes));
        Assert.Contains("CONVERT(datetime2(3), NULL)", StatementGenerator.Generate(RecordOutcomesGenerator.Name, Facts(model, Shapes[2])).Text(RecordOutcomesGenerator.StageOutcomes));
        Assert.Contains("SWITCHOFFSET(s.[SeenAt], '+00:00')", StatementGenerator.Generate(RecordOutcomesGenerator.Name, Facts(model, Shapes[1])).Text(RecordOutcomesGenerator.StageOutcomes));
    }

    [Theory]
    [InlineData("Churn", "(shape)", "has no column [Churn]")]
    [InlineData(null, "CustomerId", "@ObservedAtColumn is not supported. Column [CustomerId] is int")]
    [InlineData("", "(shape)", "@ActualColumn is not supported. Give the column")]
    public void A_wrong_column_is_refused_with_its_name(string? actual, string observedAt, string message)
    {
        using TSqlModel model = DacFxModelTests.BuildModel();
        model.AddObjects(Shapes[0].Ddl);
        GeneratedSql sql = StatementGenerator.Generate(RecordOutcomesGenerator.Name, Facts(model, Shapes[0], actual ?? "Churned", observedAt));
        Assert.True(sql.HasProblems);
        Assert.Contains(sql.Problems(), p => p.Contains(message, StringComparison.Ordinal));
        Assert.Null(sql.Text(RecordOutcomesGenerator.StageOutcomes));
    }

    [Theory]
    [InlineData("Churned", "@ActualColumn")]
    [InlineData("ObservedOn", "@ObservedAtColumn")]
    [InlineData("CustomerId", "@KeyColumns")]
    public void A_column_the_caller_reads_masked_is_refused_by_the_parameter_that_names_it(string column, string parameter)
    {
        using TSqlModel model = DacFxModelTests.BuildModel();
        Shape shape = Shapes.Single(s => s.Name == "IntKeyBit");
        model.AddObjects(shape.Ddl);
        JsonObject facts = JsonNode.Parse(Facts(model, shape))!.AsObject();
        facts["sourceColumns"]!.AsArray().Single(c => (string)c!["name"]! == column)!["maskedForCaller"] = true;

        GeneratedSql sql = StatementGenerator.Generate(RecordOutcomesGenerator.Name, CatalogFacts.ToJson(facts));
        string problem = Assert.Single(sql.Problems());
        Assert.StartsWith("The value for the parameter " + parameter + " is not supported. Column [" + column + "]", problem);
        Assert.Contains("masked for you", problem);
    }
}
