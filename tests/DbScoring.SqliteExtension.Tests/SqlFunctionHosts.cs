using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using DbScoring.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace DbScoring.SqliteExtension.Tests
{
    /// <summary>The rows of one query (values as long, double, string or null), or the error SQLite reported.</summary>
    public sealed record QueryResult(IReadOnlyList<object?[]>? Rows, string? Error)
    {
        public override string ToString() => Error != null ? "error: " + Error : $"{Rows!.Count} rows";
    }

    /// <summary>Somewhere the dbscoring_ functions run: a SQLite connection that has them.</summary>
    public abstract class SqlFunctionHost
    {
        /// <summary>Why this host cannot run here; null when it can.</summary>
        public abstract string? SkipReason { get; }

        /// <summary>Runs one statement on a fresh connection to <paramref name="database"/>.</summary>
        public abstract QueryResult Run(string database, string sql);
    }

    /// <summary>The store's own connections (Microsoft.Data.Sqlite, functions registered in-process).</summary>
    public sealed class InProcessHost : SqlFunctionHost
    {
        public override string? SkipReason => null;

        public override QueryResult Run(string database, string sql)
        {
            using var store = new SqliteModelStore(database);
            using var connection = store.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            try
            {
                using var reader = command.ExecuteReader();
                var rows = new List<object?[]>();
                while (reader.Read())
                {
                    var row = new object?[reader.FieldCount];
                    for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    rows.Add(row);
                }
                return new QueryResult(rows, null);
            }
            catch (SqliteException e)
            {
                return new QueryResult(null, e.Message);
            }
        }
    }

    /// <summary>Debian's sqlite3 shell with <c>.load …/dbscoring</c>, output in its JSON mode.</summary>
    public sealed class Sqlite3ShellHost : SqlFunctionHost
    {
        public static string? Shell => Tools.Find("sqlite3");

        public override string? SkipReason =>
            Shell == null ? "the sqlite3 shell is not installed (apt-get install sqlite3; .ci/run installs it)" : SqliteExtensionBuild.SkipReason;

        /// <summary>The library path as a user types it: without the .so, which SQLite adds.</summary>
        public static string LoadPath => SqliteExtensionBuild.LibraryPath![..^".so".Length];

        public override QueryResult Run(string database, string sql) => Parse(RunScript(database, $".load {LoadPath}\n{sql};\n"));

        /// <summary>Runs a script in <c>sqlite3 -bail -json database</c>.</summary>
        public static ToolResult RunScript(string database, string script) =>
            Tools.Run(Shell!, new[] { "-bail", "-batch", "-json", database }, script);

        private static QueryResult Parse(ToolResult result)
        {
            if (result.ExitCode != 0 || result.Err.Length > 0) return new QueryResult(null, result.Err.Trim() + $" (exit {result.ExitCode})");
            var rows = new List<object?[]>();
            if (result.Out.Trim().Length == 0) return new QueryResult(rows, null);
            using var doc = JsonDocument.Parse(result.Out);
            foreach (var row in doc.RootElement.EnumerateArray())
            {
                var values = new List<object?>();
                foreach (var property in row.EnumerateObject()) values.Add(Value(property.Value));
                rows.Add(values.ToArray());
            }
            return new QueryResult(rows, null);
        }

        internal static object? Value(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.TryGetInt64(out long l) ? (object)l : e.GetDouble(),
            _ => throw new InvalidOperationException("unexpected JSON value " + e),
        };
    }

    /// <summary>Python's sqlite3 module: <c>enable_load_extension(True)</c>, <c>load_extension(…/dbscoring)</c>.</summary>
    public sealed class PythonHost : SqlFunctionHost
    {
        private const string Script = @"
import json, sqlite3, sys
database, library, sql = sys.argv[1:4]
connection = sqlite3.connect(database)
connection.enable_load_extension(True)
connection.load_extension(library)
connection.enable_load_extension(False)
try:
    rows = [list(row) for row in connection.execute(sql)]
except sqlite3.Error as e:
    print(json.dumps({'error': str(e)}))
else:
    print(json.dumps({'rows': rows}))
";

        private static readonly Lazy<(string? Python, string? Reason)> Interpreter = new Lazy<(string?, string?)>(FindPython);

        public override string? SkipReason => Interpreter.Value.Reason ?? SqliteExtensionBuild.SkipReason;

        /// <summary>The interpreter (valid when <see cref="SkipReason"/> is null).</summary>
        public static string Python => Interpreter.Value.Python!;

        public override QueryResult Run(string database, string sql)
        {
            var result = Tools.Run(Python, new[] { "-c", Script, database, SqliteExtensionBuild.LibraryPath!, sql });
            if (result.ExitCode != 0) throw new InvalidOperationException("python failed: " + result);
            using var doc = JsonDocument.Parse(result.Out);
            if (doc.RootElement.TryGetProperty("error", out var error)) return new QueryResult(null, error.GetString());
            var rows = new List<object?[]>();
            foreach (var row in doc.RootElement.GetProperty("rows").EnumerateArray())
            {
                var values = new List<object?>();
                foreach (var value in row.EnumerateArray()) values.Add(Sqlite3ShellHost.Value(value));
                rows.Add(values.ToArray());
            }
            return new QueryResult(rows, null);
        }

        /// <summary>A Python whose sqlite3 module can load extensions (Debian's can; some self-built ones cannot).</summary>
        private static (string?, string?) FindPython()
        {
            foreach (string candidate in new[] { "/usr/bin/python3", "python3" })
            {
                string? path = Tools.Find(candidate);
                if (path == null) continue;
                var probe = Tools.Run(path, new[] { "-c", "import sqlite3; print(hasattr(sqlite3.Connection, 'enable_load_extension'))" });
                if (probe.ExitCode == 0 && probe.Out.Trim() == "True") return (path, null);
            }
            return (null, "no python3 whose sqlite3 module can load extensions (Debian's python3 can)");
        }
    }
}
