using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// SQL Server stores only QUOTED_IDENTIFIER and ANSI_NULLS with a procedure; the other options come from the caller's
/// session. A legacy client with ANSI_PADDING OFF would trim the trailing zero bytes of packed rows in #tables, and one
/// with CONCAT_NULL_YIELDS_NULL OFF would record N'' for a NULL parameter in a run's Command. So every procedure sets
/// them itself, at the top of its body (a SET inside a procedure lasts until it returns), and its isolation level too.
/// </summary>
public class ProcedureSessionOptionsTests
{
    private static readonly (SetOptions Option, bool On)[] Required =
        SessionSettingsAnalyzer.Required.Where(r => r.Option is not (SetOptions.QuotedIdentifier or SetOptions.AnsiNulls)).ToArray();

    public static IEnumerable<object[]> Procedures() =>
        Directory.GetFiles(Path.Combine(Repo.Sql, "Procedures"), "*.sql").OrderBy(p => p).Select(p => new object[] { Repo.Relative(p) });

    [Theory]
    [MemberData(nameof(Procedures))]
    public void Every_procedure_sets_the_session_options_that_are_not_stored_with_it(string relativePath)
    {
        TSqlFragment script = SqlScriptParseTests.AssertParses(File.ReadAllText(Path.Combine(Repo.Sql, relativePath)), relativePath);
        ProcedureStatementBody procedure = ((TSqlScript)script).Batches.SelectMany(b => b.Statements).OfType<ProcedureStatementBody>().Single();
        IEnumerable<TSqlStatement> body = procedure.StatementList.Statements.Count == 1 && procedure.StatementList.Statements[0] is BeginEndBlockStatement block
            ? block.StatementList.Statements
            : procedure.StatementList.Statements;

        // The header: the SETs (and IF ... SET) before the first other statement.
        List<TSqlStatement> header = body.TakeWhile(s => s is PredicateSetStatement or SetTransactionIsolationLevelStatement or IfStatement { ThenStatement: PredicateSetStatement }).ToList();
        var set = new Dictionary<SetOptions, bool>();
        foreach (PredicateSetStatement statement in header.OfType<PredicateSetStatement>())
        {
            foreach ((SetOptions option, _) in Required.Where(r => (statement.Options & r.Option) != 0))
            {
                set[option] = statement.IsOn;
            }
        }

        var wrong = Required.Where(r => !set.TryGetValue(r.Option, out bool on) || on != r.On).Select(r => $"{r.Option} {(r.On ? "ON" : "OFF")}").ToList();
        // The audit chain's writers take their lock, then read the last link: under a caller's SNAPSHOT they would not see
        // links committed after their transaction began (duplicate AuditLinkId); READ UNCOMMITTED would verify unfinished batches.
        if (!header.OfType<SetTransactionIsolationLevelStatement>().Any(s => s.Level == IsolationLevel.ReadCommitted))
        {
            wrong.Add("TRANSACTION ISOLATION LEVEL READ COMMITTED");
        }

        // With IMPLICIT_TRANSACTIONS ON (ODBC without autocommit) the procedure's first read would open a transaction that
        // outlives it, holding the audit chain's lock until the caller commits: off, when the caller has none open.
        if (!header.OfType<IfStatement>().Any(s => s.ThenStatement is PredicateSetStatement { IsOn: false } off && (off.Options & SetOptions.ImplicitTransactions) != 0))
        {
            wrong.Add("IF @@TRANCOUNT = 0 SET IMPLICIT_TRANSACTIONS OFF");
        }

        Assert.True(wrong.Count == 0, relativePath + " does not set, before its first other statement: " + string.Join(", ", wrong));
    }
}
