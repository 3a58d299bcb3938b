using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using nietras.SeparatedValues;

namespace DbScoring.Conversion.Data
{
    /// <summary>
    /// Writes RFC 4180 CSV through Sep: comma-separated, a field with a comma, quote or line break is quoted (quotes
    /// doubled), rows end with '\n'. Numbers are written round-trippable in the invariant culture; NaN as an empty field.
    /// </summary>
    public sealed class CsvWriter : IDisposable
    {
        private readonly SepWriter _writer;
        private readonly int _columns;

        /// <summary>Writes to <paramref name="writer"/> (left open); <paramref name="header"/> is written first.</summary>
        public CsvWriter(TextWriter writer, IReadOnlyList<string> header)
        {
            _writer = Sep.New(',').Writer(o => o with { WriteHeader = false, Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(writer, leaveOpen: true);
            _columns = header.Count;
            using var row = NewRow();
            foreach (string name in header) row.Add(name);
        }

        /// <summary>Starts a row: add exactly as many fields as the header has; disposing the row writes it.</summary>
        public CsvRow NewRow() => new(_writer.NewRow(), _columns);

        /// <summary>Flushes what was written.</summary>
        public void Flush() => _writer.Flush();

        /// <inheritdoc />
        public void Dispose() => _writer.Dispose();
    }

    /// <summary>One row being written by <see cref="CsvWriter"/>; written when disposed.</summary>
    public ref struct CsvRow
    {
        private SepWriter.Row _row;
        private readonly int _columns;
        private int _column;

        internal CsvRow(SepWriter.Row row, int columns)
        {
            _row = row;
            _columns = columns;
            _column = 0;
        }

        /// <summary>Adds a text field.</summary>
        public void Add(ReadOnlySpan<char> text) => _row[_column++].Set(text);

        /// <summary>Adds a number: shortest round-trip text, empty for NaN (missing).</summary>
        public void Add(float value)
        {
            if (float.IsNaN(value)) _row[_column++].Set(ReadOnlySpan<char>.Empty);
            else _row[_column++].Format(value);
        }

        /// <summary>Adds a whole number.</summary>
        public void Add(long value) => _row[_column++].Format(value);

        /// <summary>Writes the row.</summary>
        public void Dispose()
        {
            if (_column != _columns) throw new InvalidOperationException($"A CSV row needs {_columns} fields; {_column} were added.");
            _row.Dispose();
        }
    }
}
