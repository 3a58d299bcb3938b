using System.Collections.Generic;

namespace DbScoring.SqlClr.Generation;

/// <summary>What a generator returns: problems with the facts (each a whole message), statements to execute, and values to print or store.</summary>
internal sealed class GeneratedSql
{
    /// <summary>Row kind: a problem (the procedure raises it with the others and stops).</summary>
    internal const string ProblemKind = "problem";

    /// <summary>Row kind: a statement for sys.sp_executesql, with its parameter declaration.</summary>
    internal const string StatementKind = "statement";

    /// <summary>Row kind: a value (a list for the run row, a notice to print).</summary>
    internal const string ValueKind = "value";

    private readonly List<GeneratedRow> _rows = new List<GeneratedRow>();

    /// <summary>Every row in the order produced.</summary>
    internal IReadOnlyList<GeneratedRow> Rows => _rows;

    /// <summary>True when at least one problem was reported.</summary>
    internal bool HasProblems
    {
        get
        {
            foreach (GeneratedRow row in _rows)
            {
                if (row.Kind == ProblemKind)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Adds a problem: one whole message that names the parameter it is about.</summary>
    internal void Problem(string message) => _rows.Add(new GeneratedRow(ProblemKind, "Problem", message, null));

    /// <summary>Adds a statement with the parameter declaration sys.sp_executesql needs (null when none).</summary>
    internal void Statement(string name, string text, string? parameters = null) => _rows.Add(new GeneratedRow(StatementKind, name, text, parameters));

    /// <summary>Adds a named value.</summary>
    internal void Value(string name, string text) => _rows.Add(new GeneratedRow(ValueKind, name, text, null));

    /// <summary>The text of the first row named <paramref name="name"/>, or null.</summary>
    internal string? Text(string name)
    {
        foreach (GeneratedRow row in _rows)
        {
            if (row.Name == name)
            {
                return row.Text;
            }
        }

        return null;
    }

    /// <summary>The problems, in order.</summary>
    internal List<string> Problems()
    {
        var list = new List<string>();
        foreach (GeneratedRow row in _rows)
        {
            if (row.Kind == ProblemKind)
            {
                list.Add(row.Text);
            }
        }

        return list;
    }
}

/// <summary>One row of <see cref="GeneratedSql"/>, as the table-valued function returns it.</summary>
internal sealed class GeneratedRow
{
    internal GeneratedRow(string kind, string name, string text, string? parameters)
    {
        Kind = kind;
        Name = name;
        Text = text;
        Parameters = parameters;
    }

    /// <summary><see cref="GeneratedSql.ProblemKind"/>, <see cref="GeneratedSql.StatementKind"/> or <see cref="GeneratedSql.ValueKind"/>.</summary>
    internal string Kind { get; }

    /// <summary>Statement or value name.</summary>
    internal string Name { get; }

    /// <summary>The message, statement text or value.</summary>
    internal string Text { get; }

    /// <summary>For statements: the sys.sp_executesql parameter declaration; null when it takes none.</summary>
    internal string? Parameters { get; }
}
