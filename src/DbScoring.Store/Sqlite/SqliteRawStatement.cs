using System;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// One prepared statement on a Microsoft.Data.Sqlite connection, driven through SQLite's own API (SQLitePCL.raw, which
    /// Microsoft.Data.Sqlite is built on): parameters are bound by position and values read by column, once per row, with
    /// none of SqliteCommand's per-execution name lookups and parameter checks. For score-table's per-row statements, which
    /// run a million times a run; everything else uses SqliteCommand. It takes part in the connection's transaction like any
    /// statement on the same connection. Values map as Microsoft.Data.Sqlite maps them: INTEGER ↔ long, REAL ↔ double,
    /// TEXT ↔ string, BLOB ↔ byte[], NULL ↔ null.
    /// </summary>
    /// <remarks>
    /// SQLite keeps a parameter's value across executions (sqlite3_reset leaves bindings alone), so a bind of the value the
    /// parameter already holds is skipped: most of a log row (the run, the version, the blob hash, the time, the role, the
    /// status) is the same row after row, and each bind is a native call that copies its value (texts also encoded to
    /// UTF-8 first). Texts are encoded into one reused buffer, not a new array per bind. Column types, numbers and binds go
    /// straight to the library (<see cref="SqliteNative"/>): through SQLitePCL each cost more than SQLite's own work.
    /// </remarks>
    internal sealed class SqliteRawStatement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        /// <summary>The statement's native pointer, for <see cref="SqliteNative"/> (kept valid: the handle's count is held up until Dispose).</summary>
        private readonly IntPtr _native;
        private readonly Bound[] _bound;
        private byte[] _utf8 = new byte[256];

        /// <summary>What a parameter holds now (a fresh statement: NULL everywhere).</summary>
        private struct Bound
        {
            internal BoundKind Kind;
            internal long Bits;       // Integer: the value; Real: its IEEE-754 bits
            internal object? Value;   // Text: the string; Blob: the array
        }

        private enum BoundKind : byte { Null, Integer, Real, Text, Blob, Other }

        internal SqliteRawStatement(SqliteConnection connection, string sql)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
            int rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
            _bound = new Bound[raw.sqlite3_bind_parameter_count(_statement) + 1];
            bool counted = false;
            _statement.DangerousAddRef(ref counted);
            _native = _statement.DangerousGetHandle();
        }

        /// <summary>The position of a named parameter ($name), 0 when the statement does not use it.</summary>
        internal int ParameterIndex(string name) => raw.sqlite3_bind_parameter_index(_statement, name);

        /// <summary>Binds <paramref name="value"/> to parameter <paramref name="index"/> (1-based; 0 is ignored: an unused parameter).</summary>
        internal void Bind(int index, object? value)
        {
            switch (value)
            {
                case null: case DBNull _: BindNull(index); break;
                case long l: Bind(index, l); break;
                case int i: Bind(index, (long)i); break;
                case double d: Bind(index, d); break;
                case string s: Bind(index, s); break;
                case byte[] b:
                    if (index == 0 || (_bound[index].Kind == BoundKind.Blob && ReferenceEquals(_bound[index].Value, b))) return;
                    Check(raw.sqlite3_bind_blob(_statement, index, b));
                    _bound[index] = new Bound { Kind = BoundKind.Blob, Value = b };
                    break;
                default: throw new ArgumentException($"A {value.GetType().Name} cannot be bound to an SQLite parameter.", nameof(value));
            }
        }

        /// <summary>Binds a named parameter, if the statement uses it.</summary>
        internal void Bind(string name, object? value) => Bind(ParameterIndex(name), value);

        /// <summary>Binds NULL.</summary>
        internal void BindNull(int index)
        {
            if (index == 0 || _bound[index].Kind == BoundKind.Null) return;
            Check(SqliteNative.sqlite3_bind_null(_native, index));
            _bound[index] = default;
        }

        /// <summary>Binds an integer.</summary>
        internal void Bind(int index, long value)
        {
            if (index == 0 || (_bound[index].Kind == BoundKind.Integer && _bound[index].Bits == value)) return;
            Check(SqliteNative.sqlite3_bind_int64(_native, index, value));
            _bound[index] = new Bound { Kind = BoundKind.Integer, Bits = value };
        }

        /// <summary>Binds an integer, or NULL.</summary>
        internal void Bind(int index, long? value)
        {
            if (value.HasValue) Bind(index, value.Value); else BindNull(index);
        }

        /// <summary>Binds a real number (the same bits are the same value: 0 and −0 differ).</summary>
        internal void Bind(int index, double value)
        {
            long bits = BitConverter.DoubleToInt64Bits(value);
            if (index == 0 || (_bound[index].Kind == BoundKind.Real && _bound[index].Bits == bits)) return;
            Check(SqliteNative.sqlite3_bind_double(_native, index, value));
            _bound[index] = new Bound { Kind = BoundKind.Real, Bits = bits };
        }

        /// <summary>Binds a real number, or NULL.</summary>
        internal void Bind(int index, double? value)
        {
            if (value.HasValue) Bind(index, value.Value); else BindNull(index);
        }

        /// <summary>Binds text (as UTF-8), or NULL.</summary>
        internal void Bind(int index, string? value)
        {
            if (value == null) { BindNull(index); return; }
            if (index == 0 || (_bound[index].Kind == BoundKind.Text && string.Equals((string?)_bound[index].Value, value, StringComparison.Ordinal))) return;
            int most = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (most > _utf8.Length) _utf8 = new byte[Math.Max(most, 2 * _utf8.Length)];
            BindUtf8(index, _utf8, Encoding.UTF8.GetBytes(value, _utf8));
            _bound[index] = new Bound { Kind = BoundKind.Text, Value = value };
        }

        /// <summary>Binds text given as UTF-8 bytes (the first <paramref name="length"/> of <paramref name="utf8"/>); never skipped.</summary>
        internal void BindUtf8(int index, byte[] utf8, int length)
        {
            if (index == 0) return;
            // An empty span has no address, which SQLite would take for NULL: the empty text goes as a terminated string.
            Check(length == 0 ? raw.sqlite3_bind_text(_statement, index, "") : SqliteNative.sqlite3_bind_text(_native, index, utf8, length, SqliteNative.Transient));
            _bound[index] = new Bound { Kind = BoundKind.Other };
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        }

        /// <summary>Runs to the next row: true with a row to read, false when done. An error resets the statement and throws an <see cref="SqliteException"/>.</summary>
        internal bool Step()
        {
            int rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW) return true;
            if (rc == raw.SQLITE_DONE) return false;
            raw.sqlite3_reset(_statement);
            SqliteException.ThrowExceptionForRC(rc, _db);
            return false;
        }

        /// <summary>Runs a statement that returns no rows and makes it ready to run again (bindings stay).</summary>
        internal void Execute()
        {
            while (Step()) { }
            Reset();
        }

        /// <summary>Makes the statement ready to run again; bindings stay.</summary>
        internal void Reset() => raw.sqlite3_reset(_statement);

        /// <summary>The value of column <paramref name="column"/> (0-based) of the current row.</summary>
        internal object? Value(int column) => SqliteNative.sqlite3_column_type(_native, column) switch
        {
            raw.SQLITE_INTEGER => SqliteNative.sqlite3_column_int64(_native, column),
            raw.SQLITE_FLOAT => SqliteNative.sqlite3_column_double(_native, column),
            raw.SQLITE_TEXT => raw.sqlite3_column_text(_statement, column).utf8_to_string(),
            raw.SQLITE_BLOB => raw.sqlite3_column_blob(_statement, column).ToArray(),
            _ => null,
        };

        /// <summary>
        /// The value of column <paramref name="column"/>, as <see cref="Value(int)"/> gives it, and for TEXT also all its UTF-8
        /// bytes in <paramref name="utf8"/> (valid until the next step or reset), read once: the string is those bytes decoded
        /// with U+FFFD for bytes that are not UTF-8, as SQLitePCL's sqlite3_column_text(…).utf8_to_string() makes it.
        /// </summary>
        internal object? Value(int column, out ReadOnlySpan<byte> utf8)
        {
            if (SqliteNative.sqlite3_column_type(_native, column) != raw.SQLITE_TEXT)
            {
                utf8 = default;
                return Value(column);
            }
            utf8 = Utf8(column);
            return Encoding.UTF8.GetString(utf8);
        }

        /// <summary>The storage class of column <paramref name="column"/> of the current row (raw.SQLITE_INTEGER, …).</summary>
        internal int ColumnType(int column) => SqliteNative.sqlite3_column_type(_native, column);

        /// <summary>An INTEGER column's value.</summary>
        internal long Integer(int column) => SqliteNative.sqlite3_column_int64(_native, column);

        /// <summary>A REAL column's value.</summary>
        internal double Real(int column) => SqliteNative.sqlite3_column_double(_native, column);

        /// <summary>A TEXT column's UTF-8 bytes, valid until the next step or reset (empty for NULL).</summary>
        internal ReadOnlySpan<byte> Utf8(int column)
        {
            var text = raw.sqlite3_column_text(_statement, column); // before sqlite3_column_bytes, as SQLite documents
            int length = raw.sqlite3_column_bytes(_statement, column);
            return length == 0 ? ReadOnlySpan<byte>.Empty : MemoryMarshal.CreateReadOnlySpan(in text.GetPinnableReference(), length);
        }

        /// <summary>The rowid of the connection's last successful INSERT.</summary>
        internal long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

        public void Dispose()
        {
            if (_statement.IsClosed) return;
            _statement.DangerousRelease();
            _statement.Dispose();
        }
    }
}
