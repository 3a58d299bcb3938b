using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// Row keys are compared binary wherever two logged keys, or a logged key and a caller's, are matched or numbered (SQL
/// review 6.18): the embedded store compares them byte for byte and ScoreTable keeps a case-sensitive source key's two
/// spellings apart, so in a case-insensitive database 'abc' must not meet 'ABC'. Checked in the parsed scripts.
/// </summary>
public class RowKeyCollationTests
{
    private const string Binary = "Latin1_General_100_BIN2";

    public static TheoryData<string> Scripts() => new()
    {
        "Functions/scoring.PredictionOutcomesOf.Function.sql",
        "Views/scoring.ShadowPredictions.View.sql",
        "Procedures/scoring.ReplayPrediction.Procedure.sql",
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Every_equality_of_two_row_keys_has_a_binary_twin_and_every_numbering_by_key_is_binary(string relative)
    {
        var fragment = SqlScriptParseTests.AssertParses(File.ReadAllText(Path.Combine(Repo.Sql, relative)), relative);
        var finder = new KeyUses();
        fragment.Accept(finder);
        Assert.NotEmpty(finder.Equalities.Concat(finder.Partitions.Select(p => (p, p))));

        var plain = finder.Equalities.Where(e => !IsBinary(e.Left) && !IsBinary(e.Right)).Select(e => Key(e.Left, e.Right)).ToList();
        var binary = finder.Equalities.Where(e => IsBinary(e.Left) && IsBinary(e.Right)).Select(e => Key(e.Left, e.Right)).ToHashSet();
        Assert.All(plain, k => Assert.True(binary.Contains(k), $"{relative}: {k} is compared in the database's collation only"));
        Assert.All(finder.Partitions, p => Assert.True(IsBinary(p), $"{relative}: a numbering partitions by {Text(p)} in the database's collation"));
    }

    private static bool IsBinary(ScalarExpression e) =>
        e is PrimaryExpression { Collation: not null } p && string.Equals(p.Collation.Value, Binary, StringComparison.OrdinalIgnoreCase);

    private static string Key(ScalarExpression left, ScalarExpression right) => Strip(left) + " = " + Strip(right);

    private static string Strip(ScalarExpression e) => Text(e).Split(" COLLATE ", StringSplitOptions.None)[0].Trim();

    private static string Text(TSqlFragment f) =>
        string.Concat(Enumerable.Range(f.FirstTokenIndex, f.LastTokenIndex - f.FirstTokenIndex + 1).Select(i => f.ScriptTokenStream[i].Text));

    private static bool IsRowKey(ScalarExpression e) => Strip(e).EndsWith("RowKey", StringComparison.Ordinal);

    private sealed class KeyUses : TSqlFragmentVisitor
    {
        internal List<(ScalarExpression Left, ScalarExpression Right)> Equalities { get; } = new();

        internal List<ScalarExpression> Partitions { get; } = new();

        public override void Visit(BooleanComparisonExpression node)
        {
            if (node.ComparisonType == BooleanComparisonType.Equals && IsRowKey(node.FirstExpression) && IsRowKey(node.SecondExpression))
            {
                Equalities.Add((node.FirstExpression, node.SecondExpression));
            }
        }

        public override void Visit(OverClause node)
        {
            Partitions.AddRange(node.Partitions.Where(IsRowKey));
        }
    }
}
