namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// Read access to the registry tables (Model, ModelVersion, ModelAlias) of one store file, whatever binds SQLite:
    /// Microsoft.Data.Sqlite inside our own process, or the host's <c>sqlite3_api_routines</c> table inside the
    /// loadable extension (src/DbScoring.SqliteExtension compiles this folder's binding-free files in).
    /// </summary>
    internal interface IRegistryConnection
    {
        /// <summary>
        /// The first row of <paramref name="sql"/>, as long, double, string, byte[] or null per column; null when the
        /// query returns no row. Parameters are named as in the SQL (<c>$model</c>) and bound, never spliced in.
        /// </summary>
        object?[]? FirstRow(string sql, params (string Name, object Value)[] parameters);
    }
}
