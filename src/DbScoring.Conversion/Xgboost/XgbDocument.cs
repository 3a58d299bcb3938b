using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DbScoring.Conversion.Xgboost
{
    /// <summary>
    /// Reads XGBoost's saved models — JSON (with XGBoost's NaN / Infinity literals, which strict JSON readers refuse)
    /// and UBJSON (Universal Binary JSON, draft 12, big-endian, with typed and counted containers) — into one small
    /// tree of plain values: <see cref="Dictionary{TKey,TValue}"/> for objects, <see cref="List{T}"/> or a typed
    /// array (<c>float[]</c>, <c>int[]</c>, ...) for arrays, <see cref="JsonNumber"/> or a CLR number for numbers,
    /// string, bool, null. Numbers keep their text until read, so a float is parsed straight to float (no double
    /// rounding on the way).
    /// </summary>
    internal static class XgbDocument
    {
        /// <summary>Nesting deeper than this is refused (XGBoost models nest about 8 levels).</summary>
        private const int MaxDepth = 64;

        /// <summary>A JSON number, as written.</summary>
        internal sealed class JsonNumber
        {
            public JsonNumber(string text) { Text = text; }
            public string Text { get; }
            public override string ToString() => Text;
        }

        /// <summary>Parses a model file; UBJSON when <paramref name="ubjson"/>, JSON otherwise.</summary>
        public static object? Parse(byte[] bytes, bool ubjson, string source)
        {
            try
            {
                if (ubjson)
                {
                    var reader = new UbjsonReader(bytes);
                    object? value = reader.ReadValue(0);
                    return value;
                }
                var json = new JsonReader(Encoding.UTF8.GetString(bytes));
                object? result = json.ReadValue(0);
                json.ExpectEnd();
                return result;
            }
            catch (FormatException ex)
            {
                throw new ModelConversionException($"{source} is not a readable XGBoost {(ubjson ? "UBJSON" : "JSON")} model: {ex.Message}", inner: ex);
            }
            catch (IndexOutOfRangeException ex)
            {
                throw new ModelConversionException($"{source} is not a readable XGBoost {(ubjson ? "UBJSON" : "JSON")} model: it ends in the middle of a value.", inner: ex);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new ModelConversionException($"{source} is not a readable XGBoost {(ubjson ? "UBJSON" : "JSON")} model: it ends in the middle of a value.", inner: ex);
            }
        }

        /// <summary>True when the bytes look like UBJSON rather than JSON text (UBJSON puts a type marker after '{').</summary>
        public static bool LooksLikeUbjson(byte[] bytes)
        {
            int i = 0;
            while (i < bytes.Length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) i++;
            if (i >= bytes.Length || bytes[i] != (byte)'{') return false;
            if (i + 1 >= bytes.Length) return false;
            byte next = bytes[i + 1];
            return next != (byte)'"' && next != (byte)'}' && next != (byte)' ' && next != (byte)'\n' && next != (byte)'\r' && next != (byte)'\t';
        }

        private sealed class JsonReader
        {
            private readonly string _text;
            private int _at;

            public JsonReader(string text) { _text = text; }

            public void ExpectEnd()
            {
                SkipSpace();
                if (_at != _text.Length) throw Fail("unexpected text after the model");
            }

            public object? ReadValue(int depth)
            {
                if (depth > MaxDepth) throw Fail("nesting is too deep");
                SkipSpace();
                if (_at >= _text.Length) throw Fail("unexpected end");
                char c = _text[_at];
                switch (c)
                {
                    case '{': return ReadObject(depth);
                    case '[': return ReadArray(depth);
                    case '"': return ReadString();
                    case 't': Expect("true"); return true;
                    case 'f': Expect("false"); return false;
                    case 'n': Expect("null"); return null;
                    case 'N': Expect("NaN"); return new JsonNumber("NaN");
                    case 'I': Expect("Infinity"); return new JsonNumber("Infinity");
                    default:
                        if (c == '-' && _at + 1 < _text.Length && _text[_at + 1] == 'I') { Expect("-Infinity"); return new JsonNumber("-Infinity"); }
                        if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                        throw Fail($"unexpected character '{c}'");
                }
            }

            private Dictionary<string, object?> ReadObject(int depth)
            {
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                _at++;
                SkipSpace();
                if (Peek() == '}') { _at++; return result; }
                while (true)
                {
                    SkipSpace();
                    if (Peek() != '"') throw Fail("an object key must be a string");
                    string key = ReadString();
                    SkipSpace();
                    if (Peek() != ':') throw Fail("':' expected after an object key");
                    _at++;
                    result[key] = ReadValue(depth + 1);
                    SkipSpace();
                    char c = Peek();
                    _at++;
                    if (c == '}') return result;
                    if (c != ',') throw Fail("',' or '}' expected in an object");
                }
            }

            private List<object?> ReadArray(int depth)
            {
                var result = new List<object?>();
                _at++;
                SkipSpace();
                if (Peek() == ']') { _at++; return result; }
                while (true)
                {
                    result.Add(ReadValue(depth + 1));
                    SkipSpace();
                    char c = Peek();
                    _at++;
                    if (c == ']') return result;
                    if (c != ',') throw Fail("',' or ']' expected in an array");
                }
            }

            private string ReadString()
            {
                _at++;
                var builder = new StringBuilder();
                while (true)
                {
                    char c = _text[_at++];
                    if (c == '"') return builder.ToString();
                    if (c != '\\') { builder.Append(c); continue; }
                    char e = _text[_at++];
                    switch (e)
                    {
                        case '"': case '\\': case '/': builder.Append(e); break;
                        case 'b': builder.Append('\b'); break;
                        case 'f': builder.Append('\f'); break;
                        case 'n': builder.Append('\n'); break;
                        case 'r': builder.Append('\r'); break;
                        case 't': builder.Append('\t'); break;
                        case 'u':
                            builder.Append((char)int.Parse(_text.Substring(_at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            _at += 4;
                            break;
                        default: throw Fail($"unknown escape '\\{e}'");
                    }
                }
            }

            private JsonNumber ReadNumber()
            {
                int start = _at;
                while (_at < _text.Length && "+-0123456789.eE".IndexOf(_text[_at]) >= 0) _at++;
                return new JsonNumber(_text.Substring(start, _at - start));
            }

            private void Expect(string word)
            {
                if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0) throw Fail($"'{word}' expected");
                _at += word.Length;
            }

            private char Peek() => _at < _text.Length ? _text[_at] : throw Fail("unexpected end");

            private void SkipSpace()
            {
                while (_at < _text.Length && char.IsWhiteSpace(_text[_at])) _at++;
            }

            private FormatException Fail(string what) => new FormatException($"{what} at character {_at}");
        }

        private sealed class UbjsonReader
        {
            private readonly byte[] _bytes;
            private int _at;

            public UbjsonReader(byte[] bytes) { _bytes = bytes; }

            public object? ReadValue(int depth) => ReadTyped((char)_bytes[_at++], depth);

            private object? ReadTyped(char marker, int depth)
            {
                if (depth > MaxDepth) throw Fail("nesting is too deep");
                switch (marker)
                {
                    case '{': return ReadObject(depth);
                    case '[': return ReadArray(depth);
                    case 'Z': return null;
                    case 'T': return true;
                    case 'F': return false;
                    case 'S': return ReadString();
                    case 'H': return new JsonNumber(ReadString());
                    case 'C': return ((char)_bytes[_at++]).ToString();
                    case 'i': return (long)(sbyte)_bytes[_at++];
                    case 'U': return (long)_bytes[_at++];
                    case 'I': { long v = BinaryPrimitives.ReadInt16BigEndian(Span(2)); return v; }
                    case 'l': { long v = BinaryPrimitives.ReadInt32BigEndian(Span(4)); return v; }
                    case 'L': return BinaryPrimitives.ReadInt64BigEndian(Span(8));
                    case 'd': return BinaryPrimitives.ReadSingleBigEndian(Span(4));
                    case 'D': return BinaryPrimitives.ReadDoubleBigEndian(Span(8));
                    default: throw Fail($"unknown type marker '{marker}' (0x{(int)marker:X2})");
                }
            }

            private ReadOnlySpan<byte> Span(int length)
            {
                if (_at + length > _bytes.Length) throw Fail("unexpected end");
                var span = new ReadOnlySpan<byte>(_bytes, _at, length);
                _at += length;
                return span;
            }

            private int ReadLength()
            {
                object? value = ReadTyped((char)_bytes[_at++], MaxDepth);
                if (value is not long length || length < 0 || length > _bytes.Length - _at + 1)
                    throw Fail($"invalid length {value}");
                return (int)length;
            }

            private string ReadString()
            {
                int length = ReadLength();
                var span = Span(length);
                return Encoding.UTF8.GetString(span);
            }

            /// <summary>Reads the optional '$' type and '#' count after '[' or '{'.</summary>
            private (char? Type, int Count) ReadContainerHeader()
            {
                char? type = null;
                int count = -1;
                if (_bytes[_at] == (byte)'$') { _at++; type = (char)_bytes[_at++]; }
                if (_bytes[_at] == (byte)'#') { _at++; count = ReadLength(); }
                else if (type != null) throw Fail("a typed container needs a count");
                return (type, count);
            }

            private Dictionary<string, object?> ReadObject(int depth)
            {
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                var (type, count) = ReadContainerHeader();
                for (int i = 0; count < 0 || i < count; i++)
                {
                    if (count < 0 && _bytes[_at] == (byte)'}') { _at++; break; }
                    string key = ReadString();
                    result[key] = type == null ? ReadValue(depth + 1) : ReadTyped(type.Value, depth + 1);
                }
                return result;
            }

            private object ReadArray(int depth)
            {
                var (type, count) = ReadContainerHeader();
                if (type != null)
                {
                    switch (type.Value)
                    {
                        case 'd': { var a = new float[count]; for (int i = 0; i < count; i++) a[i] = BinaryPrimitives.ReadSingleBigEndian(Span(4)); return a; }
                        case 'D': { var a = new double[count]; for (int i = 0; i < count; i++) a[i] = BinaryPrimitives.ReadDoubleBigEndian(Span(8)); return a; }
                        case 'l': { var a = new int[count]; for (int i = 0; i < count; i++) a[i] = BinaryPrimitives.ReadInt32BigEndian(Span(4)); return a; }
                        case 'L': { var a = new long[count]; for (int i = 0; i < count; i++) a[i] = BinaryPrimitives.ReadInt64BigEndian(Span(8)); return a; }
                        case 'U': { var a = new int[count]; for (int i = 0; i < count; i++) a[i] = _bytes[_at++]; return a; }
                        case 'i': { var a = new int[count]; for (int i = 0; i < count; i++) a[i] = (sbyte)_bytes[_at++]; return a; }
                        case 'I': { var a = new int[count]; for (int i = 0; i < count; i++) a[i] = BinaryPrimitives.ReadInt16BigEndian(Span(2)); return a; }
                    }
                }
                var list = new List<object?>(Math.Max(0, Math.Min(count, 1 << 20)));
                for (int i = 0; count < 0 || i < count; i++)
                {
                    if (count < 0 && _bytes[_at] == (byte)']') { _at++; break; }
                    list.Add(type == null ? ReadValue(depth + 1) : ReadTyped(type.Value, depth + 1));
                }
                return list;
            }

            private FormatException Fail(string what) => new FormatException($"{what} at byte {_at}");
        }
    }
}
