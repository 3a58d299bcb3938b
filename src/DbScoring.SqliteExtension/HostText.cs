using System;
using System.Runtime.InteropServices;
using System.Text;

namespace DbScoring.SqliteExtension
{
    /// <summary>UTF-8 text to and from SQLite.</summary>
    internal static unsafe class HostText
    {
        /// <summary>The UTF-8 bytes of <paramref name="text"/> followed by a NUL, for SQLite's C strings.</summary>
        internal static byte[] NulTerminated(string text)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
            Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 0);
            return bytes;
        }

        /// <summary>The UTF-8 bytes of <paramref name="text"/>, in <paramref name="scratch"/> when they fit.</summary>
        internal static ReadOnlySpan<byte> Utf8(string text, Span<byte> scratch)
        {
            if (Encoding.UTF8.GetMaxByteCount(text.Length) > scratch.Length) return Encoding.UTF8.GetBytes(text);
            int length = Encoding.UTF8.GetBytes(text, scratch);
            return scratch.Slice(0, length);
        }

        /// <summary>Text read from SQLite (pointer and byte count, no NUL needed).</summary>
        internal static string Read(byte* bytes, int length) =>
            length == 0 ? string.Empty : Encoding.UTF8.GetString(bytes, length);

        /// <summary>A C string from SQLite (UTF-8, NUL-terminated); empty for a NULL pointer.</summary>
        internal static string ReadNulTerminated(byte* text) =>
            text == null ? string.Empty : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text));

        /// <summary>
        /// The last text seen in one argument position: the same bytes give the same string without decoding or
        /// allocating again (input names, the model reference and repeated categories).
        /// </summary>
        internal sealed class Cache
        {
            private byte[] _bytes = new byte[64];
            private int _length = -1;
            private string _text = string.Empty;

            internal string Get(byte* bytes, int length)
            {
                var current = new ReadOnlySpan<byte>(bytes, length);
                if (length == _length && current.SequenceEqual(_bytes.AsSpan(0, length))) return _text;
                if (_bytes.Length < length) _bytes = new byte[Math.Max(length, _bytes.Length * 2)];
                current.CopyTo(_bytes);
                _length = length;
                _text = Read(bytes, length);
                return _text;
            }
        }
    }
}
