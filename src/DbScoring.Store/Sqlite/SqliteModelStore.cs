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
        private const int SqliteIoError = 10;
        private readonly string _path;
        private readonly bool _readOnly;
        private string _connectionString;
        private SqliteModelCatalog _catalog;
        private SqliteConnection? _openConnection;
        private SqliteScoringFunctions? _openFunctions;
        private bool _schemaChecked;

        /// <summary>
        /// Opens the store file at <paramref name="path"/>. A missing file is created — with the schema — by the first
        /// change (register, promote, score); reading a missing store never creates a file.
        /// </summary>
        /// <param name="path">Database file path.</param>
        /// <param name="readOnly">
        /// True: open read-only; every write is refused with a <see cref="ModelStoreException"/>. Works on a read-only
        /// folder too (the auditor's share): when SQLite cannot create its shared-memory file there and no write-ahead log
        /// is pending, the file is opened as immutable.
        /// </param>
        public SqliteModelStore(string path, bool readOnly = false)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("Give the path of the SQLite store file.", nameof(path));
            _path = Path.GetFullPath(path);
            _readOnly = readOnly;
            if (readOnly && !File.Exists(_path))
                throw new ModelStoreException($"The store file '{_path}' does not exist (it was opened read-only, so it is not created).");
            _connectionString = ConnectionString(immutable: false);
            _catalog = new SqliteModelCatalog(_connectionString, _path);
            if (File.Exists(_path)) Open();
        }

        /// <summary>The store's connection, opened by the constructor when the file exists, else by the first change.</summary>
        private SqliteConnection _connection => _openConnection ?? throw Missing();

        /// <summary>The scoring functions registered on <see cref="_connection"/>.</summary>
        private SqliteScoringFunctions _functions => _openFunctions ?? throw Missing();

        private string ConnectionString(bool immutable) => new SqliteConnectionStringBuilder
        {
            // immutable=1 (a URI parameter): no locks and no -shm file, for a read-only folder; safe only when no WAL is pending.
            DataSource = immutable ? new Uri(_path).AbsoluteUri + "?immutable=1" : _path,
            Mode = _readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString();

        private void Open()
        {
            try
            {
                _openConnection = OpenRaw();
                if (_readOnly) ProbeReadOnly();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteCantOpen)
            {
                throw new ModelStoreException($"Cannot open the store file '{_path}': {e.Message}", e);
            }
            _openFunctions = SqliteScoringFunctions.Register(_openConnection, _catalog);
        }

        /// <summary>
        /// A store in WAL mode read from a folder we may not write to: SQLite cannot create the -shm file and every read
        /// fails. Then, if no write-ahead log holds changes the main file lacks, reading the file as immutable is exact.
        /// </summary>
        private void ProbeReadOnly()
        {
            try
            {
                Scalar(_openConnection!, "SELECT count(*) FROM sqlite_master");
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteCantOpen or SqliteReadOnly or SqliteIoError)
            {
                _openConnection!.Dispose();
                _openConnection = null;
                var wal = new FileInfo(_path + "-wal");
                if (wal.Exists && wal.Length > 0)
                    throw new ModelStoreException(
                        $"The store file '{_path}' cannot be read here: its write-ahead log '{wal.Name}' holds changes not yet in the file, and SQLite " +
                        $"cannot create its shared-memory file in the read-only folder ({e.Message}). Ask the store's owner to close every " +
                        "writer (the log is merged into the file then), or copy the store with its -wal file to a folder you can write to.", e);
            }
            _connectionString = ConnectionString(immutable: true);
            _catalog = new SqliteModelCatalog(_connectionString, _path);
            _openConnection = OpenRaw();
            Scalar(_openConnection, "SELECT count(*) FROM sqlite_master");
        }

        private ModelStoreException Missing() => new ModelStoreException(
            $"The store file '{_path}' does not exist: nothing has been registered there yet. Register a model to create it " +
            "(dbscoring register <model.zip> --name <model>), or check the path.");

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
            if (_openConnection == null) throw Missing();
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
        public void Dispose() => _openConnection?.Dispose();

        // ---------------------------------------------------------------- schema

        /// <inheritdoc />
        public int GetSchemaVersion() => Guard(() => _openConnection == null ? 0 : ReadSchemaVersion(_connection));

        private static int ReadSchemaVersion(SqliteConnection connection)
        {
            if (Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'SchemaVersion'"), CultureInfo.InvariantCulture) == 0)
                return 0;
            return Convert.ToInt32(Scalar(connection, "SELECT coalesce(max(Version), 0) FROM SchemaVersion"), CultureInfo.InvariantCulture);
        }

        /// <inheritdoc />
        public SchemaStatus EnsureSchema() => Guard(() =>
        {
            if (_openConnection == null && !_readOnly) Open(); // creates the file
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

        /// <summary>Before a read: the file and its schema must exist (a read never creates either).</summary>
        private void RequireSchema()
        {
            if (_schemaChecked) return;
            int version = ReadSchemaVersion(_connection);
            if (version == 0)
                throw new ModelStoreException($"The store {DisplayName} has no DbScoring registry yet: nothing has been registered there. " +
                                              "Register a model to create it (the schema is created on first use), or run 'dbscoring install'.");
            if (version > SqliteSchema.CodeVersion) throw NewerSchema(version);
            if (version < SqliteSchema.CodeVersion)
                throw new ModelStoreException($"The store {DisplayName} has schema version {version}; this DbScoring needs {SqliteSchema.CodeVersion}: upgrade it ('dbscoring install').");
            _schemaChecked = true;
        }

        /// <summary>Before a change: a missing file or an empty database gets the schema now (first use); an older schema is upgraded only by an explicit install.</summary>
        private void RequireSchemaForChange()
        {
            if (_schemaChecked) return;
            if (!_readOnly && (_openConnection == null || ReadSchemaVersion(_connection) == 0)) EnsureSchema();
            RequireSchema();
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
