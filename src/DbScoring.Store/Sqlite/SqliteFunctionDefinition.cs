using System;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// One <c>dbscoring_</c> SQL function as both SQLite bindings register it (Microsoft.Data.Sqlite in our process, the
    /// host's sqlite3 API in the loadable extension): its name, arity, determinism and body. The body takes the
    /// arguments as SQLite values (long, double, string, byte[], null/DBNull) and returns long, double, string, byte[] or null.
    /// </summary>
    internal sealed class SqliteFunctionDefinition
    {
        internal SqliteFunctionDefinition(string name, int arity, bool isDeterministic, Func<SqliteScoringFunctions, object?[], object?> invoke)
        {
            Name = name;
            Arity = arity;
            IsDeterministic = isDeterministic;
            Invoke = (functions, args) =>
            {
                try
                {
                    return invoke(functions, args);
                }
                catch (ArgumentException e) when (e.ParamName != null)
                {
                    // SQLite shows the message as the statement's error: a C# parameter name means nothing there.
                    throw new ArgumentException(WithoutParameterName(e), e);
                }
            };
        }

        private static string WithoutParameterName(ArgumentException e)
        {
            string suffix = $" (Parameter '{e.ParamName}')";
            return e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message.Substring(0, e.Message.Length - suffix.Length) : e.Message;
        }

        /// <summary>SQL name.</summary>
        internal string Name { get; }

        /// <summary>Number of arguments; -1 for any number (SQLite itself refuses another count for a fixed arity).</summary>
        internal int Arity { get; }

        /// <summary>Same arguments, same result within a statement (lets SQLite use it in indexes and factor it out).</summary>
        internal bool IsDeterministic { get; }

        /// <summary>The body, on one connection's function state; a caller mistake is an <see cref="ArgumentException"/> whose message is the whole story.</summary>
        internal Func<SqliteScoringFunctions, object?[], object?> Invoke { get; }
    }
}
