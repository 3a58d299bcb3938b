using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace DbScoring.Cli.Tests
{
    /// <summary>Reads a cell of a table the CLI printed to a pipe (left-aligned columns that start under their header).</summary>
    internal static class PlainTable
    {
        /// <summary>The cell of <paramref name="column"/> in the row whose first cell is <paramref name="firstCell"/>, trimmed.</summary>
        public static string Cell(string table, string firstCell, string column)
        {
            var lines = table.Replace("\r", "", StringComparison.Ordinal).Split('\n');
            var headers = Regex.Matches(lines[0], @"\S+(?: \S+)*").ToList(); // headers are separated by two spaces or more
            int index = headers.FindIndex(h => h.Value == column);
            if (index < 0) throw new ArgumentException($"No column {column} in: {lines[0]}");
            string row = lines.Skip(2).First(l => l.Split(' ')[0] == firstCell);
            int start = headers[index].Index, end = index + 1 < headers.Count ? headers[index + 1].Index : row.Length;
            return start >= row.Length ? "" : row.Substring(start, Math.Min(end, row.Length) - start).Trim();
        }
    }
}
