using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.InstallerBuilder;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlServer.Tests;

public class SqlScriptParseTests
{
    public static IEnumerable<object[]> Scripts() =>
        Directory.GetFiles(Repo.Sql, "*.sql", SearchOption.AllDirectories).OrderBy(p => p).Select(p => new object[] { Repo.Relative(p) });

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Every_sql_file_parses_with_the_SQL_Server_2022_parser(string relativePath)
    {
        AssertParses(File.ReadAllText(Path.Combine(Repo.Sql, relativePath)), relativePath);
    }

    [Fact]
    public void The_generated_installer_parses_with_the_SQL_Server_2022_parser()
    {
        string installer = InstallerGenerator.Generate(Repo.Sql, File.ReadAllBytes(Repo.SqlClrAssembly));
        AssertParses(installer, "generated installer");
    }

    internal static TSqlFragment AssertParses(string text, string what)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(text);
        TSqlFragment fragment = parser.Parse(reader, out IList<ParseError> errors);
        Assert.True(errors.Count == 0,
            what + ":\n" + string.Join("\n", errors.Select(e => $"  line {e.Line}, column {e.Column}: {e.Number} {e.Message}")));
        return fragment;
    }
}
