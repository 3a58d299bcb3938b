using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DbScoring.Cli
{
    /// <summary>
    /// A table of results: plain aligned columns (a header, a rule, the rows) when written to a file or pipe, so scripts
    /// and tests can parse it; a Spectre.Console table when written to an interactive terminal (<see cref="TerminalWriter"/>).
    /// </summary>
    public sealed class TextTable
    {
        private readonly string[] _headers;
        private readonly List<string[]> _rows = new();
        private readonly bool[] _textSeen; // a column holding only numbers (or nothing) is right-aligned on a terminal

        /// <summary>Creates a table with these column headers.</summary>
        public TextTable(params string[] headers)
        {
            _headers = headers;
            _textSeen = new bool[headers.Length];
        }

        /// <summary>Adds a row (null cells print empty).</summary>
        public TextTable Add(params object?[] cells)
        {
            for (int i = 0; i < cells.Length && i < _textSeen.Length; i++)
                if (cells[i] is not (null or long or int or double or float or decimal)) _textSeen[i] = true;
            _rows.Add(cells.Select(c => c switch
            {
                null => "",
                double d => d.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture),
                float f => f.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture),
                long l => l.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                DateTime t => StoreAccess.Time(t),
                _ => Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            }).ToArray());
            return this;
        }

        /// <summary>Number of rows added.</summary>
        public int Count => _rows.Count;

        /// <summary>Writes the table, indented by <paramref name="indent"/>: drawn on a terminal, plain columns otherwise.</summary>
        public void Write(TextWriter o, string indent = "")
        {
            if (o is TerminalWriter terminal)
            {
                TerminalTable.Write(terminal, _headers, _rows, _headers.Select((_, i) => _rows.Count > 0 && !_textSeen[i]).ToArray(), indent.Length);
                return;
            }
            var widths = _headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
            o.WriteLine(indent + string.Join("  ", _headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
            o.WriteLine(indent + string.Join("  ", widths.Select(w => new string('-', w))));
            foreach (var row in _rows)
                o.WriteLine(indent + string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }
}
