using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using nietras.SeparatedValues;

namespace DbScoring.Conversion.Data
{
    /// <summary>
    /// Streams a delimited text file with a header row, through Sep: comma or tab (tab when the header line has one),
    /// RFC 4180 quotes ("" inside quotes is a quote; quoted fields may span lines), spaces around fields outside quotes
    /// trimmed, blank lines skipped, a row with fewer fields than the header reads the rest as empty. One row at a
    /// time, so memory stays constant for any file size. The one CSV reader of the product: the CLI's <c>score</c>,
    /// the demo's loader and the parity gate's sample all read through it.
    /// </summary>
    public sealed class CsvReader : IDisposable
    {
        private readonly SepReader _reader;
        private readonly Stream _file;
        private bool _hasRow;

        private CsvReader(SepReader reader, Stream file, char delimiter, string source)
        {
            _reader = reader;
            _file = file;
            Source = source;
            Delimiter = delimiter;
            if (!NextRecord()) throw new InvalidDataException($"{source} is empty: a header row with column names is required.");
            var row = _reader.Current;
            var header = new string[row.ColCount];
            for (int i = 0; i < header.Length; i++) header[i] = row[i].ToString();
            Header = header;
        }

        /// <summary>Name of the file, for messages.</summary>
        public string Source { get; }

        /// <summary>The detected delimiter.</summary>
        public char Delimiter { get; }

        /// <summary>Column names from the header row.</summary>
        public IReadOnlyList<string> Header { get; }

        /// <summary>1-based line number where the current row starts (rows may span lines).</summary>
        public long LineNumber { get; private set; }

        /// <summary>Bytes of the file read so far (ahead of the current row by at most a buffer), for progress displays.</summary>
        public long BytesRead => _file.CanSeek ? _file.Position : 0;

        /// <summary>Size of the file in bytes.</summary>
        public long Length => _file.CanSeek ? _file.Length : 0;

        /// <summary>Fields in the current row (may differ from the header's count).</summary>
        public int FieldCount => _hasRow ? _reader.Current.ColCount : 0;

        /// <summary>Opens a file (UTF-8, a byte order mark is honoured).</summary>
        public static CsvReader Open(string path)
        {
            char delimiter = DetectDelimiter(path);
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            SepReader reader;
            try
            {
                // From our own stream (not FromFile) so that BytesRead can tell a progress display how far the read is.
                reader = Sep.New(delimiter).Reader(o => o with
                {
                    HasHeader = false,          // the header is read as the first record: duplicate or empty names stay the caller's to judge
                    Unescape = true,
                    Trim = SepTrim.Outer,
                    DisableColCountCheck = true,
                    // Repeated short values (categories, small numbers) share one string instead of allocating per row.
                    CreateToString = SepToString.PoolPerCol(maximumStringLength: 32),
                }).From(new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true));
            }
            catch
            {
                file.Dispose();
                throw;
            }
            try
            {
                return new CsvReader(reader, file, delimiter, Path.GetFileName(path));
            }
            catch
            {
                reader.Dispose();
                file.Dispose();
                throw;
            }
        }

        /// <summary>Moves to the next row; false at the end. Blank lines are skipped.</summary>
        public bool ReadRow()
        {
            while (NextRecord())
            {
                var row = _reader.Current;
                if (row.ColCount > 1 || row[0].Span.Length > 0) return true;
            }
            return false;
        }

        /// <summary>Reads the next row into <paramref name="fields"/>; false at the end. Blank lines are skipped.</summary>
        public bool ReadRow(List<string> fields)
        {
            fields.Clear();
            if (!ReadRow()) return false;
            var row = _reader.Current;
            for (int i = 0; i < row.ColCount; i++) fields.Add(row[i].ToString());
            return true;
        }

        /// <summary>Field <paramref name="index"/> of the current row, unquoted and trimmed; empty past the row's last field.</summary>
        public ReadOnlySpan<char> Field(int index) => index < FieldCount ? _reader.Current[index].Span : ReadOnlySpan<char>.Empty;

        /// <summary>Field <paramref name="index"/> as a string (repeated short values share one instance); "" past the row's last field.</summary>
        public string FieldText(int index) => index < FieldCount ? _reader.Current[index].ToString() : "";

        private bool NextRecord()
        {
            _hasRow = _reader.MoveNext();
            if (!_hasRow) return false;
            var row = _reader.Current;
            LineNumber = row.LineNumberFrom;
            // Sep reads an unclosed quote to the end of the file as one field; RFC 4180 wants it closed.
            if (System.MemoryExtensions.Count(row.Span, '"') % 2 != 0)
                throw new InvalidDataException($"{Source} line {LineNumber}: a quoted field is not closed.");
            return true;
        }

        /// <summary>Tab when the first line holds one, else comma.</summary>
        private static char DetectDelimiter(string path)
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            string? first = reader.ReadLine();
            return first != null && first.Contains('\t') ? '\t' : ',';
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _reader.Dispose();
            _file.Dispose();
        }
    }
}
