using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace DbScoring.Conversion.Data
{
    /// <summary>
    /// Writes RFC 4180 CSV: comma-separated, a field with a comma, quote or line break is quoted (quotes doubled), rows
    /// end with '\n'. Numbers are written round-trippable in the invariant culture (the shortest text that reads back as
    /// the same value, what <c>ToString(CultureInfo.InvariantCulture)</c> gives); NaN as an empty field. Fields are
    /// formatted straight into one reused buffer (no string per field), which goes to the writer when it fills up.
    /// Until session 7 this went through Sep's writer; a test checks the bytes are still the same as Sep writes them.
    /// </summary>
    public sealed class CsvWriter : IDisposable
    {
        /// <summary>Longest text of a float, double or long: "-1.7976931348623157E+308" is 24 characters.</summary>
        private const int LongestNumber = 32;

        private static readonly SearchValues<char> NeedQuotes = SearchValues.Create(",\"\r\n");

        private readonly TextWriter _writer;
        private readonly int _columns;
        private char[] _buffer = new char[1 << 16];
        private int _length;

        /// <summary>Writes to <paramref name="writer"/> (left open); <paramref name="header"/> is written first.</summary>
        public CsvWriter(TextWriter writer, IReadOnlyList<string> header)
        {
            _writer = writer;
            _columns = header.Count;
            using var row = NewRow();
            foreach (string name in header) row.Add(name);
        }

        /// <summary>Starts a row: add exactly as many fields as the header has; disposing the row writes it.</summary>
        public CsvRow NewRow() => new(this, _columns);

        /// <summary>Writes what is buffered to the writer and flushes it.</summary>
        public void Flush()
        {
            _writer.Write(_buffer, 0, _length);
            _length = 0;
            _writer.Flush();
        }

        /// <inheritdoc />
        public void Dispose() => Flush();

        /// <summary>Room for at least <paramref name="chars"/> more characters at the end of the buffer.</summary>
        private Span<char> Room(int chars)
        {
            if (_buffer.Length - _length < chars)
            {
                _writer.Write(_buffer, 0, _length);
                _length = 0;
                if (_buffer.Length < chars) _buffer = new char[Math.Max(chars, _buffer.Length * 2)];
            }
            return _buffer.AsSpan(_length);
        }

        internal void Separator()
        {
            Room(1)[0] = ',';
            _length++;
        }

        internal void EndRow()
        {
            Room(1)[0] = '\n';
            _length++;
        }

        internal void Text(ReadOnlySpan<char> text)
        {
            if (text.IndexOfAny(NeedQuotes) < 0)
            {
                text.CopyTo(Room(text.Length));
                _length += text.Length;
                return;
            }
            int quotes = text.Count('"');
            var room = Room(text.Length + quotes + 2);
            int at = 0;
            room[at++] = '"';
            foreach (char c in text)
            {
                if (c == '"') room[at++] = '"';
                room[at++] = c;
            }
            room[at++] = '"';
            _length += at;
        }

        internal void Number<T>(T value) where T : ISpanFormattable
        {
            if (!value.TryFormat(Room(LongestNumber), out int written, default, CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"{value} did not fit in {LongestNumber} characters.");
            _length += written;
        }
    }

    /// <summary>One row being written by <see cref="CsvWriter"/>; written when disposed.</summary>
    public ref struct CsvRow
    {
        private readonly CsvWriter _writer;
        private readonly int _columns;
        private int _column;

        internal CsvRow(CsvWriter writer, int columns)
        {
            _writer = writer;
            _columns = columns;
            _column = 0;
        }

        /// <summary>Adds a text field.</summary>
        public void Add(ReadOnlySpan<char> text)
        {
            Next();
            _writer.Text(text);
        }

        /// <summary>Adds a number: shortest round-trip text, empty for NaN (missing).</summary>
        public void Add(float value)
        {
            Next();
            if (!float.IsNaN(value)) _writer.Number(value);
        }

        /// <summary>Adds a whole number.</summary>
        public void Add(long value)
        {
            Next();
            _writer.Number(value);
        }

        /// <summary>Ends the row.</summary>
        public void Dispose()
        {
            if (_column != _columns) throw new InvalidOperationException($"A CSV row needs {_columns} fields; {_column} were added.");
            _writer.EndRow();
        }

        private void Next()
        {
            if (_column == _columns) throw new InvalidOperationException($"A CSV row has {_columns} fields; one more was added.");
            if (_column++ > 0) _writer.Separator();
        }
    }
}
