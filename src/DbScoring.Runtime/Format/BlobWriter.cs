using System;
using System.Collections.Generic;
using System.Text;

namespace DbScoring.Runtime.Format
{
    /// <summary>
    /// Little-endian writer of the primitives read by <see cref="BlobReader"/>. Output is deterministic:
    /// the same calls always produce the same bytes.
    /// </summary>
    /// <remarks>
    /// Primitives: u8, u16, i32, u32, f32, f64 little-endian; text = u32 byte length + UTF-8 (strict);
    /// arrays = u32 count + items. Mirrors <see cref="BlobReader"/>.
    /// </remarks>
    public sealed class BlobWriter
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);
        private byte[] _buffer = new byte[256];
        private int _length;

        /// <summary>Bytes written so far.</summary>
        public int Length => _length;

        /// <summary>The buffer itself (its first <see cref="Length"/> bytes are the ones written), to hash without a copy.</summary>
        internal byte[] RawBuffer => _buffer;

        /// <summary>Forgets the bytes written and keeps the buffer (a record encoder reused row after row).</summary>
        public void Clear() => _length = 0;

        /// <summary>SHA-256 of the bytes written (<see cref="Sha256.Fastest"/>), without copying them.</summary>
        public byte[] Sha256Digest() => Sha256.Fastest(_buffer, 0, _length);

        /// <summary>Returns a copy of the bytes written.</summary>
        public byte[] ToArray()
        {
            var result = new byte[_length];
            Buffer.BlockCopy(_buffer, 0, result, 0, _length);
            return result;
        }

        /// <summary>Writes one byte.</summary>
        public void WriteByte(byte value)
        {
            Ensure(1);
            _buffer[_length++] = value;
        }

        /// <summary>Writes a boolean as one byte, 0 or 1.</summary>
        public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

        /// <summary>Writes an unsigned 16-bit integer.</summary>
        public void WriteUInt16(ushort value)
        {
            Ensure(2);
            _buffer[_length++] = (byte)value;
            _buffer[_length++] = (byte)(value >> 8);
        }

        /// <summary>Writes a signed 32-bit integer.</summary>
        public void WriteInt32(int value)
        {
            Ensure(4);
            _buffer[_length++] = (byte)value;
            _buffer[_length++] = (byte)(value >> 8);
            _buffer[_length++] = (byte)(value >> 16);
            _buffer[_length++] = (byte)(value >> 24);
        }

        /// <summary>Writes an unsigned 32-bit integer.</summary>
        public void WriteUInt32(uint value) => WriteInt32(unchecked((int)value));

        /// <summary>Writes a signed 64-bit integer (low half first).</summary>
        public void WriteInt64(long value)
        {
            WriteInt32(unchecked((int)value));
            WriteInt32(unchecked((int)(value >> 32)));
        }

        /// <summary>Writes a 32-bit float, bit for bit (NaN payloads included).</summary>
        public void WriteSingle(float value) => WriteBytes(BitConverter.GetBytes(value));

        /// <summary>Writes a 64-bit double, bit for bit.</summary>
        public void WriteDouble(double value) => WriteBytes(BitConverter.GetBytes(value));

        /// <summary>Writes length-prefixed UTF-8 text. Null is not allowed.</summary>
        public void WriteString(string value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            // Encoded straight into the buffer: no array per string (audit records encode every text of every logged row).
            int count = StrictUtf8.GetByteCount(value);
            WriteInt32(count);
            Ensure(count);
            _length += StrictUtf8.GetBytes(value, 0, value.Length, _buffer, _length);
        }

        /// <summary>Writes <paramref name="count"/> bytes of <paramref name="bytes"/> from <paramref name="offset"/>.</summary>
        public void WriteBytes(byte[] bytes, int offset, int count)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            if (offset < 0 || count < 0 || count > bytes.Length - offset) throw new ArgumentOutOfRangeException(nameof(count));
            Ensure(count);
            Buffer.BlockCopy(bytes, offset, _buffer, _length, count);
            _length += count;
        }

        /// <summary>Writes raw bytes.</summary>
        public void WriteBytes(byte[] bytes)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            Ensure(bytes.Length);
            Buffer.BlockCopy(bytes, 0, _buffer, _length, bytes.Length);
            _length += bytes.Length;
        }

        /// <summary>Writes a count-prefixed array of floats.</summary>
        public void WriteSingleArray(IReadOnlyList<float> values)
        {
            WriteInt32(values.Count);
            for (int i = 0; i < values.Count; i++) WriteSingle(values[i]);
        }

        /// <summary>Writes a count-prefixed array of doubles.</summary>
        public void WriteDoubleArray(IReadOnlyList<double> values)
        {
            WriteInt32(values.Count);
            for (int i = 0; i < values.Count; i++) WriteDouble(values[i]);
        }

        /// <summary>Writes a count-prefixed array of 32-bit integers.</summary>
        public void WriteInt32Array(IReadOnlyList<int> values)
        {
            WriteInt32(values.Count);
            for (int i = 0; i < values.Count; i++) WriteInt32(values[i]);
        }

        /// <summary>Writes a count-prefixed array of 64-bit integers.</summary>
        public void WriteInt64Array(IReadOnlyList<long> values)
        {
            WriteInt32(values.Count);
            for (int i = 0; i < values.Count; i++) WriteInt64(values[i]);
        }

        /// <summary>Writes a count-prefixed array of texts.</summary>
        public void WriteStringArray(IReadOnlyList<string> values)
        {
            WriteInt32(values.Count);
            for (int i = 0; i < values.Count; i++) WriteString(values[i]);
        }

        /// <summary>
        /// Reserves a u32 length field and returns its position; call <see cref="EndLength"/> after writing the body.
        /// (No delegates here: lambdas would add writable static caches, which SQL Server's SAFE mode refuses.)
        /// </summary>
        public int BeginLength()
        {
            int at = _length;
            WriteInt32(0);
            return at;
        }

        /// <summary>Fills in the length field reserved by <see cref="BeginLength"/> with the bytes written since.</summary>
        public void EndLength(int lengthPosition)
        {
            int bodyLength = _length - lengthPosition - 4;
            _buffer[lengthPosition] = (byte)bodyLength;
            _buffer[lengthPosition + 1] = (byte)(bodyLength >> 8);
            _buffer[lengthPosition + 2] = (byte)(bodyLength >> 16);
            _buffer[lengthPosition + 3] = (byte)(bodyLength >> 24);
        }

        private void Ensure(int extra)
        {
            if (_length + extra <= _buffer.Length) return;
            int size = Math.Max(_buffer.Length * 2, _length + extra);
            Array.Resize(ref _buffer, size);
        }
    }
}
