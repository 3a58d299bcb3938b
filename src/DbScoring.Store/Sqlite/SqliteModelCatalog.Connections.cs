using System;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    /// <summary>The catalog on Microsoft.Data.Sqlite connections (the store's own process).</summary>
    internal sealed partial class SqliteModelCatalog
    {
        private readonly string? _connectionString;

        /// <summary>A catalog that opens its own connections with <paramref name="connectionString"/> when asked to.</summary>
        internal SqliteModelCatalog(string connectionString, string displayName) : this(displayName)
        {
            _connectionString = connectionString;
        }

        /// <summary>
        /// Resolves and loads a reference on a short-lived connection of its own, so that the SQL functions can load a
        /// model while their own connection is in the middle of a statement.
        /// </summary>
        internal ResolvedModel Resolve(ModelRef reference)
        {
            using var connection = new SqliteConnection(_connectionString ?? throw new InvalidOperationException("This catalog was made without a connection string."));
            connection.Open();
            return Resolve(connection, reference);
        }

        /// <summary>Resolves and loads a reference on <paramref name="connection"/> (no pending transaction on it).</summary>
        internal ResolvedModel Resolve(SqliteConnection connection, ModelRef reference) => Resolve(new Registry(connection), reference);

        /// <inheritdoc cref="Find(IRegistryConnection, ModelRef)"/>
        internal static (long VersionId, int Version, string BlobSha256) Find(SqliteConnection connection, ModelRef reference) =>
            Find(new Registry(connection), reference);

        /// <inheritdoc cref="ReadVerifiedBlob(IRegistryConnection, long, string, string, int)"/>
        internal byte[] ReadVerifiedBlob(SqliteConnection connection, long versionId, string recordedSha, string model, int version) =>
            ReadVerifiedBlob(new Registry(connection), versionId, recordedSha, model, version);

        /// <summary>The registry tables through a Microsoft.Data.Sqlite connection.</summary>
        private sealed class Registry : IRegistryConnection
        {
            private readonly SqliteConnection _connection;

            internal Registry(SqliteConnection connection) { _connection = connection; }

            public object?[]? FirstRow(string sql, params (string Name, object Value)[] parameters)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
                using var reader = command.ExecuteReader();
                if (!reader.Read()) return null;
                var row = new object?[reader.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                return row;
            }
        }
    }
}
