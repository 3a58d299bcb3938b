using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DbScoring.SqlClr.Generation;
using DbScoring.Testing;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// The dynamic SQL of scoring.ScoreTable, rendered by the production generator (the same C# the CLR function
/// scoring.Private_GenerateStatements runs) for a matrix of realistic tables, and validated by DacFx against a model
/// holding the scoring schema plus those concrete source and target tables, warnings as errors: a wrong column name,
/// a quoting mistake or a reference to a missing object fails here. Each statement is validated inside a procedure that
/// uses the run's temporary tables as scoring.ScoreTable declares them (their DDL is read from the procedure itself).
/// </summary>
public class GeneratedStatementTests : IClassFixture<GeneratedStatementTests.RenderedModel>
{
    private readonly RenderedModel _rendered;

    public GeneratedStatementTests(RenderedModel rendered) => _rendered = rendered;

    /// <summary>A source table shape and the model scored against it.</summary>
    public sealed record Shape(string Name, string Ddl, string Schema, string Table, string KeyColumns, (string Name, int Kind)[] Inputs,
                               string? InputColumns = null, string? TargetDdl = null, int Explain = 0,
                               (string Name, int Kind)[]? ShadowInputs = null, (string Name, int Kind)[]? SplitInputs = null,
                               (string Name, int Kind)[]? FallbackInputs = null);

    private const int Number = 1, Text = 2, Boolean = 3;

