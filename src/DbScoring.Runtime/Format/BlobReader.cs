using System;
using System.Text;

namespace DbScoring.Runtime.Format
{
    /// <summary>
    /// Bounds-checked little-endian reader over one region of a blob. Every count is checked against the bytes
    /// that remain before anything is allocated, so absurd lengths fail fast with <see cref="ModelFormatException"/>.
    /// </summary>
    /// <remarks>
    /// Primitives: u8, u16, i32, u32, f32, f64 little-endian; text = u32 byte length + UTF-8 (strict);
    /// arrays = u32 count + items. Mirrors <see cref="BlobWriter"/>.
    /// </remarks>
    public sealed partial class BlobReader
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);
        private readonly byte[] _bytes;
        private readonly int _end;
        private int _position;

        /// <summary>Reads <paramref name="bytes"/>[<paramref name="start"/>, <paramref name="end"/>); <paramref name="context"/> names the region in errors.</summary>
        public BlobReader(byte[] bytes, int start, int end, string context)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            if (start < 0 || end > bytes.Length || start > end) throw new ArgumentOutOfRangeException(nameof(start));
            _bytes = bytes;
            _position = start;
            _end = end;
            Context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>What this reader covers, e.g. "section Pipeline"; used in error messages.</summary>
        public string Context { get; }

        /// <summary>Absolute byte offset of the next read.</summary>
        public int Position => _position;

        /// <summary>Bytes left in this region.</summary>
        public int Remaining => _end - _position;

        /// <summary>
        /// The precomputed test orders of the blob's QuickScorerOrder section (8), handed to the tree ensembles as the
        /// Predictor section is read; null when the blob has none. Slices inherit it. (Carried by the reader so that the
        /// predictor readers between the serializer and the ensembles need not pass it along.)
        /// </summary>
        internal StoredTestOrders? TestOrders { get; set; }

        /// <summary>Creates a reader over the next <paramref name="length"/> bytes and advances past them.</summary>
        public BlobReader Slice(int length, string context)
        {
            Require(length);
            var slice = new BlobReader(_bytes, _position, _position + length, context) { TestOrders = TestOrders };
            _position += length;
            return slice;
        }

        /// <summary>Reads one byte.</summary>
        public byte ReadByte()
        {
            Require(1);
            return _bytes[_position++];
        }

        /// <summary>Reads a byte that must be 0 or 1.</summary>
        public bool ReadBoolean()
        {
            int at = _position;
            byte b = ReadByte();
            if (b > 1) throw Fail($"expected a boolean (0 or 1) but found {b}", at);
            return b == 1;
        }

        /// <summary>Reads an unsigned 16-bit integer.</summary>
        public ushort ReadUInt16()
        {
            Require(2);
            ushort v = (ushort)(_bytes[_position] | (_bytes[_position + 1] << 8));
            _position += 2;
            return v;
        }

        /// <summary>Reads a signed 32-bit integer.</summary>
        public int ReadInt32()
        {
            Require(4);
            int v = _bytes[_position] | (_bytes[_position + 1] << 8) | (_bytes[_position + 2] << 16) | (_bytes[_position + 3] << 24);
            _position += 4;
            return v;
        }

        /// <summary>Reads an unsigned 32-bit integer.</summary>
        public uint ReadUInt32() => unchecked((uint)ReadInt32());

        /// <summary>Reads a signed 64-bit integer (low half first).</summary>
        public long ReadInt64()
        {
            long low = ReadUInt32();
            long high = ReadInt32();
            return (high << 32) | low;
        }

        /// <summary>Reads a non-negative 32-bit integer no larger than <paramref name="max"/>; <paramref name="what"/> names it in errors.</summary>
        public int ReadInt32InRange(int min, int max, string what)
        {
            int at = _position;
            int v = ReadInt32();
            if (v < min || v > max) throw Fail($"{what} is {v}, outside [{min}, {max}]", at);
            return v;
        }

        /// <summary>Reads a 32-bit IEEE-754 float.</summary>
        public float ReadSingle()
        {
            Require(4);
            float v = BitConverter.ToSingle(_bytes, _position);
            _position += 4;
            return v;
        }

        /// <summary>Reads a 64-bit IEEE-754 double.</summary>
        public double ReadDouble()
        {
            Require(8);
            double v = BitConverter.ToDouble(_bytes, _position);
            _position += 8;
            return v;
        }

        /// <summary>Reads length-prefixed strict UTF-8 text.</summary>
        public string ReadString()
        {
            int at = _position;
            int length = ReadCount(1, "text length");
            try
            {
                string s = StrictUtf8.GetString(_bytes, _position, length);
                _position += length;
                return s;
            }
            catch (DecoderFallbackException ex)
            {
                throw new ModelFormatException($"{Context}: invalid UTF-8 text at byte offset {at}.", ex);
            }
        }

        /// <summary>
        /// Reads an element count and checks that count × <paramref name="minItemBytes"/> bytes remain,
        /// so that a corrupt count can never cause a huge allocation.
        /// </summary>
        public int ReadCount(int minItemBytes, string what)
        {
            int at = _position;
            uint count = ReadUInt32();
            long needed = (long)count * Math.Max(1, minItemBytes);
            if (count > int.MaxValue || needed > Remaining)
                throw Fail($"{what} is {count}, but only {Remaining} bytes remain", at);
            return (int)count;
        }

        /// <summary>Reads a count-prefixed array of floats.</summary>
        public float[] ReadSingleArray(string what)
        {
            int n = ReadCount(4, what);
            return n == 0 ? Array.Empty<float>() : ReadArray(new float[n], 4); // empty arrays shared: trees have one per numeric split
        }

        /// <summary>
        /// Fills <paramref name="array"/> with its length × <paramref name="itemBytes"/> bytes, copied as they are: the
        /// format is little-endian and so is every processor this runtime runs on (<see cref="ModelSerializer.Read(byte[], out byte[], out string)"/> checks).
        /// </summary>
        private T[] ReadArray<T>(T[] array, int itemBytes) where T : struct
        {
            int bytes = array.Length * itemBytes; // ReadCount checked that they remain
            Require(bytes);
            Buffer.BlockCopy(_bytes, _position, array, 0, bytes);
            _position += bytes;
            return array;
        }

        /// <summary>Reads a count-prefixed array of doubles.</summary>
        public double[] ReadDoubleArray(string what)
        {
            int n = ReadCount(8, what);
            return n == 0 ? Array.Empty<double>() : ReadArray(new double[n], 8); // empty arrays shared: trees have one per numeric split
        }

        /// <summary>Reads a count-prefixed array of 32-bit integers.</summary>
        public int[] ReadInt32Array(string what)
        {
            int n = ReadCount(4, what);
            return n == 0 ? Array.Empty<int>() : ReadArray(new int[n], 4); // empty arrays shared: trees have one per numeric split
        }

        /// <summary>Reads a count-prefixed array of 64-bit integers.</summary>
        public long[] ReadInt64Array(string what)
        {
            int n = ReadCount(8, what);
            return n == 0 ? Array.Empty<long>() : ReadArray(new long[n], 8); // empty arrays shared: trees have one per numeric split
        }

        /// <summary>Reads a count-prefixed array of texts.</summary>
        public string[] ReadStringArray(string what)
        {
            int n = ReadCount(4, what);
            var a = new string[n];
            for (int i = 0; i < n; i++) a[i] = ReadString();
            return a;
        }

        /// <summary>Fails unless the region has been read completely.</summary>
        public void ExpectEnd()
        {
            if (_position != _end) throw Fail($"{_end - _position} unexpected bytes after the content", _position);
        }

        /// <summary>Creates a format error naming this region and an absolute byte offset.</summary>
        public ModelFormatException Fail(string problem, int offset) =>
            new ModelFormatException($"{Context}: {problem} (byte offset {offset}).");

        /// <summary>Creates a format error naming this region at the current position.</summary>
        public ModelFormatException Fail(string problem) => Fail(problem, _position);

        private void Require(int count)
        {
            if (count < 0 || count > _end - _position)
                throw Fail($"truncated: needed {count} more bytes, {_end - _position} remain");
        }
    }
}
