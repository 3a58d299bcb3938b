using System;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;

namespace DbScoring.Store.SqlServer
{
    /// <summary>Keeps passwords out of anything printed: connection strings are never echoed as given.</summary>
    public static class ConnectionStringMask
    {
        private static readonly Regex PasswordPair = new Regex(@"(?i)\b(password|pwd)\s*=\s*(""[^""]*""|'[^']*'|[^;]*)", RegexOptions.CultureInvariant);

        /// <summary>Server and database only, e.g. "sqlserver://db1/Scoring" — what to show people.</summary>
        public static string Describe(string connectionString)
        {
            try
            {
                var b = new SqlConnectionStringBuilder(connectionString);
                return "sqlserver://" + b.DataSource + "/" + (string.IsNullOrEmpty(b.InitialCatalog) ? "(default database)" : b.InitialCatalog);
            }
            catch (ArgumentException)
            {
                return "sqlserver://(unparsable connection string)";
            }
        }

        /// <summary>Replaces every password=... in <paramref name="text"/> (an error message, a connection string) with ***.</summary>
        public static string Mask(string? text) => text == null ? "" : PasswordPair.Replace(text, m => m.Groups[1].Value + "=***");
    }
}