    internal static readonly Shape[] Shapes =
    {
        new("IntKey",
            "CREATE TABLE dbo.CustomersInt (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, IsSenior bit NULL, Tenure int NOT NULL, Notes nvarchar(max) NULL);",
            "dbo", "CustomersInt", "CustomerId", new[] { ("Age", Number), ("Plan", Text), ("IsSenior", Boolean), ("Tenure", Number) }),
        new("BigintKey",
            "CREATE TABLE dbo.CustomersBig (CustomerId bigint NOT NULL PRIMARY KEY, Region int NULL, Charges decimal(18, 2) NULL, Active tinyint NULL);",
            "dbo", "CustomersBig", "CustomerId", new[] { ("Region", Text), ("Charges", Number), ("Active", Boolean) }),
        new("GuidKey",
            "CREATE TABLE dbo.CustomersGuid (CustomerKey uniqueidentifier NOT NULL PRIMARY KEY, Age float NULL, Balance money NULL);",
            "dbo", "CustomersGuid", "[CustomerKey]", new[] { ("Age", Number), ("Balance", Number) }),
        new("NvarcharKeyOtherCollation",
            "CREATE TABLE dbo.CustomersCs (Code nvarchar(40) COLLATE Latin1_General_100_CS_AS NOT NULL PRIMARY KEY, Segment char(10) NULL, "
            + "Channel nchar(8) COLLATE Latin1_General_100_CS_AS NULL, Country varchar(30) COLLATE Latin1_General_100_CI_AS NULL, Age smallint NULL);",
            "dbo", "CustomersCs", "Code", new[] { ("Segment", Text), ("Channel", Text), ("Country", Text), ("Age", Number) }),
        new("CompositeKey",
            "CREATE TABLE dbo.Snapshots (CustomerId int NOT NULL, SnapshotDate date NOT NULL, Region nvarchar(10) NOT NULL, TakenAt datetime2(3) NOT NULL, "
            + "Age real NULL, [Plan] varchar(12) NULL, PRIMARY KEY (CustomerId, SnapshotDate, Region, TakenAt));",
            "dbo", "Snapshots", "CustomerId, SnapshotDate, [Region], TakenAt", new[] { ("Age", Number), ("Plan", Text) }),
        new("HostileNames",
            "CREATE SCHEMA [we]]ird 'schema ö];",
            "we]ird 'schema ö", "Cust]omers 'x' ö", "[Id ]] 'k'], [Ünïcode, key]", new[] { ("Plan Type", Text), ("Âge", Number), ("it's", Boolean), ("a]b", Number) }),
        new("Wide320",
            "CREATE TABLE dbo.Wide (Id int NOT NULL PRIMARY KEY, " + string.Join(", ", Enumerable.Range(1, 320).Select(i => $"N{i:000} float NULL")) + ", Label nvarchar(50) NULL);",
            "dbo", "Wide", "Id", Enumerable.Range(1, 320).Select(i => ($"N{i:000}", Number)).Append(("Label", Text)).ToArray()),
        new("ViewSource",
            "CREATE TABLE dbo.CustomersBase (CustomerNumber int NOT NULL PRIMARY KEY, AgeYears real NULL, PlanCode nvarchar(20) NULL);",
            "dbo", "CustomersView", "Id", new[] { ("Age", Number), ("Plan", Text) }),
        new("MappedWithExtraColumns",
            "CREATE TABLE dbo.Applicants (ApplicantId int NOT NULL PRIMARY KEY, AgeYears real NULL, PlanCode nvarchar(20) NULL, Tenure real NULL, SSN char(11) NULL, Salary money NULL);",
            "dbo", "Applicants", "ApplicantId", new[] { ("Age", Number), ("Plan", Text), ("Tenure", Number) },
            InputColumns: "{\"Age\": \"AgeYears\", \"plan\": \"PlanCode\"}"),
        new("ExistingTarget",
            "CREATE TABLE dbo.Accounts (AccountNo varchar(16) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY, Score real NULL, Age real NULL);",
            "dbo", "Accounts", "AccountNo", new[] { ("Age", Number) },
            TargetDdl: "CREATE TABLE dbo.Scores_ExistingTarget (AccountNo varchar(16) COLLATE Latin1_General_100_BIN2 NOT NULL, ModelVersionId int NOT NULL, "
                       + "PredictedLabel nvarchar(400) NULL, Score real NULL, Probability real NULL, PredictedClass int NULL, ScoringRunId bigint NOT NULL, "
                       + "ScoredAt datetime2(3) NOT NULL, ExtraNote nvarchar(20) NULL, PRIMARY KEY (ModelVersionId, AccountNo));"),
        new("Explained",
            "CREATE TABLE dbo.Borrowers (BorrowerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure int NULL);",
            "dbo", "Borrowers", "BorrowerId", new[] { ("Age", Number), ("Plan", Text), ("Tenure", Number) }, Explain: 3),
        new("ExplainedExistingTarget",
            "CREATE TABLE dbo.Lenders (LenderId bigint NOT NULL PRIMARY KEY, Age real NULL);",
            "dbo", "Lenders", "LenderId", new[] { ("Age", Number) },
            TargetDdl: "CREATE TABLE dbo.Scores_ExplainedExistingTarget (LenderId bigint NOT NULL, ModelVersionId int NOT NULL, PredictedLabel nvarchar(400) NULL, "
                       + "Score real NULL, Probability real NULL, PredictedClass int NULL, ScoringRunId bigint NOT NULL, ScoredAt datetime2(3) NOT NULL, "
                       + "Status varchar(10) NOT NULL, Reason nvarchar(2000) NULL, Reason1 nvarchar(400) NULL, Reason1Contribution float NULL, "
                       + "PRIMARY KEY (ModelVersionId, LenderId));",
            Explain: 1),
        new("Champions",
            "CREATE TABLE dbo.Subscribers (SubscriberId bigint NOT NULL PRIMARY KEY, Age nvarchar(20) NULL, [Plan] nvarchar(20) NULL, Tenure int NULL, "
            + "Charges money NULL, Senior char(5) NULL);",
            "dbo", "Subscribers", "SubscriberId", new[] { ("Age", Number), ("Plan", Text), ("Tenure", Number), ("Senior", Boolean) },
            ShadowInputs: new[] { ("Age", Number), ("Plan", Text), ("Tenure", Number), ("Charges", Number) },
            SplitInputs: new[] { ("Age", Number), ("Plan", Text), ("Tenure", Number), ("Senior", Boolean) },
            FallbackInputs: new[] { ("Plan", Text), ("Tenure", Number) }),
        new("LongCompositeKey",
            "CREATE TABLE dbo.Documents (Folder varchar(300) NOT NULL, FileName varchar(300) NOT NULL, Pages int NULL, PRIMARY KEY (Folder, FileName));",
            "dbo", "Documents", "Folder, FileName", new[] { ("Pages", Number) }),
    };

    public static IEnumerable<object[]> ShapeNames() => Shapes.Select(s => new object[] { s.Name });

