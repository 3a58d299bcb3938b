using System;
using DbScoring.Store;
using DbScoring.Store.Sqlite;

namespace DbScoring.SqliteExtension
{
    /// <summary>
    /// The registry tables read on the host connection itself, inside the function call that needs a model (SQLite
    /// allows a function to run its own SELECTs on its connection). Unqualified table names, as in the store: SQLite
    /// looks in main, then temp, then attached databases, so a store ATTACHed to a data database is found too.
    /// </summary>
    internal sealed unsafe class HostRegistryConnection : IRegistryConnection
    {
        private readonly nint _db;

        internal HostRegistryConnection(nint db) { _db = db; }

        private static SqliteApi* Api => ExtensionEntryPoint.Api;

        /// <inheritdoc />
        public object?[]? FirstRow(string sql, params (string Name, object Value)[] parameters)
        {
            nint statement = 0;
            byte[] text = HostText.NulTerminated(sql);
            int rc;
            fixed (byte* sqlPointer = text)
                rc = Api->prepare_v2(_db, sqlPointer, -1, &statement, null);
            if (rc != SqliteConstants.Ok) throw Failure();
            try
            {
                foreach (var (name, value) in parameters) Bind(statement, name, value);
                rc = Api->step(statement);
                if (rc == SqliteConstants.Done) return null;
                if (rc != SqliteConstants.Row) throw Failure();
                var row = new object?[Api->column_count(statement)];
                for (int i = 0; i < row.Length; i++) row[i] = Column(statement, i);
                return row;
            }
            finally
            {
                Api->finalize(statement);
            }
        }

        /// <summary>The main database's file name; empty for an in-memory or temporary database.</summary>
        internal string MainFileName()
        {
            byte[] main = HostText.NulTerminated("main");
            fixed (byte* name = main)
            {
                byte* file = Api->db_filename(_db, name);
                return HostText.ReadNulTerminated(file);
            }
        }

        /// <summary>The connection's last error message.</summary>
        internal string LastError()
        {
            byte* message = Api->errmsg(_db);
            return HostText.ReadNulTerminated(message);
        }

        private void Bind(nint statement, string name, object value)
        {
            int index;
            fixed (byte* namePointer = HostText.NulTerminated(name))
                index = Api->bind_parameter_index(statement, namePointer);
            if (index == 0) throw new InvalidOperationException($"The registry query has no parameter {name}.");
            int rc;
            switch (value)
            {
                case long l:
                    rc = Api->bind_int64(statement, index, l);
                    break;
                case string s:
                    byte[] bytes = HostText.NulTerminated(s);
                    fixed (byte* p = bytes) rc = Api->bind_text(statement, index, p, bytes.Length - 1, SqliteConstants.Transient);
                    break;
                default:
                    throw new InvalidOperationException($"Registry query parameter {name} is a {value.GetType().Name}; only long and string are bound here.");
            }
            if (rc != SqliteConstants.Ok) throw Failure();
        }

        private static object? Column(nint statement, int i)
        {
            switch (Api->column_type(statement, i))
            {
                case SqliteConstants.Integer: return Api->column_int64(statement, i);
                case SqliteConstants.Float: return Api->column_double(statement, i);
                case SqliteConstants.Text:
                    byte* text = Api->column_text(statement, i);
                    return HostText.Read(text, Api->column_bytes(statement, i));
                case SqliteConstants.Blob:
                    byte* blob = Api->column_blob(statement, i);
                    int length = Api->column_bytes(statement, i);
                    return length == 0 ? Array.Empty<byte>() : new ReadOnlySpan<byte>(blob, length).ToArray();
                default: return null;
            }
        }

        /// <summary>
        /// A failed registry query. A database without the registry tables is the likely case: the functions read
        /// models from the database they run in, so the user has opened (or attached) the wrong file.
        /// </summary>
        private ModelStoreException Failure()
        {
            string message = LastError();
            string file = MainFileName();
            string where = file.Length == 0 ? "this database" : "'" + file + "'";
            return message.StartsWith("no such table", StringComparison.Ordinal)
                ? new ModelStoreException($"The dbscoring_ functions read models from the database they run in, and {where} has no DbScoring registry ({message}). Open the store file (dbscoring's --store), or ATTACH it.")
                : new ModelStoreException($"Reading the DbScoring registry in {where} failed: {message}");
        }
    }
}
