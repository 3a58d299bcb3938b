using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DbScoring.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// Who may use what, checked in the scripts: the SQL Server store backend reads only views, functions and procedures
/// that the roles using it are granted; SetAlias looks for generated functions with the owner's rights; scoring.Runs
/// hides other users' calls; the documented analyst output setups give no ALTER on dbo.
/// </summary>
public class RoleAccessTests
{
    private static readonly string StoreFolder = Path.Combine(Repo.Root, "src", "DbScoring.Store", "SqlServer");

    /// <summary>The permissions script, where every grant and deny of the four roles is written.</summary>
    private static string SecurityScript() => File.ReadAllText(Path.Combine(Repo.Sql, "Security", "scoring.Permissions.Security.sql"));

    /// <summary>Role -> objects it is granted (SELECT or EXECUTE), from the permissions script.</summary>
    internal static Dictionary<string, HashSet<string>> Grants()
    {
        string text = SecurityScript();
        var grants = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (Match m in Regex.Matches(text, @"^GRANT [A-Z, ]+ ON scoring\.(\w+) TO ([\w, ]+);", RegexOptions.Multiline))
        {
            foreach (string role in m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!grants.TryGetValue(role, out HashSet<string>? objects))
                {
                    grants[role] = objects = new HashSet<string>(StringComparer.Ordinal);
                }

                objects.Add(m.Groups[1].Value);
            }
        }

