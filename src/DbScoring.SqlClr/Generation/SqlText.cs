using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DbScoring.SqlClr.Generation;

/// <summary>T-SQL text pieces: identifiers quoted like QUOTENAME, string literals, lists.</summary>
internal static class SqlText
{
    /// <summary>Line break used in generated statements.</summary>
    internal const string NewLine = "\n";

    /// <summary><c>QUOTENAME(name)</c>: brackets, with <c>]</c> doubled. Every identifier that reaches generated SQL goes through here.</summary>
    internal static string Quote(string name) => "[" + name.Replace("]", "]]") + "]";

    /// <summary><c>[schema].[name]</c>.</summary>
    internal static string Quote(string schema, string name) => Quote(schema) + "." + Quote(name);

    /// <summary>A Unicode string literal (<c>N'...'</c>, quotes doubled), or <c>NULL</c>.</summary>
    internal static string Literal(string? value) => value is null ? "NULL" : "N'" + value.Replace("'", "''") + "'";

    /// <summary>A number literal, or <c>NULL</c>.</summary>
    internal static string Literal(int? value) => value is null ? "NULL" : value.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Joins <paramref name="items"/> with <paramref name="separator"/>.</summary>
    internal static string Join(string separator, IList<string> items)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }

            sb.Append(items[i]);
        }

        return sb.ToString();
    }

    /// <summary>True for a collation name as sys.columns reports it (letters, digits, _): safe to write unquoted after COLLATE.</summary>
    internal static bool IsCollationName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name!.Length > 128)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Splits a comma-separated list of one-part column names; each may be <c>[bracketed]</c> (with <c>]]</c> for
    /// <c>]</c>) or <c>"quoted"</c> and may then contain commas. Returns null when the list is malformed.
    /// </summary>
    internal static List<string>? SplitNames(string? list)
    {
        if (list is null)
        {
            return null;
        }

        var names = new List<string>();
        int pos = 0;
        while (true)
        {
            while (pos < list.Length && char.IsWhiteSpace(list[pos]))
            {
                pos++;
            }

            var name = new StringBuilder();
            if (pos < list.Length && (list[pos] == '[' || list[pos] == '"'))
            {
                char close = list[pos] == '[' ? ']' : '"';
                pos++;
                bool closed = false;
                while (pos < list.Length)
                {
                    if (list[pos] == close)
                    {
                        if (pos + 1 < list.Length && list[pos + 1] == close)
                        {
                            name.Append(close);
                            pos += 2;
                            continue;
                        }

                        pos++;
                        closed = true;
                        break;
                    }

                    name.Append(list[pos++]);
                }

                if (!closed)
                {
                    return null;
                }
            }
            else
            {
                while (pos < list.Length && list[pos] != ',')
                {
                    if (list[pos] == '[' || list[pos] == ']' || list[pos] == '"' || list[pos] == '.')
                    {
                        return null;
                    }

                    name.Append(list[pos++]);
                }
            }

            string trimmed = name.ToString().Trim();
            if (trimmed.Length == 0 || trimmed.Length > 128)
            {
                return null;
            }

            names.Add(trimmed);
            while (pos < list.Length && char.IsWhiteSpace(list[pos]))
            {
                pos++;
            }

            if (pos >= list.Length)
            {
                return names;
            }

            if (list[pos] != ',')
            {
                return null;
            }

            pos++;
        }
    }
}
