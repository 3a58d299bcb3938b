using System;
using System.Collections.Generic;
using System.Linq;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DbScoring.Cli
{
    /// <summary>Draws a <see cref="TextTable"/> on a terminal with Spectre.Console: bold headers, numbers right-aligned, statuses coloured.</summary>
    internal static class TerminalTable
    {
        internal static void Write(TerminalWriter terminal, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, bool[] numeric, int indent)
        {
            var table = new Table().Border(TableBorder.Rounded);
            for (int i = 0; i < headers.Count; i++)
                table.AddColumn(new TableColumn(new Text(headers[i], new Style(decoration: Decoration.Bold))) { Alignment = numeric[i] ? Justify.Right : Justify.Left });
            foreach (var row in rows)
                table.AddRow(Enumerable.Range(0, headers.Count).Select(i => (IRenderable)Cell(i < row.Length ? row[i] : "")).ToArray());
            terminal.Console().Write(indent > 0 ? new Padder(table, new Padding(indent, 0, 0, 0)) : table);
        }

        /// <summary>The product's status words in the colour people expect (only painted when colour is on).</summary>
        private static Text Cell(string text) => new Text(text, text switch
        {
            "Succeeded" or "Scored" or "verified" or "ok" => new Style(Color.Green),
            "Failed" or "Refused" or "Alert" or "broken" => new Style(Color.Red),
            "Running" or "Abandoned" or "Fallback" or "Warning" => new Style(Color.Yellow),
            _ => Style.Plain,
        });
    }
}
