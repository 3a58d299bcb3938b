using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// A promotion writes the generated function before the alias (SQL review 6.12): the alias write's trigger takes the
/// database-wide audit lock every ScoreTable batch needs, so the function's DDL, which waits for the queries using it,
/// must never run while that lock is held. Checked in the parsed procedure, statement by statement.
/// </summary>
public class PromotionOrderTests
{
    private static TSqlFragment Parse(string relative) =>
        SqlScriptParseTests.AssertParses(File.ReadAllText(Path.Combine(Repo.Sql, relative)), relative);

    [Fact]
    public void SetAlias_regenerates_the_function_before_it_writes_the_alias()
    {
        var finder = new ExecutesAndWrites();
        Parse("Procedures/scoring.SetAlias.Procedure.sql").Accept(finder);
        int regenerate = Assert.Single(finder.Executes, e => e.Name == "scoring.Private_RegeneratePredictFunction").Offset;
        var aliasWrites = finder.Writes.Where(w => w.Target == "scoring.ModelAlias").ToList();
        Assert.Equal(2, aliasWrites.Count); // the first move of an alias inserts it, a later one updates it
        Assert.All(aliasWrites, w => Assert.True(w.Offset > regenerate, $"{w.Target} is written at {w.Offset}, before the regeneration at {regenerate}"));
    }

    [Fact]
    public void A_promotion_gives_up_with_50093_after_30_s_instead_of_waiting_without_end_and_writes_the_new_version_s_function()
    {
        var finder = new ExecutesAndWrites();
        Parse("Procedures/scoring.Private_RegeneratePredictFunction.Procedure.sql").Accept(finder);
        Assert.Contains(finder.Executes, e => e.Name == "scoring.Private_WritePredictFunction");
        Assert.DoesNotContain(finder.Executes, e => e.Name == "scoring.CreatePredictFunction"); // it would resolve the alias's old version
        Assert.Contains("SET LOCK_TIMEOUT 30000", File.ReadAllText(Path.Combine(Repo.Sql, "Procedures", "scoring.Private_RegeneratePredictFunction.Procedure.sql")));

        // Only the DDL is caught: a TRY block around the validation would keep only the first of its problems.
        var writer = Parse("Procedures/scoring.Private_WritePredictFunction.Procedure.sql");
        var tries = new TryBlocks();
        writer.Accept(tries);
        var block = Assert.Single(tries.Blocks);
        string caught = writer.ScriptTokenStream.Skip(block.CatchStatements.FirstTokenIndex).Take(block.CatchStatements.LastTokenIndex - block.CatchStatements.FirstTokenIndex + 1)
            .Aggregate("", (text, token) => text + token.Text);
        Assert.Contains("ERROR_NUMBER() <> 1222", caught);
        Assert.Contains("THROW 50093", caught);
        var raise = new ExecutesAndWrites();
        writer.Accept(raise);
        Assert.All(raise.Executes.Where(e => e.Name == "scoring.Private_RaiseErrors"), e => Assert.True(e.Offset < block.StartOffset));
    }

    [Fact]
    public void ScoreTable_reads_the_alias_again_in_the_transaction_that_starts_the_run_and_refuses_with_50095_if_it_moved()
    {
        string text = File.ReadAllText(Path.Combine(Repo.Sql, "Procedures", "scoring.ScoreTable.Procedure.sql"));
        int begin = text.IndexOf("BEGIN TRANSACTION;", text.IndexOf("BEGIN TRY", text.IndexOf("@LockName, @LockMode = 'Exclusive'", StringComparison.Ordinal), StringComparison.Ordinal), StringComparison.Ordinal);
        int reread = text.IndexOf("FROM scoring.ModelAlias AS a WITH (REPEATABLEREAD)", StringComparison.Ordinal);
        int runRow = text.IndexOf("KeyColumns, Command, StartedAt)", StringComparison.Ordinal);
        Assert.True(begin > 0 && begin < reread && reread < runRow, "the alias is read again inside the run row's transaction, before the row");
        Assert.True(text.IndexOf("THROW 50095", reread, StringComparison.Ordinal) is > 0 and var refusal && refusal < runRow);
    }

    private sealed class TryBlocks : TSqlFragmentVisitor
    {
        internal List<TryCatchStatement> Blocks { get; } = new();

        public override void Visit(TryCatchStatement node) => Blocks.Add(node);
    }

    private sealed class ExecutesAndWrites : TSqlFragmentVisitor
    {
        internal List<(string Name, int Offset)> Executes { get; } = new();

        internal List<(string Target, int Offset)> Writes { get; } = new();

        public override void Visit(ExecutableProcedureReference node)
        {
            if (node.ProcedureReference?.ProcedureReference?.Name is SchemaObjectName name)
            {
                Executes.Add((name.SchemaIdentifier?.Value + "." + name.BaseIdentifier.Value, node.StartOffset));
            }
        }

        public override void Visit(InsertSpecification node) => Add(node.Target, node.StartOffset);

        public override void Visit(UpdateSpecification node) => Add(node.Target, node.StartOffset);

        private void Add(TableReference target, int offset)
        {
            if (target is NamedTableReference table)
            {
                Writes.Add((table.SchemaObject.SchemaIdentifier?.Value + "." + table.SchemaObject.BaseIdentifier.Value, offset));
            }
        }
    }
}