    /// <summary>Extra DDL per shape that needs more than one statement.</summary>
    private static IEnumerable<string> ExtraDdl(Shape shape) => shape.Name switch
    {
        "HostileNames" => new[]
        {
            "CREATE TABLE [we]]ird 'schema ö].[Cust]]omers 'x' ö] ([Id ]] 'k'] int NOT NULL, [Ünïcode, key] nvarchar(20) NOT NULL, [Plan Type] nvarchar(30) NULL, "
            + "[Âge] real NULL, [it's] bit NULL, [a]]b] float NULL, PRIMARY KEY ([Id ]] 'k'], [Ünïcode, key]));",
        },
        "ViewSource" => new[] { "CREATE VIEW dbo.CustomersView AS SELECT b.CustomerNumber AS Id, b.AgeYears AS Age, b.PlanCode AS [Plan] FROM dbo.CustomersBase AS b;" },
        _ => Array.Empty<string>(),
    };

    internal static string TargetTable(Shape shape) => shape.Name == "HostileNames" ? "Scores ]] 'y' ö" : "Scores_" + shape.Name;

    internal static string TargetSchema(Shape shape) => shape.Name == "HostileNames" ? "we]ird 'schema ö" : "dbo";

    /// <summary>One DacFx model with every shape's tables, generated target tables and check procedures; validated once.</summary>
    public sealed class RenderedModel : IDisposable
    {
        public RenderedModel()
        {
            Model = DacFxModelTests.BuildModel();
            foreach (Shape shape in Shapes)
            {
                Model.AddObjects(shape.Ddl);
                foreach (string ddl in ExtraDdl(shape))
                {
                    Model.AddObjects(ddl);
                }

                if (shape.TargetDdl is not null)
                {
                    Model.AddOrUpdateObjects(shape.TargetDdl, TargetSource(shape), new TSqlObjectOptions());
                }
            }

            foreach (Shape shape in Shapes)
            {
                GeneratedSql sql = Render(Model, shape);
                Assert.True(!sql.HasProblems, shape.Name + ": " + string.Join("\n", sql.Problems()));
                Generated[shape.Name] = sql;
                string? create = sql.Text(ScoreTableGenerator.CreateTarget);
                if (create is not null)
                {
                    Model.AddObjects(create);
                }

                // The later statements run against the target as UpgradeTarget leaves it (its columns added at the end).
                string? upgrade = sql.Text(ScoreTableGenerator.UpgradeTarget);
                if (upgrade is not null)
                {
                    Model.AddOrUpdateObjects(UpgradedTargetDdl(shape.TargetDdl!, upgrade), TargetSource(shape), new TSqlObjectOptions());
                }

                bool first = true;
                foreach (GeneratedRow row in sql.Rows.Where(r => r.Kind == GeneratedSql.StatementKind && r.Name != ScoreTableGenerator.CreateTarget))
                {
                    foreach (string check in CheckObjects(shape.Name, row, sql.Text(ScoreTableGenerator.AddPendingKeys)!, withTables: first))
                    {
                        Model.AddObjects(check);
                    }

                    first = false;
                }
            }

            Messages = Model.Validate().Where(m => !DacFxModelTests.IsSystemCatalogReference(m)).ToList();
        }

        public TSqlModel Model { get; }

        internal Dictionary<string, GeneratedSql> Generated { get; } = new();

        public List<DacModelMessage> Messages { get; }

        public void Dispose() => Model.Dispose();
    }

    private static string TargetSource(Shape shape) => "target_" + shape.Name + ".sql";

    /// <summary>The target's DDL with the columns an ALTER TABLE ... ADD statement adds, placed before its PRIMARY KEY.</summary>
    internal static string UpgradedTargetDdl(string targetDdl, string upgrade)
    {
        Match added = Regex.Match(upgrade, @"^ALTER TABLE \S+ ADD (.*);$", RegexOptions.Singleline);
        Assert.True(added.Success, upgrade);
        int primaryKey = targetDdl.LastIndexOf(", PRIMARY KEY", StringComparison.Ordinal);
        return targetDdl.Substring(0, primaryKey) + ", " + added.Groups[1].Value + targetDdl.Substring(primaryKey);
    }

