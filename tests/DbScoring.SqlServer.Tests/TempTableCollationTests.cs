using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// A #temporary table's text columns take tempdb's collation, not the database's. Where the two differ (a vendor database
/// in Latin1_General_CI_AS on a SQL_Latin1_General_CP1_CI_AS instance, a case-sensitive database), comparing or
/// concatenating such a column with a permanent one fails to compile ("cannot resolve the collation conflict"). So every
/// text column of every #table the procedures create names its collation.
/// </summary>
public class TempTableCollationTests
{
    private static readonly SqlDataTypeOption[] TextTypes =
        { SqlDataTypeOption.Char, SqlDataTypeOption.VarChar, SqlDataTypeOption.NChar, SqlDataTypeOption.NVarChar, SqlDataTypeOption.Text, SqlDataTypeOption.NText };

    private sealed class TempTables : TSqlFragmentVisitor
    {
        public List<(string Table, ColumnDefinition Column)> TextColumns { get; } = new();

        public override void ExplicitVisit(CreateTableStatement node)
        {
            string table = node.SchemaObjectName.BaseIdentifier.Value;
            if (table.StartsWith('#'))
            {
                foreach (ColumnDefinition column in node.Definition.ColumnDefinitions)
                {
                    if (column.DataType is SqlDataTypeReference type && TextTypes.Contains(type.SqlDataTypeOption))
                    {
                        TextColumns.Add((table, column));
                    }
                }
            }

            base.ExplicitVisit(node);
        }
    }

    [Fact]
    public void Every_text_column_of_a_temporary_table_names_its_collation()
    {
        var missing = new List<string>();
        int seen = 0;
        foreach (string path in Directory.GetFiles(Repo.Sql, "*.sql", SearchOption.AllDirectories).OrderBy(p => p))
        {
            var visitor = new TempTables();
            SqlScriptParseTests.AssertParses(File.ReadAllText(path), Repo.Relative(path)).Accept(visitor);
            foreach ((string table, ColumnDefinition column) in visitor.TextColumns)
            {
                seen++;
                if (column.Collation is null)
                {
                    missing.Add($"{Repo.Relative(path)} line {column.StartLine}: {table}.{column.ColumnIdentifier.Value}");
                }
            }
        }

        Assert.True(seen >= 10, $"only {seen} text columns of temporary tables found: #Link, #Break, #Result and #Outcomes should be among them");
        Assert.True(missing.Count == 0, "text columns of temporary tables without COLLATE:\n" + string.Join("\n", missing));
    }
}
