using System;
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
    internal sealed class SqliteRawStatement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;

        internal SqliteRawStatement(SqliteConnection connection, string sql)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
            int rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        }

        /// <summary>The position of a named parameter ($name), 0 when the statement does not use it.</summary>
        internal int ParameterIndex(string name) => raw.sqlite3_bind_parameter_index(_statement, name);

        /// <summary>Binds <paramref name="value"/> to parameter <paramref name="index"/> (1-based; 0 is ignored: an unused parameter).</summary>
        internal void Bind(int index, object? value)
        {
            if (index == 0) return;
            int rc = value switch
            {
                null or DBNull => raw.sqlite3_bind_null(_statement, index),
                long l => raw.sqlite3_bind_int64(_statement, index, l),
                int i => raw.sqlite3_bind_int64(_statement, index, i),
                double d => raw.sqlite3_bind_double(_statement, index, d),
                string s => raw.sqlite3_bind_text(_statement, index, s),
                byte[] b => raw.sqlite3_bind_blob(_statement, index, b),
                _ => throw new ArgumentException($"A {value.GetType().Name} cannot be bound to an SQLite parameter.", nameof(value)),
            };
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        }

        /// <summary>Binds a named parameter, if the statement uses it.</summary>
        internal void Bind(string name, object? value) => Bind(ParameterIndex(name), value);

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
        internal object? Value(int column) => raw.sqlite3_column_type(_statement, column) switch
        {
            raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, column),
            raw.SQLITE_FLOAT => raw.sqlite3_column_double(_statement, column),
            raw.SQLITE_TEXT => raw.sqlite3_column_text(_statement, column).utf8_to_string(),
            raw.SQLITE_BLOB => raw.sqlite3_column_blob(_statement, column).ToArray(),
            _ => null,
        };

        /// <summary>The rowid of the connection's last successful INSERT.</summary>
        internal long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

        public void Dispose() => _statement.Dispose();
    }
}
