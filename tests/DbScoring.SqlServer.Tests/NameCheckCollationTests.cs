using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DbScoring.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// A LIKE pattern with a character range ([A-Za-z]) follows the collation's order, so in the usual case-insensitive
/// collations it also matches é, ñ and other letters. Every such test in the scripts must compare in a binary
/// collation, as the embedded store's GLOB does.
/// </summary>
public class NameCheckCollationTests
{
    private static readonly Regex Range = new(@"\[[^\]]*\w-\w", RegexOptions.CultureInvariant);

    private sealed class RangeLikes : TSqlFragmentVisitor
    {
        public List<(LikePredicate Like, string Pattern)> Found { get; } = new();

        public override void ExplicitVisit(LikePredicate node)
        {
            if (node.SecondExpression is StringLiteral pattern && Range.IsMatch(pattern.Value))
            {
                Found.Add((node, pattern.Value));
            }

            base.ExplicitVisit(node);
        }
    }

    private static string? CollationOf(ScalarExpression expression) => (expression as PrimaryExpression)?.Collation?.Value;

    [Fact]
    public void Every_LIKE_with_a_character_range_compares_in_a_binary_collation()
    {
        var unbound = new List<string>();
        int checkedLikes = 0;
        foreach (string path in Directory.GetFiles(Repo.Sql, "*.sql", SearchOption.AllDirectories).OrderBy(p => p))
        {
            TSqlFragment fragment = SqlScriptParseTests.AssertParses(File.ReadAllText(path), Repo.Relative(path));
            var visitor = new RangeLikes();
            fragment.Accept(visitor);
            foreach ((LikePredicate like, string pattern) in visitor.Found)
            {
                checkedLikes++;
                string? collation = CollationOf(like.FirstExpression) ?? CollationOf(like.SecondExpression);
                if (collation is null || !collation.EndsWith("_BIN2", System.StringComparison.OrdinalIgnoreCase))
                {
                    unbound.Add($"{Repo.Relative(path)} line {like.StartLine}: LIKE N'{pattern}' ({collation ?? "database collation"})");
                }
            }
        }

        Assert.True(checkedLikes >= 6, $"only {checkedLikes} range LIKEs found: the model, alias and procedure name checks should be among them");
        Assert.True(unbound.Count == 0, string.Join("\n", unbound));
    }
}
