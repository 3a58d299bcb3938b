using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// A row's inputs as the UTF-8 text SQLite's <c>json_object('In1', c1, 'In2', c2, …)</c> returns for them, built in C#
    /// from the columns of the row being read: score-table logs, hashes and chains this text, so it must be the same bytes
    /// (SqliteJsonObjectTests checks it against the SQLite library the store runs on). Building it here instead of in
    /// SQL spares SQLite's printf for every REAL value (about 1.9 µs a row of 14 inputs, docs/performance.md).
    /// </summary>
    /// <remarks>
    /// As json_object: NULL is <c>null</c>; INTEGER its decimal digits; REAL <see cref="SqliteRealText"/>; TEXT its bytes in
    /// quotes with <c>"</c> and <c>\</c> escaped by a backslash, the control characters below U+0020 as <c>\b \t \n \f \r</c>
    /// or <c>\u00xx</c> (lower-case hex), every other byte (any UTF-8, and bytes that are not UTF-8) unchanged; a BLOB is
    /// refused, as json_object refuses it. Labels are written the way texts are.
    /// </remarks>
    internal sealed class SqliteJsonObject
    {
        /// <summary>The bytes a TEXT value cannot hold unescaped: the controls, <c>"</c> and <c>\</c>.</summary>
        private static readonly SearchValues<byte> Escaped = SearchValues.Create(Escapes());

        private readonly byte[][] _labels;
        private readonly string[] _names;

        /// <param name="names">The object's labels in order (the model's input names).</param>
        internal SqliteJsonObject(IReadOnlyList<string> names)
        {
            _names = new string[names.Count];
            _labels = new byte[names.Count][];
            for (int i = 0; i < names.Count; i++)
            {
                _names[i] = names[i];
                // "{" or "," then the label as a JSON text and ":" — written once, copied for every row.
                byte[] name = Encoding.UTF8.GetBytes(names[i]);
                var label = new byte[2 + MaxText(name.Length) + 1];
                label[0] = i == 0 ? (byte)'{' : (byte)',';
                int length = 1 + WriteText(name, label.AsSpan(1));
                label[length++] = (byte)':';
                _labels[i] = label.AsSpan(0, length).ToArray();
            }
        }

        /// <summary>
        /// Appends label <paramref name="label"/> and its value to the object being written in <paramref name="buffer"/> (the
        /// labels in order, from 0; <see cref="Close"/> after the last).
        /// </summary>
        /// <param name="buffer">Holds the object from its start; grown when too small.</param>
        /// <param name="at">Where the object ends so far; moved past what is written.</param>
        /// <param name="label">Which label, in order.</param>
        /// <param name="value">The value as <see cref="SqliteRawStatement.Value(int, out ReadOnlySpan{byte})"/> read it from the row:
        /// its type is the column's storage class (null, long, double, string, byte[]).</param>
        /// <param name="text">For a string, the TEXT value's own bytes (a string may have lost bytes that are not UTF-8, or
        /// everything after a NUL; json_object writes them all as they are).</param>
        /// <param name="rowKey">Names the row in the error for a BLOB value.</param>
        internal void Append(ref byte[] buffer, ref int at, int label, object? value, ReadOnlySpan<byte> text, string rowKey)
        {
            byte[] name = _labels[label];
            int most = name.Length + (value is string ? MaxText(text.Length) : SqliteRealText.MaxBytes) + 1;
            if (at + most > buffer.Length) Array.Resize(ref buffer, Math.Max(at + most, 2 * buffer.Length));
            var output = buffer.AsSpan(at);
            name.CopyTo(output);
            int n = name.Length;
            switch (value)
            {
                case null:
                    "null"u8.CopyTo(output.Slice(n));
                    n += 4;
                    break;
                case long integer:
                    Utf8Formatter.TryFormat(integer, output.Slice(n), out int digits);
                    n += digits;
                    break;
                case double real:
                    n += SqliteRealText.Write(real, output.Slice(n));
                    break;
                case string:
                    n += WriteText(text, output.Slice(n));
                    break;
                default:
                    throw new InvalidOperationException(
                        $"Input '{_names[label]}' of the source row with key {rowKey} holds a BLOB. The logged inputs are JSON, which cannot hold BLOB values " +
                        "(as SQLite's json_object refuses them): give the input as a number or a text, for example through a view that casts the column.");
            }
            at += n;
        }

        /// <summary>Ends the object (after the last label, or at once without labels: <c>{}</c>).</summary>
        internal void Close(ref byte[] buffer, ref int at)
        {
            if (at + 2 > buffer.Length) Array.Resize(ref buffer, Math.Max(at + 2, 2 * buffer.Length));
            if (_labels.Length == 0) buffer[at++] = (byte)'{';
            buffer[at++] = (byte)'}';
        }

        /// <summary>The number of labels.</summary>
        internal int Count => _labels.Length;

        /// <summary>The most bytes a text of <paramref name="bytes"/> bytes takes as a JSON text: every byte as \u00xx, and the quotes.</summary>
        private static int MaxText(int bytes) => 6 * bytes + 2;

        /// <summary>Writes <paramref name="utf8"/> as a quoted JSON text the way SQLite's jsonAppendString does; returns the bytes written.</summary>
        private static int WriteText(ReadOnlySpan<byte> utf8, Span<byte> output)
        {
            int at = 0;
            output[at++] = (byte)'"';
            while (true)
            {
                int plain = utf8.IndexOfAny(Escaped);
                if (plain < 0)
                {
                    utf8.CopyTo(output.Slice(at));
                    at += utf8.Length;
                    break;
                }
                utf8.Slice(0, plain).CopyTo(output.Slice(at));
                at += plain;
                byte c = utf8[plain];
                output[at++] = (byte)'\\';
                switch (c)
                {
                    case (byte)'"': case (byte)'\\': output[at++] = c; break;
                    case (byte)'\b': output[at++] = (byte)'b'; break;
                    case (byte)'\t': output[at++] = (byte)'t'; break;
                    case (byte)'\n': output[at++] = (byte)'n'; break;
                    case (byte)'\f': output[at++] = (byte)'f'; break;
                    case (byte)'\r': output[at++] = (byte)'r'; break;
                    default:
                        output[at++] = (byte)'u';
                        output[at++] = (byte)'0';
                        output[at++] = (byte)'0';
                        output[at++] = (byte)('0' + (c >> 4));
                        output[at++] = (byte)"0123456789abcdef"[c & 0xf];
                        break;
                }
                utf8 = utf8.Slice(plain + 1);
            }
            output[at++] = (byte)'"';
            return at;
        }

        private static byte[] Escapes()
        {
            var bytes = new List<byte> { (byte)'"', (byte)'\\' };
            for (int c = 0; c < 0x20; c++) bytes.Add((byte)c);
            return bytes.ToArray();
        }
    }
}
