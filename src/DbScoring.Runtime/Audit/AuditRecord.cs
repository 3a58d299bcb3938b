using System;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Audit
{
    /// <summary>
    /// The canonical encoding of audit rows and the SHA-256 digests of the tamper-evident trail (docs/audit.md), in one
    /// place for every store: the embedded store and the SQL Server assembly (this file is compiled into both). Append the
    /// fields of one record in the documented order, then take <see cref="Digest"/>.
    /// </summary>
    /// <remarks>
    /// Encoding, field after field, integers little-endian:
    /// <code>
    /// NULL      00
    /// INTEGER   01 | i64
    /// REAL      02 | f64 (IEEE-754 bits as stored; −0 and NaN kept as they are)
    /// TEXT      03 | u32 byte length | UTF-8 bytes (an unpaired surrogate, which nvarchar allows: its 3-byte form, as WTF-8)
    /// BLOB      04 | u32 byte length | bytes
    /// DATETIME  05 | i64 ticks (100 ns since 0001-01-01T00:00:00, the value as stored; SQL Server datetime2 columns, UTC)
    /// DECIMAL   06 | u32 byte length | ASCII of the value at its stored scale, invariant culture ("-12.30"; SQL Server decimal)
    /// </code>
    /// The embedded store never produces DATETIME or DECIMAL (SQLite keeps times as ISO 8601 text); SQL Server records
    /// use them for datetime2 and decimal columns so that no value is reformatted before it is hashed.
    /// Every record starts with a TEXT field naming its kind and encoding version (for example "PredictionLog.1"), so that
    /// no two kinds of record can encode to the same bytes. A digest is SHA-256 over the encoded record, written as 64
    /// lowercase hex digits.
    /// </remarks>
    public sealed class AuditRecord
    {
        private const byte Null = 0, Integer = 1, Real = 2, Text = 3, Blob = 4, DateTimeTicks = 5, Decimal = 6; // persisted — never renumber

        /// <summary>Bytes held before they are hashed on: a batch record of a million rows needs no 70 MB buffer.</summary>
        internal const int DefaultHeldBytes = 1 << 20;

        private readonly BlobWriter _bytes = new BlobWriter();
        private readonly int _heldBytes;
        private IncrementalSha256? _hashed; // the bytes hashed on so far, once the record outgrew _heldBytes
        private string? _heldDigest;        // its digest, once taken

        /// <summary>Starts a record of <paramref name="kind"/> ("PredictionLog.1", "AuditLink.1", …).</summary>
        public AuditRecord(string kind)
            : this(kind, DefaultHeldBytes)
        {
        }

        /// <summary>As <see cref="AuditRecord(string)"/>, hashing on once more than <paramref name="heldBytes"/> bytes are held.</summary>
        internal AuditRecord(string kind, int heldBytes)
        {
            _heldBytes = heldBytes;
            Begin(kind);
        }

        /// <summary>Clears the record and starts another one of <paramref name="kind"/>.</summary>
        public AuditRecord Begin(string kind)
        {
            _bytes.Clear();
            _hashed?.Dispose();
            _hashed = null;
            _heldDigest = null;
            return AddText(kind ?? throw new ArgumentNullException(nameof(kind)));
        }

        /// <summary>Hashes on the bytes held once there are more than the record may hold (called after each field).</summary>
        private AuditRecord Held()
        {
            if (_heldDigest != null) throw new InvalidOperationException("This record's digest was taken: Begin another record.");
            if (_bytes.Length > _heldBytes)
            {
                _hashed ??= new IncrementalSha256();
                _hashed.Append(_bytes.RawBuffer, 0, _bytes.Length);
                _bytes.Clear();
            }
            return this;
        }

        /// <summary>Appends a NULL.</summary>
        public AuditRecord AddNull()
        {
            _bytes.WriteByte(Null);
            return this;
        }

        /// <summary>Appends an integer, or NULL.</summary>
        public AuditRecord AddInteger(long? value)
        {
            if (value == null) return AddNull();
            _bytes.WriteByte(Integer);
            _bytes.WriteInt64(value.Value);
            return Held();
        }

        /// <summary>Appends a real number, or NULL.</summary>
        public AuditRecord AddReal(double? value)
        {
            if (value == null) return AddNull();
            _bytes.WriteByte(Real);
            _bytes.WriteDouble(value.Value);
            return Held();
        }

        /// <summary>Appends text, or NULL.</summary>
        public AuditRecord AddText(string? value)
        {
            if (value == null) return AddNull();
            _bytes.WriteByte(Text);
            try
            {
                _bytes.WriteString(value); // strict UTF-8 straight into the buffer (no array per text); throws before writing anything
            }
            catch (System.Text.EncoderFallbackException)
            {
                byte[] bytes = Wtf8(value); // an unpaired surrogate
                _bytes.WriteInt32(bytes.Length);
                _bytes.WriteBytes(bytes);
            }
            return Held();
        }

        /// <summary>
        /// <paramref name="value"/> in generalized UTF-8 (WTF-8; Python's <c>encode("utf-8", "surrogatepass")</c>): UTF-8, except
        /// that an unpaired surrogate (SQL Server's nvarchar and .NET strings allow one) is written in its 3-byte form instead of
        /// failing the row. Valid text gives exactly its UTF-8, so no stored digest changes.
        /// </summary>
        private static byte[] Wtf8(string value)
        {
            var bytes = new System.Collections.Generic.List<byte>(value.Length * 3);
            for (int i = 0; i < value.Length; i++)
            {
                int code = value[i];
                if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    code = char.ConvertToUtf32(value[i], value[i + 1]);
                    i++;
                }

                if (code < 0x80) bytes.Add((byte)code);
                else if (code < 0x800) { bytes.Add((byte)(0xC0 | (code >> 6))); bytes.Add((byte)(0x80 | (code & 0x3F))); }
                else if (code < 0x10000) { bytes.Add((byte)(0xE0 | (code >> 12))); bytes.Add((byte)(0x80 | ((code >> 6) & 0x3F))); bytes.Add((byte)(0x80 | (code & 0x3F))); }
                else
                {
                    bytes.Add((byte)(0xF0 | (code >> 18))); bytes.Add((byte)(0x80 | ((code >> 12) & 0x3F)));
                    bytes.Add((byte)(0x80 | ((code >> 6) & 0x3F))); bytes.Add((byte)(0x80 | (code & 0x3F)));
                }
            }

            return bytes.ToArray();
        }

        /// <summary>
        /// Appends text given as its UTF-8 bytes (the first <paramref name="count"/> of <paramref name="utf8"/>): the same
        /// encoding as <see cref="AddText"/> of the decoded string, for text that is already UTF-8 (a logged row's inputs
        /// JSON, as SQLite built it). The bytes must be valid UTF-8; the caller checks.
        /// </summary>
        public AuditRecord AddUtf8Text(byte[] utf8, int count)
        {
            _bytes.WriteByte(Text);
            _bytes.WriteInt32(count);
            _bytes.WriteBytes(utf8, 0, count);
            return Held();
        }

        /// <summary>Appends bytes, or NULL.</summary>
        public AuditRecord AddBlob(byte[]? value)
        {
            if (value == null) return AddNull();
            _bytes.WriteByte(Blob);
            _bytes.WriteInt32(value.Length);
            _bytes.WriteBytes(value);
            return Held();
        }

        /// <summary>Appends a date and time as its ticks (the value as stored; its Kind is ignored), or NULL.</summary>
        public AuditRecord AddDateTime(DateTime? value)
        {
            if (value == null) return AddNull();
            _bytes.WriteByte(DateTimeTicks);
            _bytes.WriteInt64(value.Value.Ticks);
            return Held();
        }

        /// <summary>Appends a decimal as its invariant text at the stored scale (12.30 stays "12.30"), or NULL.</summary>
        public AuditRecord AddDecimal(decimal? value)
        {
            if (value == null) return AddNull();
            _bytes.WriteByte(Decimal);
            _bytes.WriteString(value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Held();
        }

        /// <summary>
        /// Appends a database value by its runtime type: null/DBNull, any integer type, float/double, string, byte[],
        /// DateTime, decimal.
        /// Anything else is refused (it would have no canonical form).
        /// </summary>
        public AuditRecord AddValue(object? value)
        {
            switch (value)
            {
                case null: return AddNull();
                case DBNull _: return AddNull();
                case long l: return AddInteger(l);
                case int i: return AddInteger(i);
                case short s: return AddInteger(s);
                case byte b: return AddInteger(b);
                case bool f: return AddInteger(f ? 1 : 0);
                case double d: return AddReal(d);
                case float f: return AddReal(f);
                case string t: return AddText(t);
                case byte[] bytes: return AddBlob(bytes);
                case DateTime t: return AddDateTime(t);
                case decimal m: return AddDecimal(m);
                default: throw new ArgumentException($"An audit record cannot hold a {value.GetType().Name}; convert it to an integer, real, text, bytes, date and time or decimal first.", nameof(value));
            }
        }

        /// <summary>The encoded bytes so far (a copy); a record that outgrew what it may hold has hashed them on instead.</summary>
        public byte[] ToArray() => _hashed == null
            ? _bytes.ToArray()
            : throw new InvalidOperationException($"This record is longer than the {_heldBytes} bytes it holds: its bytes were hashed as they came; take its Digest.");

        /// <summary>SHA-256 of the encoded record, as 64 lowercase hex digits.</summary>
        public string Digest()
        {
            if (_hashed == null) return Hex(_bytes.Sha256Digest());
            if (_heldDigest == null)
            {
                _hashed.Append(_bytes.RawBuffer, 0, _bytes.Length);
                _heldDigest = Hex(_hashed.Finish());
                _hashed.Dispose();
                _bytes.Clear();
            }
            return _heldDigest;
        }

        /// <summary>Lowercase hex of <paramref name="bytes"/>.</summary>
        public static string Hex(byte[] bytes)
        {
#if NETFRAMEWORK
            const string digits = "0123456789abcdef";
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = digits[bytes[i] >> 4];
                chars[2 * i + 1] = digits[bytes[i] & 0xF];
            }
            return new string(chars);
#else
            return Convert.ToHexStringLower(bytes);
#endif
        }
    }
}