    /// <summary>The facts scoring.ScoreTable would collect for <paramref name="shape"/>, from the DacFx model's columns.</summary>
    internal static string Facts(TSqlModel model, Shape shape, bool targetExists)
    {
        string source = "[" + shape.Schema.Replace("]", "]]") + "].[" + shape.Table.Replace("]", "]]") + "]";
        string target = "[" + TargetSchema(shape).Replace("]", "]]") + "].[" + TargetTable(shape).Replace("]", "]]") + "]";
        var facts = new JsonObject
        {
            ["source"] = new JsonObject { ["schema"] = shape.Schema, ["name"] = shape.Table, ["type"] = shape.Name == "ViewSource" ? "V" : "U" },
            ["target"] = new JsonObject { ["schema"] = TargetSchema(shape), ["name"] = TargetTable(shape), ["exists"] = targetExists },
            ["keyColumns"] = shape.KeyColumns,
            ["inputColumns"] = shape.InputColumns,
            ["sourceColumns"] = CatalogFacts.Columns(model, source),
            ["targetColumns"] = targetExists ? CatalogFacts.Columns(model, target) : null,
            ["inputs"] = CatalogFacts.Inputs(shape.Inputs),
            ["explain"] = shape.Explain,
            ["shadowInputs"] = shape.ShadowInputs is null ? null : CatalogFacts.Inputs(shape.ShadowInputs),
            ["splitInputs"] = shape.SplitInputs is null ? null : CatalogFacts.Inputs(shape.SplitInputs),
            ["fallbackInputs"] = shape.FallbackInputs is null ? null : CatalogFacts.Inputs(shape.FallbackInputs),
        };
        return CatalogFacts.ToJson(facts);
    }

    internal static GeneratedSql Render(TSqlModel model, Shape shape) =>
        StatementGenerator.Generate(ScoreTableGenerator.Name, Facts(model, shape, shape.TargetDdl is not null));

    /// <summary>
    /// A procedure that runs <paramref name="row"/> with its parameters against scoring.ScoreTable's temporary tables.
    /// DacFx does not check the columns of #temporary tables, so the check uses permanent stand-ins of the same DDL (read
    /// from the procedure's own text; #Pending with the key columns the generator adds), named per shape, and the
    /// statement's #names are pointed at them.
    /// </summary>
    internal static IEnumerable<string> CheckObjects(string shape, GeneratedRow row, string addPendingKeys, bool withTables)
    {
        string keys = Regex.Match(addPendingKeys, @"^ALTER TABLE #Pending ADD (.*);$", RegexOptions.Singleline).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(keys), addPendingKeys);
        if (withTables)
        {
            foreach (string create in ScoreTableTempTables())
            {
                string table = create.StartsWith("CREATE TABLE #Pending ", StringComparison.Ordinal)
                    ? create.Substring(0, create.LastIndexOf(')')) + ", " + keys + ")"
                    : create;
                yield return StandIns(shape, table) + ";";
            }
        }

