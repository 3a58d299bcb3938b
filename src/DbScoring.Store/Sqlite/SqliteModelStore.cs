using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using DbScoring.Runtime;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// The embedded store: registry, aliases with history, scoring as SQL functions and append-only audit in one
    /// SQLite file (WAL mode, so readers keep reading while a scoring run writes). Not thread-safe: one instance per
    /// thread; several instances and processes may share the file. See docs/embedded-store.md.
    /// </summary>
    public sealed partial class SqliteModelStore : IModelStore
    {
        private const int SqliteReadOnly = 8;
        private const int SqliteCantOpen = 14;
        private readonly string _path;
        private readonly bool _readOnly;
        private readonly string _connectionString;
        private readonly SqliteModelCatalog _catalog;
        private readonly SqliteConnection _connection;
        private readonly SqliteScoringFunctions _functions;
        private bool _schemaChecked;

        /// <summary>Opens (creating when missing, unless <paramref name="readOnly"/>) the store file at <paramref name="path"/>.</summary>
        /// <param name="path">Database file path.</param>
        /// <param name="readOnly">True: open read-only; every write is refused with a <see cref="ModelStoreException"/>.</param>
        public SqliteModelStore(string path, bool readOnly = false)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("Give the path of the SQLite store file.", nameof(path));
            _path = Path.GetFullPath(path);
            _readOnly = readOnly;
            if (readOnly && !File.Exists(_path))
                throw new ModelStoreException($"The store file '{_path}' does not exist (it was opened read-only, so it is not created).");
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = _path,
                Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
                ForeignKeys = true,
                Pooling = false,
                DefaultTimeout = 60,
            }.ToString();
            _catalog = new SqliteModelCatalog(_connectionString, _path);
            try
            {
                _connection = OpenRaw();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteCantOpen)
            {
                throw new ModelStoreException($"Cannot open the store file '{_path}': {e.Message}", e);
            }
            _functions = SqliteScoringFunctions.Register(_connection, _catalog);
        }

        /// <inheritdoc />
        public string Backend => "sqlite";

        /// <inheritdoc />
        public string DisplayName => "sqlite:" + _path;

        /// <summary>Full path of the store file.</summary>
        public string FilePath => _path;

        /// <summary>
        /// A new connection to the store file with the dbscoring_ SQL functions registered, for running your own
        /// SELECTs (e.g. <c>SELECT id, dbscoring_score('churn@production', 'Age', age) FROM customers</c>). Dispose it.
        /// </summary>
        public SqliteConnection OpenConnection()
        {
            var connection = OpenRaw();
            SqliteScoringFunctions.Register(connection, _catalog);
            return connection;
        }

        private SqliteConnection OpenRaw()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            if (!_readOnly)
            {
                try
                {
                    Execute(connection, "PRAGMA journal_mode = WAL;");
                }
                catch (SqliteException e) when (e.SqliteErrorCode == SqliteReadOnly)
                {
                    // A file the OS lets us only read: reads work, writes are refused with a clear error later.
                }
            }
            Execute(connection, "PRAGMA busy_timeout = 60000;");
            return connection;
        }

        /// <inheritdoc />
        public void Dispose() => _connection.Dispose();

        // ---------------------------------------------------------------- schema

        /// <inheritdoc />
        public int GetSchemaVersion() => Guard(() => ReadSchemaVersion(_connection));

        private static int ReadSchemaVersion(SqliteConnection connection)
        {
            if (Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'SchemaVersion'"), CultureInfo.InvariantCulture) == 0)
                return 0;
            return Convert.ToInt32(Scalar(connection, "SELECT coalesce(max(Version), 0) FROM SchemaVersion"), CultureInfo.InvariantCulture);
        }

        /// <inheritdoc />
        public SchemaStatus EnsureSchema() => Guard(() =>
        {
            int before = ReadSchemaVersion(_connection);
            if (before > SqliteSchema.CodeVersion) throw NewerSchema(before);
            if (before == SqliteSchema.CodeVersion)
            {
                _schemaChecked = true;
                return new SchemaStatus { VersionBefore = before, VersionAfter = before, CodeVersion = SqliteSchema.CodeVersion, Description = $"Schema version {before} is current; nothing changed." };
            }
            using (var tx = _connection.BeginTransaction())
            {
                Execute(_connection, "CREATE TABLE IF NOT EXISTS SchemaVersion (Version INTEGER PRIMARY KEY, Description TEXT NOT NULL, AppliedAt TEXT NOT NULL, AppliedBy TEXT NOT NULL);");
                before = ReadSchemaVersion(_connection); // re-read inside the write lock: another process may have installed
                for (int v = before + 1; v <= SqliteSchema.CodeVersion; v++)
                {
                    var (description, sql) = SqliteSchema.Migrations[v - 1];
                    Execute(_connection, sql);
                    Execute(_connection, "INSERT INTO SchemaVersion (Version, Description, AppliedAt, AppliedBy) VALUES ($v, $d, $at, $by)",
                        ("$v", v), ("$d", description), ("$at", Now()), ("$by", Environment.UserName));
                }
                tx.Commit();
            }
            _schemaChecked = true;
            return new SchemaStatus
            {
                VersionBefore = before, VersionAfter = SqliteSchema.CodeVersion, CodeVersion = SqliteSchema.CodeVersion,
                Description = before == 0 ? $"Installed schema version {SqliteSchema.CodeVersion}." : $"Upgraded schema from version {before} to {SqliteSchema.CodeVersion}.",
            };
        });

        private void RequireSchema()
        {
            if (_schemaChecked) return;
            int version = ReadSchemaVersion(_connection);
            if (version == 0)
                throw new ModelStoreException($"The store {DisplayName} has no DbScoring schema yet: install it first ('dbscoring install', IModelStore.EnsureSchema).");
            if (version > SqliteSchema.CodeVersion) throw NewerSchema(version);
            if (version < SqliteSchema.CodeVersion)
                throw new ModelStoreException($"The store {DisplayName} has schema version {version}; this DbScoring needs {SqliteSchema.CodeVersion}: upgrade it ('dbscoring install').");
            _schemaChecked = true;
        }

        private ModelStoreException NewerSchema(int version) =>
            new ModelStoreException($"The store {DisplayName} has schema version {version}, newer than this DbScoring knows ({SqliteSchema.CodeVersion}): upgrade DbScoring.");

        // ---------------------------------------------------------------- plumbing

        private T Guard<T>(Func<T> action)
        {
            try
            {
                return action();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteReadOnly)
            {
                throw new ModelStoreException($"The store file '{_path}' is read-only (file permissions, a read-only mount, or opened read-only): {e.Message}", e);
            }
        }

        internal static string Now() => FormatTime(DateTime.UtcNow);

        internal static string FormatTime(DateTime utc) =>
            (utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        internal static DateTime ParseTime(string text) =>
            DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        internal static int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(connection, sql, parameters);
            return command.ExecuteNonQuery();
        }

        internal static object? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(connection, sql, parameters);
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }

        internal static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            return command;
        }

        internal static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
        {
            using var command = Command(connection, sql, parameters);
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(map(reader));
            return rows;
        }

        private static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
        private static long? Long(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
        private static double? Dbl(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
    }
}
