using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace DbScoring.Conversion.Data
{
    /// <summary>
    /// Streams a delimited text file with a header row: comma or tab (detected from the header: tab when it has one),
    /// RFC 4180 quotes ("" inside quotes is a quote; quoted fields may span lines), white space around unquoted
    /// fields trimmed. Reads one row at a time, so memory stays constant for any file size.
    /// </summary>
    public sealed class CsvReader : IDisposable
    {
        private readonly TextReader _reader;
        private readonly StringBuilder _field = new();
        private string? _pending;
        private long _physicalLine;

        /// <summary>Opens <paramref name="reader"/> and reads the header row.</summary>
        public CsvReader(TextReader reader, string source)
        {
            _reader = reader ?? throw new ArgumentNullException(nameof(reader));
            Source = source;
            string? first = PeekFirstLine();
            if (first == null) throw new InvalidDataException($"{source} is empty: a header row with column names is required.");
            Delimiter = first.Contains('\t') ? '\t' : ',';
            var header = new List<string>();
            if (!ReadRecord(header)) throw new InvalidDataException($"{source} is empty: a header row with column names is required.");
            Header = header.ToArray();
        }

        /// <summary>Name of the file, for messages.</summary>
        public string Source { get; }

        /// <summary>The detected delimiter.</summary>
        public char Delimiter { get; }

        /// <summary>Column names from the header row.</summary>
        public IReadOnlyList<string> Header { get; }

        /// <summary>1-based line number where the last row read started.</summary>
        public long LineNumber { get; private set; }

        /// <summary>Opens a file.</summary>
        public static CsvReader Open(string path) =>
            new(new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16), Path.GetFileName(path));

        /// <summary>Reads the next row into <paramref name="fields"/>; false at the end. Blank lines are skipped.</summary>
        public bool ReadRow(List<string> fields)
        {
            while (true)
            {
                if (!ReadRecord(fields)) return false;
                if (fields.Count == 1 && fields[0].Length == 0) continue;
                return true;
            }
        }

        private string? PeekFirstLine()
        {
            _pending = _reader.ReadLine();
            return _pending;
        }

        private string? NextLine()
        {
            string? line;
            if (_pending != null) { line = _pending; _pending = null; }
            else line = _reader.ReadLine();
            if (line != null) _physicalLine++;
            return line;
        }

        private bool ReadRecord(List<string> fields)
        {
            fields.Clear();
            string? line = NextLine();
            if (line == null) return false;
            LineNumber = _physicalLine;
            int i = 0;
            while (true)
            {
                _field.Clear();
                while (i < line.Length && (line[i] == ' ' || (line[i] == '\t' && Delimiter != '\t'))) i++;
                if (i < line.Length && line[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (i >= line.Length)
                        {
                            string? next = NextLine();
                            if (next == null) throw new InvalidDataException($"{Source} line {LineNumber}: a quoted field is not closed.");
                            _field.Append('\n');
                            line = next;
                            i = 0;
                            continue;
                        }
                        char c = line[i++];
                        if (c == '"')
                        {
                            if (i < line.Length && line[i] == '"') { _field.Append('"'); i++; }
                            else break;
                        }
                        else _field.Append(c);
                    }
                    while (i < line.Length && line[i] != Delimiter) i++;
                    fields.Add(_field.ToString());
                }
                else
                {
                    int start = i;
                    while (i < line.Length && line[i] != Delimiter) i++;
                    fields.Add(line.Substring(start, i - start).TrimEnd(' ', '\t', '\r'));
                }
                if (i >= line.Length) return true;
                i++; // delimiter
            }
        }

        /// <inheritdoc />
        public void Dispose() => _reader.Dispose();
    }
}