        yield return "CREATE PROCEDURE dbo.[Check_" + shape + "_" + row.Name + "]\n" + (row.Parameters ?? string.Empty) + "\nAS\nBEGIN\n"
            + (row.Name == ScoreTableGenerator.AddPendingKeys ? "SELECT 1; -- the key columns are declared on the stand-in" : StandIns(shape, row.Text)) + "\nEND;";
    }

    /// <summary>Points #Pending, #Scored, #Result and #InputFlagCounts at the shape's permanent stand-ins.</summary>
    private static string StandIns(string shape, string text) =>
        Regex.Replace(text, @"#(Pending|Scored|Result|InputFlagCounts|DriftCodes|DriftIndexes)\b", m => "dbo.[" + m.Groups[1].Value + "_" + shape + "]");

    /// <summary>The CREATE TABLE #... statements of scoring.ScoreTable, as written in sql/Procedures.</summary>
    internal static List<string> ScoreTableTempTables()
    {
        string path = Path.Combine(Repo.Sql, "Procedures", "scoring.ScoreTable.Procedure.sql");
        string text = File.ReadAllText(path);
        TSqlFragment fragment = SqlScriptParseTests.AssertParses(text, path);
        var visitor = new TempTables();
        fragment.Accept(visitor);
        return visitor.Found.Select(f => text.Substring(f.StartOffset, f.FragmentLength).TrimEnd(';')).ToList();
    }

    private sealed class TempTables : TSqlFragmentVisitor
    {
        public List<CreateTableStatement> Found { get; } = new();

        public override void Visit(CreateTableStatement node)
        {
            if (node.SchemaObjectName.BaseIdentifier.Value.StartsWith('#'))
            {
                Found.Add(node);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void ScoreTable_statements_for_a_table_shape_validate_in_DacFx_with_warnings_as_errors(string shape)
    {
        string target = TargetTable(Shapes.Single(s => s.Name == shape));
        var mine = _rendered.Messages.Where(m => m.Message.Contains("Check_" + shape + "_", StringComparison.Ordinal)
                                                 || m.Message.Contains("_" + shape + "]", StringComparison.Ordinal)
                                                 || m.Message.Contains(target.Replace("]", "]]"), StringComparison.Ordinal)).ToList();
        Assert.True(mine.Count == 0, string.Join("\n", mine.Select(m => $"{m.MessageType} {m.Prefix}{m.Number}: {m.Message}")));
        foreach (GeneratedRow row in _rendered.Generated[shape].Rows.Where(r => r.Kind == GeneratedSql.StatementKind))
        {
            SqlScriptParseTests.AssertParses(row.Text, shape + "/" + row.Name + ":\n" + row.Text);
        }
    }

    [Fact]
    public void The_whole_rendered_model_validates_with_warnings_as_errors()
    {
        Assert.True(_rendered.Messages.Count == 0, string.Join("\n", _rendered.Messages.Select(m => $"{m.MessageType} {m.Prefix}{m.Number}: {m.Message}")));
    }

    [Theory]
    [InlineData(ScoreTableGenerator.StagePending, "s.[Tenure]", "s.[Tenur]", "[Tenur]")]
    [InlineData(ScoreTableGenerator.InsertTarget, "r.PredictedLabel", "r.PredictedLabl", "PredictedLabl")]
    public void The_validation_catches_a_column_that_does_not_exist_in_a_source_or_temporary_table(string statement, string good, string bad, string reported)
    {
        using TSqlModel model = DacFxModelTests.BuildModel();
        Shape shape = Shapes.Single(s => s.Name == "IntKey");
        model.AddObjects(shape.Ddl);
        GeneratedSql sql = Render(model, shape);
        model.AddObjects(sql.Text(ScoreTableGenerator.CreateTarget)!);
        GeneratedRow row = sql.Rows.Single(r => r.Name == statement);
        var broken = new GeneratedRow(row.Kind, row.Name, row.Text.Replace(good, bad, StringComparison.Ordinal), row.Parameters);
        Assert.NotEqual(row.Text, broken.Text);
        foreach (string check in CheckObjects("Broken", broken, sql.Text(ScoreTableGenerator.AddPendingKeys)!, withTables: true))
        {
            model.AddObjects(check);
        }

        List<DacModelMessage> messages = model.Validate().Where(m => !DacFxModelTests.IsSystemCatalogReference(m)).ToList();
        Assert.Contains(messages, m => m.Message.Contains(reported, StringComparison.Ordinal));
    }

    [Fact]
    public void Target_and_staged_keys_keep_the_source_collation_and_char_inputs_are_trimmed()
    {
        GeneratedSql sql = _rendered.Generated["NvarcharKeyOtherCollation"];
        Assert.Contains("[Code] nvarchar(40) COLLATE Latin1_General_100_CS_AS NOT NULL", sql.Text(ScoreTableGenerator.CreateTarget));
        Assert.Contains("[Code] nvarchar(40) COLLATE Latin1_General_100_CS_AS NOT NULL", sql.Text(ScoreTableGenerator.AddPendingKeys));
        string stage = sql.Text(ScoreTableGenerator.StagePending)!;
        Assert.Contains("RTRIM(s.[Segment])", stage);   // char(10)
        Assert.Contains("RTRIM(s.[Channel])", stage);   // nchar(8)
        Assert.DoesNotContain("RTRIM(s.[Country])", stage); // varchar keeps its text as stored
    }

    [Fact]
    public void With_an_input_map_only_mapped_columns_are_read_and_unmapped_inputs_are_sent_as_missing()
    {
        GeneratedSql sql = _rendered.Generated["MappedWithExtraColumns"];
        string stage = sql.Text(ScoreTableGenerator.StagePending)!;
        Assert.Contains("s.[AgeYears]", stage);
        Assert.Contains("s.[PlanCode]", stage);
        Assert.DoesNotContain("[Tenure]", stage);
        Assert.DoesNotContain("[SSN]", stage);
        Assert.DoesNotContain("[Salary]", stage);
        Assert.Contains("\n        + " + DbScoring.SqlClr.InputCodec.SqlMissingField, stage);
        Assert.Contains("Tenure <- (not mapped", sql.Text(ScoreTableGenerator.InputMapValue));
    }

    [Fact]
    public void A_key_whose_text_may_exceed_the_row_key_column_gets_a_length_check_and_short_keys_do_not()
    {
        Assert.NotNull(_rendered.Generated["LongCompositeKey"].Text(ScoreTableGenerator.CheckKeyLength));
        Assert.Null(_rendered.Generated["IntKey"].Text(ScoreTableGenerator.CheckKeyLength));
        Assert.Null(_rendered.Generated["CompositeKey"].Text(ScoreTableGenerator.CheckKeyLength));
    }

    [Fact]
    public void Targets_get_the_per_row_status_columns_of_the_embedded_store_and_an_older_target_gets_them_added_on_its_next_run()
    {
        GeneratedSql fresh = _rendered.Generated["IntKey"];
        Assert.Contains("Status varchar(10) NOT NULL DEFAULT ('Scored') CHECK (Status IN ('Scored', 'Fallback', 'Refused'))", fresh.Text(ScoreTableGenerator.CreateTarget));
        Assert.Contains("Reason nvarchar(2000) NULL", fresh.Text(ScoreTableGenerator.CreateTarget));
        Assert.Null(fresh.Text(ScoreTableGenerator.UpgradeTarget));
        Assert.Contains(", Status, Reason", fresh.Text(ScoreTableGenerator.InsertTarget));
        Assert.Contains("r.Status, r.Reason", fresh.Text(ScoreTableGenerator.InsertTarget));

        // A target made before per-row status: both columns added (its rows take 'Scored'); one that has them: nothing to add.
        Assert.Equal("ALTER TABLE [dbo].[Scores_ExistingTarget] ADD " + string.Join(", ", ScoreTableGenerator.StatusColumns) + ";",
            _rendered.Generated["ExistingTarget"].Text(ScoreTableGenerator.UpgradeTarget));
        Assert.Null(_rendered.Generated["ExplainedExistingTarget"].Text(ScoreTableGenerator.UpgradeTarget));
        Assert.Contains(ScoreTableGenerator.ReservedNames, n => n == "Status");
        Assert.Contains(ScoreTableGenerator.ReservedNames, n => n == "Reason");
    }

    [Fact]
    public void An_existing_target_is_not_created_again()
    {
        Assert.Null(_rendered.Generated["ExistingTarget"].Text(ScoreTableGenerator.CreateTarget));
        Assert.NotNull(_rendered.Generated["IntKey"].Text(ScoreTableGenerator.CreateTarget));
    }

    /// <summary>
    /// sp_executesql breaks the ownership chain: a scoring object named in a generated statement is checked against the
    /// caller, so every role that may EXECUTE scoring.ScoreTable needs its own grant on it (otherwise Msg 229 on the
    /// first batch for analysts and publishers, while ScoringAdmin, with EXECUTE on the schema, never sees it).
    /// </summary>
    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void Every_scoring_object_a_ScoreTable_statement_names_is_granted_to_each_role_that_may_run_ScoreTable(string shape)
    {
        Dictionary<string, HashSet<string>> grants = RoleAccessTests.Grants();
        string[] runners = grants.Where(g => g.Value.Contains("ScoreTable")).Select(g => g.Key).ToArray();
        Assert.Contains("ScoringAnalyst", runners);
        var named = new List<string>();
        foreach (GeneratedRow row in _rendered.Generated[shape].Rows.Where(r => r.Kind == GeneratedSql.StatementKind))
        {
            var objects = new ScoringObjects();
            SqlScriptParseTests.AssertParses(row.Text, shape + " " + row.Name).Accept(objects);
            named.AddRange(objects.Names);
        }

        Assert.Contains("Private_ReadReal", named);
        foreach (string role in runners)
        {
            foreach (string name in named.Distinct())
            {
                Assert.True(grants[role].Contains(name), $"{role} may run scoring.ScoreTable, whose dynamic SQL uses scoring.{name}, but is not granted it");
            }
        }
    }

    /// <summary>The installer supports SQL Server 2017: what it executes dynamically must parse with the 2017 grammar too.</summary>
    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void Every_ScoreTable_statement_parses_with_the_SQL_Server_2017_parser(string shape)
    {
        foreach (GeneratedRow row in _rendered.Generated[shape].Rows.Where(r => r.Kind == GeneratedSql.StatementKind))
        {
            new TSql140Parser(initialQuotedIdentifiers: true).Parse(new StringReader(row.Text), out IList<ParseError> errors);
            Assert.True(errors.Count == 0, shape + " " + row.Name + ": " + string.Join("; ", errors.Select(e => e.Message)));
        }
    }

    /// <summary>Objects of schema scoring named as tables or called as functions.</summary>
    private sealed class ScoringObjects : TSqlFragmentVisitor
    {
        internal List<string> Names { get; } = new();

        public override void Visit(SchemaObjectName node)
        {
            if (string.Equals(node.SchemaIdentifier?.Value, "scoring", StringComparison.OrdinalIgnoreCase))
            {
                Names.Add(node.BaseIdentifier.Value);
            }
        }

        public override void Visit(FunctionCall node)
        {
            if (node.CallTarget is MultiPartIdentifierCallTarget target
                && string.Equals(target.MultiPartIdentifier.Identifiers[^1].Value, "scoring", StringComparison.OrdinalIgnoreCase))
            {
                Names.Add(node.FunctionName.Value);
            }
        }
    }

    [Fact]
    public void With_explain_the_target_gets_the_reason_columns_of_the_embedded_store_filled_from_the_explanation()
    {
        GeneratedSql sql = _rendered.Generated["Explained"];
        string create = sql.Text(ScoreTableGenerator.CreateTarget)!;
        string insert = sql.Text(ScoreTableGenerator.InsertTarget)!;
        for (int i = 1; i <= 3; i++)
        {
            Assert.Contains($"Reason{i} nvarchar(400) NULL", create);
            Assert.Contains($"Reason{i}Contribution float NULL", create);
            Assert.Contains($", Reason{i}, Reason{i}Contribution", insert);
            Assert.Contains($"'$.contributions[{i - 1}].input'", insert);
        }

        Assert.DoesNotContain("Reason4", create);
        Assert.Contains("s.Explanation", sql.Text(ScoreTableGenerator.ReadResults));
        // The embedded store's names (docs/explanations.md): Reason1, Reason1Contribution, Reason2, ...
        Assert.Equal(new[] { "Reason1", "Reason1Contribution", "Reason2", "Reason2Contribution" },
            ScoreTableGenerator.ReasonColumns(2).Select(c => c.Substring(0, c.IndexOf(' '))));
        Assert.DoesNotContain("Reason1", _rendered.Generated["IntKey"].Text(ScoreTableGenerator.CreateTarget));
        Assert.DoesNotContain("Reason1", _rendered.Generated["IntKey"].Text(ScoreTableGenerator.InsertTarget));
    }

    /// <summary>
    /// Dynamic data masking: a caller without UNMASK reads 0 and xxxx instead of the data, and scoring those would log
    /// plausible predictions from values nobody sent. The catalog facts say which columns the caller reads masked.
    /// </summary>
    [Theory]
    [InlineData("Age", "@Source")]
    [InlineData("Plan", "@Source")]
    [InlineData("CustomerId", "@KeyColumns")]
    public void A_column_the_caller_reads_masked_is_refused_by_the_parameter_that_names_it(string column, string parameter)
    {
        using TSqlModel model = DacFxModelTests.BuildModel();
        Shape shape = Shapes.Single(s => s.Name == "IntKey");
        model.AddObjects(shape.Ddl);
        JsonObject facts = JsonNode.Parse(Facts(model, shape, targetExists: false))!.AsObject();
        JsonNode masked = facts["sourceColumns"]!.AsArray().Single(c => (string)c!["name"]! == column)!;
        masked["maskedForCaller"] = true;

        GeneratedSql sql = StatementGenerator.Generate(ScoreTableGenerator.Name, CatalogFacts.ToJson(facts));
        string problem = Assert.Single(sql.Problems());
        Assert.StartsWith("The value for the parameter " + parameter + " is not supported. Column [" + column + "]", problem);
        Assert.Contains("masked for you", problem);
        Assert.Null(sql.Text(ScoreTableGenerator.InsertTarget));

        // Unmasked (UNMASK granted, or no mask) the same facts generate the run.
        masked["maskedForCaller"] = false;
        Assert.False(StatementGenerator.Generate(ScoreTableGenerator.Name, CatalogFacts.ToJson(facts)).HasProblems);
    }

    [Theory]
    [InlineData(-1, "@Explain")]
    [InlineData(ScoreTableGenerator.MaxReasons + 1, "@Explain")]
    [InlineData(2, "has no column [Reason2]")]
    public void Explain_out_of_range_or_an_existing_target_without_its_reason_columns_is_refused(int explain, string problem)
    {
        using TSqlModel model = DacFxModelTests.BuildModel();
        Shape shape = Shapes.Single(s => s.Name == "ExplainedExistingTarget") with { Explain = explain };
        model.AddObjects(shape.Ddl);
        model.AddObjects(shape.TargetDdl!);
        GeneratedSql sql = Render(model, shape);
        Assert.Contains(sql.Problems(), p => p.Contains(problem, StringComparison.Ordinal));
        Assert.Null(sql.Text(ScoreTableGenerator.InsertTarget));
    }

    [Fact]
    public void Shadow_split_and_fallback_versions_get_their_own_packed_inputs_and_the_split_arm_comes_from_the_CLR_rule()
    {
        string stage = _rendered.Generated["Champions"].Text(ScoreTableGenerator.StagePending)!;
        Assert.Contains("RowKey, Inputs, Arm, ShadowInputs, SplitInputs, FallbackInputs)", stage);
        Assert.Contains("scoring.Private_SplitArm(@SplitModel, CONVERT(nvarchar(450), s.[SubscriberId], 0), @SplitPercent)", stage);
        Assert.Contains(ScoreTableGenerator.DoneCondition, stage);
        // Each version packs its own inputs: Charges only for the shadow, Age not for the fallback (packs start with 0x01).
        string[] packs = stage.Split("0x01\n", StringSplitOptions.None);
        Assert.Equal(5, packs.Length); // the SELECT list before, then Inputs, ShadowInputs, SplitInputs, FallbackInputs
        Assert.DoesNotContain("[Charges]", packs[1]);
        Assert.Contains("[Charges]", packs[2]);
        Assert.DoesNotContain("[Age]", packs[4]);
        Assert.Contains("[Plan]", packs[4]);

        string plain = _rendered.Generated["IntKey"].Text(ScoreTableGenerator.StagePending)!;
        Assert.DoesNotContain("Arm", plain);
        Assert.DoesNotContain("ShadowInputs", plain);
        Assert.Contains("@SplitVersionId int", _rendered.Generated["IntKey"].Rows.Single(r => r.Name == ScoreTableGenerator.StagePending).Parameters);
    }

    [Fact]
    public void A_text_column_feeds_a_number_or_boolean_input_as_text_that_the_version_parses_per_row()
    {
        string stage = _rendered.Generated["Champions"].Text(ScoreTableGenerator.StagePending)!;
        string chars = ScoreTableGenerator.NumberTextChars.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("CAST(s.[Age] AS nvarchar(" + chars + "))", stage);
        Assert.Contains("CAST(RTRIM(s.[Senior]) AS nvarchar(" + chars + "))", stage); // char(n) trimmed, as for text inputs
        Assert.Contains("CAST(CAST(s.[Tenure] AS float) AS binary(8))", stage);      // typed numbers stay numbers
    }

    [Fact]
    public void Per_row_status_is_read_from_the_outcomes_and_refused_keys_are_cleared_before_they_are_written_again()
    {
        GeneratedSql sql = _rendered.Generated["Champions"];
        string read = sql.Text(ScoreTableGenerator.ReadResults)!;
        Assert.Contains("'Scored' WHEN SUBSTRING(s.FallbackPacked, 1, 1) = 0x01 THEN 'Fallback' ELSE 'Refused'", read);
        Assert.Contains("N' Fallback: '", read);
        Assert.Contains("ISNULL(s.Arm, 'A') = 'A'", read); // input statistics: only rows the primary version scored
        Assert.Contains("t.Status = 'Refused'", sql.Text(ScoreTableGenerator.ClearRefused));
        Assert.Contains("r.ModelVersionId", sql.Text(ScoreTableGenerator.InsertTarget));
        Assert.Contains("@Refused bigint OUTPUT", sql.Rows.Single(r => r.Name == ScoreTableGenerator.CountDone).Parameters);
    }

    [Fact]
    public void An_other_version_whose_input_has_no_column_is_refused_naming_its_parameter()
    {
        using TSqlModel model = DacFxModelTests.BuildModel();
        Shape shape = Shapes.Single(s => s.Name == "Champions") with { ShadowInputs = new[] { ("Age", Number), ("Income", Number) } };
        model.AddObjects(shape.Ddl);
        GeneratedSql sql = Render(model, shape);
        Assert.Contains(sql.Problems(), p => p.StartsWith("The value for the parameter @Shadow is not supported.", StringComparison.Ordinal) && p.Contains("Income", StringComparison.Ordinal));
        Assert.Null(sql.Text(ScoreTableGenerator.StagePending));
    }
}
