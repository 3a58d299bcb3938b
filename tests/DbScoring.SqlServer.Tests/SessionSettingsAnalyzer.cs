using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// Walks an installer script batch by batch, in order, the way sqlcmd runs it, and tracks the session settings its
/// top-level SET statements establish (a SET inside IF/BEGIN may not run, so it does not count). Every CREATE of a
/// procedure, function, view, trigger or table - directly, or inside <c>EXEC (N'...')</c> - is checked against the
/// settings SQL Server stores with it or needs when it runs: QUOTED_IDENTIFIER, ANSI_NULLS, ANSI_PADDING,
/// ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL ON and NUMERIC_ROUNDABORT OFF. The starting state is
/// "unknown" for every setting: classic sqlcmd connects with QUOTED_IDENTIFIER OFF, other clients differ.
/// </summary>
internal static class SessionSettingsAnalyzer
{
    internal static readonly (SetOptions Option, bool On)[] Required =
    {
        (SetOptions.QuotedIdentifier, true), (SetOptions.AnsiNulls, true), (SetOptions.AnsiPadding, true),
        (SetOptions.AnsiWarnings, true), (SetOptions.ArithAbort, true), (SetOptions.ConcatNullYieldsNull, true),
        (SetOptions.NumericRoundAbort, false),
    };

    /// <summary>One line per created object that would be created under a wrong or unknown setting; empty when all are right.</summary>
    internal static List<string> Problems(string script)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: false);
        TSqlFragment fragment = parser.Parse(new StringReader(script), out IList<ParseError> errors);
        if (errors.Count > 0)
        {
            return errors.Select(e => $"parse error line {e.Line}: {e.Message}").ToList();
        }

        var settings = new Dictionary<SetOptions, bool>();
        var problems = new List<string>();
        foreach (TSqlBatch batch in ((TSqlScript)fragment).Batches)
        {
            foreach (TSqlStatement statement in batch.Statements)
            {
                if (statement is PredicateSetStatement set)
                {
                    foreach ((SetOptions option, _) in Required.Where(r => (set.Options & r.Option) != 0))
                    {
                        settings[option] = set.IsOn;
                    }

                    continue;
                }

                Check(statement, settings, problems);
            }
        }

        return problems;
    }

    private static void Check(TSqlFragment fragment, Dictionary<SetOptions, bool> settings, List<string> problems)
    {
        var finder = new CreatedObjects();
        fragment.Accept(finder);
        foreach ((string what, int line) in finder.Created)
        {
            string[] wrong = Required.Where(r => !settings.TryGetValue(r.Option, out bool on) || on != r.On)
                                     .Select(r => $"{r.Option} {(r.On ? "ON" : "OFF")}").ToArray();
            if (wrong.Length > 0)
            {
                problems.Add($"line {line}: {what} is created without {string.Join(", ", wrong)}");
            }
        }

        foreach (string dynamicSql in finder.DynamicSql)
        {
            TSqlFragment inner = new TSql160Parser(settings.GetValueOrDefault(SetOptions.QuotedIdentifier)).Parse(new StringReader(dynamicSql), out IList<ParseError> errors);
            if (errors.Count == 0)
            {
                Check(inner, settings, problems);
            }
        }
    }

    private sealed class CreatedObjects : TSqlFragmentVisitor
    {
        internal List<(string What, int Line)> Created { get; } = new();

        internal List<string> DynamicSql { get; } = new();

        public override void Visit(ProcedureStatementBody node) => Created.Add(("procedure " + Name(node.ProcedureReference.Name), node.StartLine));

        public override void Visit(FunctionStatementBody node) => Created.Add(("function " + Name(node.Name), node.StartLine));

        public override void Visit(ViewStatementBody node) => Created.Add(("view " + Name(node.SchemaObjectName), node.StartLine));

        public override void Visit(TriggerStatementBody node) => Created.Add(("trigger " + Name(node.Name), node.StartLine));

        public override void Visit(CreateTableStatement node) => Created.Add(("table " + Name(node.SchemaObjectName), node.StartLine));

        public override void Visit(ExecutableStringList node)
        {
            if (node.Strings.All(s => s is StringLiteral))
            {
                DynamicSql.Add(string.Concat(node.Strings.Cast<StringLiteral>().Select(s => s.Value)));
            }
        }

        private static string Name(SchemaObjectName name) => string.Join(".", name.Identifiers.Select(i => i.Value));
    }
}
