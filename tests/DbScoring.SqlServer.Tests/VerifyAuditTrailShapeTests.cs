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
/// scoring.VerifyAuditTrail's result sets, as ScriptDom reads the procedure, against the row types SqlServerModelStore
/// reads them into with Dapper (which maps by column name): a renamed column would otherwise surface only on a server.
/// </summary>
public class VerifyAuditTrailShapeTests
{
    [Fact]
    public void The_three_result_sets_of_VerifyAuditTrail_have_the_columns_the_store_reads()
    {
        var finder = new ResultSets();
        SqlScriptParseTests.AssertParses(File.ReadAllText(Path.Combine(Repo.Sql, "Procedures", "scoring.VerifyAuditTrail.Procedure.sql")), "VerifyAuditTrail")
            .Accept(finder);
        Assert.Equal(3, finder.Sets.Count);

        string store = File.ReadAllText(Path.Combine(Repo.Root, "src", "DbScoring.Store", "SqlServer", "SqlServerModelStore.Audit.cs"));
        Assert.Equal(Properties(store, "VerifyRow"), finder.Sets[0].OrderBy(c => c, StringComparer.Ordinal));
        Assert.Equal(Properties(store, "HeadRow"), finder.Sets[1].OrderBy(c => c, StringComparer.Ordinal));
        Assert.Equal(new[] { "Note" }, finder.Sets[2]); // read as Read<string>(): one column
        Assert.Contains("results.Read<string>()", store, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Properties(string code, string type)
    {
        int start = code.IndexOf("class " + type, StringComparison.Ordinal);
        Assert.True(start >= 0, type);
        string body = code.Substring(start, code.IndexOf("\n        }", start, StringComparison.Ordinal) - start); // to the class's closing brace
        return Regex.Matches(body, @"public [\w?<>\[\]]+ (\w+) \{ get; set; \}").Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Top-level SELECT statements that return rows (not variable assignments), each as its column names.</summary>
    private sealed class ResultSets : TSqlFragmentVisitor
    {
        internal List<List<string>> Sets { get; } = new();

        public override void Visit(SelectStatement node)
        {
            if (node.Into != null || node.QueryExpression is not QuerySpecification query || query.SelectElements.Any(e => e is not SelectScalarExpression))
            {
                return;
            }

            Sets.Add(query.SelectElements.Cast<SelectScalarExpression>()
                .Select(e => e.ColumnName?.Value ?? ((ColumnReferenceExpression)e.Expression).MultiPartIdentifier.Identifiers.Last().Value)
                .ToList());
        }
    }
}