        return grants;
    }

    /// <summary>Every scoring object the store backend's SQL names (FROM/JOIN, procedure calls, function calls).</summary>
    private static HashSet<string> ObjectsTheStoreUses()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(StoreFolder, "*.cs"))
        {
            string code = File.ReadAllText(file);
            foreach (Match m in Regex.Matches(code, @"(?:FROM|JOIN) scoring\.(\w+)|Proc\(""scoring\.(\w+)""|SELECT scoring\.(\w+)\("))
            {
                used.Add(m.Groups.Cast<Group>().Skip(1).First(g => g.Success).Value);
            }
        }

        return used;
    }

    private static string? KindOf(string name)
    {
        string? file = Directory.GetFiles(Repo.Sql, "scoring." + name + ".*.sql", SearchOption.AllDirectories).SingleOrDefault();
        return file is null ? null : Path.GetFileName(file).Split('.')[^2];
    }

    [Fact]
    public void The_SQL_Server_store_reads_only_views_functions_and_procedures_never_tables()
    {
        HashSet<string> used = ObjectsTheStoreUses();
        Assert.Contains("ExportModelVersion", used);
        Assert.Contains("Aliases", used);
        foreach (string name in used)
        {
            Assert.True(KindOf(name) is "View" or "Function" or "Procedure", $"the store uses scoring.{name}, which is a {KindOf(name) ?? "missing object"}");
        }
    }

    [Theory]
    [InlineData("ScoringAnalyst", "Models ModelVersions Aliases Runs RunInputStatistics ScoreTable Version ExportTrainingProfile RunDriftCounts MonitoringSettingHistory ShadowComparison RefusedRows")]
    [InlineData("ScoringPublisher", "Models ModelVersions Aliases Runs RunInputStatistics ScoreTable Version AddModelVersion SetAlias RollbackAlias AliasHistory AliasesAsOf ExportModelVersion ExportTrainingProfile RunDriftCounts MonitoringSettingHistory SetMonitoring RecordOutcomes PredictionOutcomesOf ShadowComparison RefusedRows")]
    [InlineData("ScoringAuditor", "Models ModelVersions Aliases Runs RunInputStatistics Version AliasHistory AliasesAsOf PredictionAudit ExportModelVersion ExportTrainingProfile RetentionPolicies Purges PurgedBatches RunDriftCounts MonitoringSettingHistory PredictionOutcomesOf ShadowComparison RefusedRows VerifyAuditTrail")]
    public void Each_role_is_granted_every_object_the_store_uses_for_the_commands_it_may_run(string role, string objects)
    {
        HashSet<string> granted = Grants()[role];
        HashSet<string> used = ObjectsTheStoreUses();
        foreach (string name in objects.Split(' '))
        {
            Assert.True(used.Contains(name), $"scoring.{name} is listed for {role} but the store does not use it");
            Assert.True(granted.Contains(name), $"{role} is not granted scoring.{name}, which the store uses");
        }
    }

    [Fact]
    public void Only_auditors_verify_the_audit_trail_and_no_role_may_write_its_links()
    {
        Dictionary<string, HashSet<string>> grants = Grants();
        Assert.Contains("VerifyAuditTrail", grants["ScoringAuditor"]);
        Assert.Contains("AuditLink", grants["ScoringAuditor"]);
        Assert.DoesNotContain("VerifyAuditTrail", grants["ScoringAnalyst"]);
        Assert.DoesNotContain("VerifyAuditTrail", grants["ScoringPublisher"]);
        string security = SecurityScript();
        foreach (string table in new[] { "AuditLink", "AuditChainStart" })
        {
            Assert.Contains($"DENY INSERT, UPDATE, DELETE ON scoring.{table} TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;", security);
        }
    }

    [Fact]
    public void ScoringAdmin_may_not_call_a_private_procedure_that_writes_scoring_tables_or_runs_as_the_owner()
    {
        string security = SecurityScript();
        string[] writers = Directory.GetFiles(Path.Combine(Repo.Sql, "Procedures"), "scoring.Private_*.Procedure.sql")
            .Where(f => Regex.IsMatch(File.ReadAllText(f), @"^\s*(INSERT|UPDATE|DELETE)\s+(INTO\s+)?scoring\.|^WITH EXECUTE AS OWNER", RegexOptions.Multiline))
            .Select(f => Path.GetFileName(f).Split('.')[1]).ToArray();
        Assert.Contains("Private_AppendAuditLink", writers);
        Assert.Contains("Private_RegeneratePredictFunction", writers);
        foreach (string name in writers)
        {
            Assert.Contains($"DENY EXECUTE ON scoring.{name} TO ScoringAdmin;", security);
        }
    }

    [Fact]
    public void Auditors_and_admins_may_see_the_definitions_the_stale_module_and_assembly_checks_read()
    {
        string security = SecurityScript();
        Assert.Contains("GRANT VIEW DEFINITION ON SCHEMA::scoring TO ScoringAuditor, ScoringAdmin;", security);
        string assembly = File.ReadAllText(Path.Combine(Repo.Sql, "Install", "AssemblyPermissions.Install.sql"));
        Assert.Contains("GRANT VIEW DEFINITION ON ASSEMBLY::[DbScoring.SqlClr] TO ScoringAuditor, ScoringAdmin;", assembly);
        Assert.Contains("Modules", Grants()["ScoringAuditor"]);
    }

    [Fact]
    public void No_role_may_read_the_model_blobs_table_except_the_auditor()
    {
        Dictionary<string, HashSet<string>> grants = Grants();
        Assert.DoesNotContain("ModelVersion", grants["ScoringAnalyst"]);
        Assert.DoesNotContain("ModelVersion", grants["ScoringPublisher"]);
        Assert.DoesNotContain("ExportModelVersion", grants["ScoringAnalyst"]);
    }

    private static TSqlFragment Parse(string relative) =>
        SqlScriptParseTests.AssertParses(File.ReadAllText(Path.Combine(Repo.Sql, relative)), relative);

    [Fact]
    public void SetAlias_looks_for_the_generated_function_only_through_an_EXECUTE_AS_OWNER_procedure()
    {
        string setAlias = File.ReadAllText(Path.Combine(Repo.Sql, "Procedures", "scoring.SetAlias.Procedure.sql"));
        Assert.DoesNotContain("OBJECT_ID(", setAlias);
        Assert.Contains("EXEC scoring.Private_RegeneratePredictFunction", setAlias);

        var finder = new ProcedureOptions();
        Parse("Procedures/scoring.Private_RegeneratePredictFunction.Procedure.sql").Accept(finder);
        Assert.Contains(finder.Options, o => o is ExecuteAsProcedureOption e && e.ExecuteAs.ExecuteAsOption == ExecuteAsOption.Owner);
        Assert.Contains("OBJECT_ID(", File.ReadAllText(Path.Combine(Repo.Sql, "Procedures", "scoring.Private_RegeneratePredictFunction.Procedure.sql")));
    }

    [Fact]
    public void Runs_shows_the_command_and_the_error_text_only_to_its_caller_and_to_auditors_admins_and_db_owner()
    {
        var finder = new SelectColumns();
        Parse("Views/scoring.Runs.View.sql").Accept(finder);

        // One condition, computed once per row: the caller's own run, or an auditor, admin or db_owner.
        SelectScalarExpression mayRead = finder.Columns.Single(c => c.ColumnName?.Value == "MayRead");
        var condition = Assert.IsType<SearchedCaseExpression>(mayRead.Expression);
        string text = Text(condition.WhenClauses.Single().WhenExpression);
        Assert.Contains("r.UserName = USER_NAME()", text);
        foreach (string role in new[] { "ScoringAuditor", "ScoringAdmin", "db_owner" })
        {
            Assert.Contains($"IS_MEMBER(N'{role}') = 1", text);
        }

        // Command and ErrorMessage (which can quote row values) only under it, NULL otherwise; never selected bare.
        foreach (string hidden in new[] { "Command", "ErrorMessage" })
        {
            SelectScalarExpression column = finder.Columns.Single(c => c.ColumnName?.Value == hidden);
            var searched = Assert.IsType<SearchedCaseExpression>(column.Expression);
            Assert.Null(searched.ElseExpression);
            Assert.Equal("c.MayRead = 1", Text(searched.WhenClauses.Single().WhenExpression));
            Assert.Equal("r." + hidden, Text(searched.WhenClauses.Single().ThenExpression));
            Assert.DoesNotContain(finder.Columns, c => c.ColumnName is null && c.Expression is ColumnReferenceExpression r && r.MultiPartIdentifier.Identifiers.Last().Value == hidden);
        }
    }

    private static string Text(TSqlFragment fragment) =>
        string.Concat(fragment.ScriptTokenStream.Skip(fragment.FirstTokenIndex).Take(fragment.LastTokenIndex - fragment.FirstTokenIndex + 1).Select(t => t.Text));

    /// <summary>The SQL blocks of docs/operations.md whose first line starts with <paramref name="marker"/>.</summary>
    internal static string DocumentedBlock(string marker)
    {
        string doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "operations.md"));
        Match m = Regex.Match(doc, "```sql\n(" + Regex.Escape(marker) + ".*?)```", RegexOptions.Singleline);
        Assert.True(m.Success, "docs/operations.md has no SQL block starting with " + marker);
        return m.Groups[1].Value;
    }

    [Theory]
    [InlineData("-- Analyst output schema")]
    [InlineData("-- Analyst target created in advance")]
    public void The_documented_analyst_setups_never_grant_ALTER_on_dbo_and_the_output_schema_is_not_owned_by_dbo(string marker)
    {
        string block = DocumentedBlock(marker);
        TSqlFragment fragment = SqlScriptParseTests.AssertParses(block, marker);
        var statements = new Statements();
        fragment.Accept(statements);
        foreach (GrantStatement grant in statements.Grants)
        {
            bool alter = grant.Permissions.Any(p => string.Join(" ", p.Identifiers.Select(i => i.Value)).Equals("ALTER", StringComparison.OrdinalIgnoreCase));
            string target = grant.SecurityTargetObject is null ? "" : string.Join(".", grant.SecurityTargetObject.ObjectName.MultiPartIdentifier.Identifiers.Select(i => i.Value));
            Assert.False(alter && target.Equals("dbo", StringComparison.OrdinalIgnoreCase), marker + ": grants ALTER on dbo");
            Assert.False(alter && grant.SecurityTargetObject is null, marker + ": grants ALTER on the database");
            Assert.DoesNotContain(grant.Permissions, p => p.Identifiers.Any(i => i.Value.Equals("CONTROL", StringComparison.OrdinalIgnoreCase)));
        }

        foreach (CreateSchemaStatement schema in statements.Schemas)
        {
            Assert.NotNull(schema.Owner);
            Assert.NotEqual("dbo", schema.Owner.Value, StringComparer.OrdinalIgnoreCase);
        }

        if (marker.Contains("schema", StringComparison.Ordinal))
        {
            Assert.Single(statements.Schemas);
            Assert.Contains(statements.Grants, g => g.Permissions.Any(p => p.Identifiers[0].Value == "ALTER")
                                                    && g.SecurityTargetObject?.ObjectKind == SecurityObjectKind.Schema);
        }
        else
        {
            Assert.DoesNotContain(statements.Grants, g => g.Permissions.Any(p => p.Identifiers[0].Value is "ALTER" or "CREATE"));
        }
    }

    private sealed class ProcedureOptions : TSqlFragmentVisitor
    {
        internal List<ProcedureOption> Options { get; } = new();

        public override void Visit(ProcedureStatementBody node) => Options.AddRange(node.Options);
    }

    private sealed class SelectColumns : TSqlFragmentVisitor
    {
        internal List<SelectScalarExpression> Columns { get; } = new();

        public override void Visit(SelectScalarExpression node) => Columns.Add(node);
    }

    private sealed class Statements : TSqlFragmentVisitor
    {
        internal List<GrantStatement> Grants { get; } = new();

        internal List<CreateSchemaStatement> Schemas { get; } = new();

        public override void Visit(GrantStatement node) => Grants.Add(node);

        public override void Visit(CreateSchemaStatement node) => Schemas.Add(node);
    }
}
