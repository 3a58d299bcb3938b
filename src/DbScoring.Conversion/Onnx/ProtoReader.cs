using System;
using System.Text;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// A minimal protocol-buffers wire-format reader (varint, 64-bit, length-delimited, 32-bit fields), enough for the
    /// handful of onnx.proto messages the converter reads. Every length is checked against the bytes left.
    /// </summary>
    internal sealed class ProtoReader
    {
        private readonly byte[] _bytes;
        private int _at;
        private readonly int _end;

        public ProtoReader(byte[] bytes) : this(bytes, 0, bytes.Length) { }

        private ProtoReader(byte[] bytes, int start, int end)
        {
            _bytes = bytes;
            _at = start;
            _end = end;
        }

        /// <summary>True while fields remain.</summary>
        public bool More => _at < _end;

        /// <summary>Reads a field key: its number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</summary>
        public (int Field, int WireType) ReadKey()
        {
            ulong key = ReadVarint();
            return ((int)(key >> 3), (int)(key & 7));
        }

        public ulong ReadVarint()
        {
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_at >= _end) throw new FormatException("a varint runs past the end of its message");
                byte b = _bytes[_at++];
                result |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return result;
            }
            throw new FormatException("a varint is longer than 10 bytes");
        }

        public long ReadInt64() => (long)ReadVarint();

        public float ReadFixed32Float()
        {
            Need(4);
            float value = BitConverter.ToSingle(_bytes, _at);
            _at += 4;
            return value;
        }

        public double ReadFixed64Double()
        {
            Need(8);
            double value = BitConverter.ToDouble(_bytes, _at);
            _at += 8;
            return value;
        }

        /// <summary>A length-delimited field as a reader over its bytes.</summary>
        public ProtoReader ReadMessage()
        {
            int length = ReadLength();
            var inner = new ProtoReader(_bytes, _at, _at + length);
            _at += length;
            return inner;
        }

        public byte[] ReadBytes()
        {
            int length = ReadLength();
            var result = new byte[length];
            Buffer.BlockCopy(_bytes, _at, result, 0, length);
            _at += length;
            return result;
        }

        public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

        /// <summary>Skips a field of <paramref name="wireType"/>.</summary>
        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0: ReadVarint(); break;
                case 1: Need(8); _at += 8; break;
                case 2:
                    int length = ReadLength();   // first: "_at += ReadLength()" would add to _at as it was before the length
                    _at += length;
                    break;
                case 5: Need(4); _at += 4; break;
                default: throw new FormatException($"unsupported wire type {wireType}");
            }
        }

        private int ReadLength()
        {
            ulong length = ReadVarint();
            if (length > (ulong)(_end - _at)) throw new FormatException($"a field of {length} bytes runs past the end of its message");
            return (int)length;
        }

        private void Need(int count)
        {
            if (_end - _at < count) throw new FormatException("a fixed-size field runs past the end of its message");
        }
    }
}
