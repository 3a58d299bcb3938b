using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.InstallerBuilder;
using DbScoring.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// The installer claims SQL Server 2017 (14.x) and later, but DacFx validates it as SQL Server 2022 and filters out
/// system-catalog references. Two checks keep 2017 and 2019 working: the generated installer parses with the 2017
/// parser, and no statement names a catalog column that older servers lack (that fails the whole batch with Msg 207
/// at compile time, even behind an IF on the version); such columns are read through dynamic SQL after checking
/// sys.all_columns.
/// </summary>
public class SupportedVersionTests
{
    private static readonly string Installer = InstallerGenerator.Generate(Repo.Sql, File.ReadAllBytes(Repo.SqlClrAssembly));

    /// <summary>Catalog columns that SQL Server 2017 does not have (added in 2019 or 2022).</summary>
    private static readonly string[] NewerCatalogColumns =
    {
        "ledger_type", "ledger_type_desc", "ledger_view_id", "is_dropped_ledger_table", "is_ledger_on",
        "ledger_view_column_type", "is_dropped_ledger_column", "is_accelerated_database_recovery_on",
        "is_memory_optimized_enabled", "is_result_set_caching_on", "data_retention_period",
    };

    [Fact]
    public void The_installer_parses_with_the_SQL_Server_2017_parser()
    {
        new TSql140Parser(initialQuotedIdentifiers: true).Parse(new StringReader(Installer), out IList<ParseError> errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")));
    }

    [Fact]
    public void No_statement_names_a_catalog_column_that_SQL_Server_2017_lacks_outside_dynamic_SQL()
    {
        TSqlFragment script = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(Installer), out IList<ParseError> errors);
        Assert.Empty(errors);
        var columns = new ColumnNames();
        script.Accept(columns);
        Assert.NotEmpty(columns.Found);
        List<string> newer = columns.Found.Where(c => NewerCatalogColumns.Contains(c.Name, System.StringComparer.OrdinalIgnoreCase))
            .Select(c => $"line {c.Line}: {c.Name}").ToList();
        Assert.True(newer.Count == 0, "static references to catalog columns SQL Server 2017/2019 lack (Msg 207 there):\n" + string.Join("\n", newer));
    }

    /// <summary>
    /// Azure SQL Managed Instance reports ProductMajorVersion 12 although it runs the current engine ("What is Azure SQL
    /// Managed Instance", how to identify one: EngineEdition 8). Every version decision goes through @Major, which maps
    /// edition 8 to current; a second read of the version number would refuse Managed Instance again.
    /// </summary>
    [Fact]
    public void The_server_version_is_read_once_and_a_Managed_Instance_counts_as_current()
    {
        var reads = System.Text.RegularExpressions.Regex.Matches(Installer, @"SERVERPROPERTY\('ProductMajorVersion'\)");
        Assert.Single(reads);
        string line = Installer.Split('\n').Single(l => l.Contains("SERVERPROPERTY('ProductMajorVersion')", System.StringComparison.Ordinal));
        Assert.Contains("DECLARE @Major int = CASE WHEN @Edition = 8 THEN 16 ELSE", line);
        Assert.Contains("DECLARE @Edition int = CONVERT(int, SERVERPROPERTY('EngineEdition'));", Installer);
    }

    [Fact]
    public void The_check_sees_a_static_reference_to_a_2022_catalog_column()
    {
        const string script = "IF EXISTS (SELECT 1 FROM sys.tables AS t WHERE t.ledger_type = 0) PRINT 'x';\nGO\n"
                              + "EXEC sys.sp_executesql N'SELECT t.ledger_type FROM sys.tables AS t;';\n";
        var columns = new ColumnNames();
        new TSql160Parser(true).Parse(new StringReader(script), out _).Accept(columns);
        Assert.Equal(new[] { "ledger_type" }, columns.Found.Select(c => c.Name).Where(n => n == "ledger_type"));
        Assert.Equal(1, columns.Found.Single(c => c.Name == "ledger_type").Line);
    }

    private sealed class ColumnNames : TSqlFragmentVisitor
    {
        internal List<(string Name, int Line)> Found { get; } = new();

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.MultiPartIdentifier is not null)
            {
                Found.Add((node.MultiPartIdentifier.Identifiers[^1].Value, node.StartLine));
            }
        }
    }
}
