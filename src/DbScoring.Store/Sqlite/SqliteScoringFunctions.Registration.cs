using System;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    /// <summary>The functions on a Microsoft.Data.Sqlite connection (the store's own process).</summary>
    internal sealed partial class SqliteScoringFunctions
    {
        /// <summary>Registers every function of <see cref="Definitions"/> on <paramref name="connection"/> and returns their state.</summary>
        internal static SqliteScoringFunctions Register(SqliteConnection connection, SqliteModelCatalog catalog)
        {
            var f = new SqliteScoringFunctions(catalog.Resolve);
            foreach (var d in Definitions)
            {
                var definition = d;
                switch (definition.Arity)
                {
                    case -1:
                        connection.CreateFunction(definition.Name, (object?[] args) => definition.Invoke(f, args), definition.IsDeterministic);
                        break;
                    case 0:
                        connection.CreateFunction(definition.Name, () => definition.Invoke(f, Array.Empty<object?>()), definition.IsDeterministic);
                        break;
                    case 1:
                        connection.CreateFunction(definition.Name, (object? arg) => definition.Invoke(f, new[] { arg }), definition.IsDeterministic);
                        break;
                    case 2:
                        connection.CreateFunction(definition.Name, (object? a, object? b) => definition.Invoke(f, new[] { a, b }), definition.IsDeterministic);
                        break;
                    default:
                        throw new InvalidOperationException($"{definition.Name}: arity {definition.Arity} has no registration here.");
                }
            }
            return f;
        }
    }
}
