using System;
using DbScoring.Store.Sqlite;
using DbScoring.Store.SqlServer;
using Microsoft.Data.SqlClient;

namespace DbScoring.Store
{
    /// <summary>
    /// Opens a store from a spec (the CLI's --store, else the environment variable DBSCORING_STORE):
    /// <c>sqlite:&lt;path&gt;</c> (append <c>?mode=ro</c> for read-only) → <see cref="SqliteModelStore"/>;
    /// a SQL Server connection string (it has a Server/Data Source) → <see cref="SqlServerModelStore"/>;
    /// nothing → <c>sqlite:./dbscoring.db</c>.
    /// </summary>
    public static class ModelStoreFactory
    {
        /// <summary>Environment variable read when no spec is given.</summary>
        public const string EnvironmentVariable = "DBSCORING_STORE";

        /// <summary>The spec used when neither --store nor DBSCORING_STORE is given.</summary>
        public const string DefaultSpec = "sqlite:./dbscoring.db";

        /// <summary>Opens the store <paramref name="storeSpec"/> names (null or blank: DBSCORING_STORE, then the default).</summary>
        public static IModelStore Open(string? storeSpec)
        {
            string spec = Resolve(storeSpec);
            if (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
            {
                string path = spec.Substring("sqlite:".Length);
                bool readOnly = false;
                if (path.EndsWith("?mode=ro", StringComparison.OrdinalIgnoreCase)) { readOnly = true; path = path.Substring(0, path.Length - "?mode=ro".Length); }
                if (path.Length == 0) throw new ArgumentException("Give a file path after 'sqlite:' (e.g. sqlite:./dbscoring.db).", nameof(storeSpec));
                return new SqliteModelStore(path, readOnly);
            }
            if (IsSqlServer(spec)) return new SqlServerModelStore(spec);
            throw new ArgumentException(
                $"The store '{ConnectionStringMask.Mask(spec)}' is neither 'sqlite:<path>' nor a SQL Server connection string (Server=...;Database=...).", nameof(storeSpec));
        }

        /// <summary>The spec that <see cref="Open"/> would use, for display only after <see cref="ConnectionStringMask.Mask"/>.</summary>
        public static string Resolve(string? storeSpec)
        {
            if (!string.IsNullOrWhiteSpace(storeSpec)) return storeSpec.Trim();
            string? env = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(env) ? DefaultSpec : env.Trim();
        }

        private static bool IsSqlServer(string spec)
        {
            try
            {
                return !string.IsNullOrWhiteSpace(new SqlConnectionStringBuilder(spec).DataSource);
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is InvalidOperationException)
            {
                return false;
            }
        }
    }
}
