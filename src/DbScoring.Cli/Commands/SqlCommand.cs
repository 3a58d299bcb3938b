using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Conversion.Data;
using DbScoring.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace DbScoring.Cli.Commands
{
    /// <summary>
    /// <c>dbscoring sql</c>: any SQL against the embedded store, with the dbscoring_ functions registered — so scoring in
    /// plain SQL works from the command line without a loadable extension. Results as a table, JSON or CSV.
    /// </summary>
    public sealed class SqlCommand : StoreCommand
    {
        private readonly Argument<string> _query = new("query")
        {
            Description = "the SQL to run (one or more statements); or give --file",
            Arity = ArgumentArity.ZeroOrOne,
        };

        private readonly Option<string> _file = CliOptions.Text("--file", "read the SQL from a file instead", "query.sql", "-f");
        private readonly Option<bool> _json = JsonOption("print each result as a JSON array of objects (column name → value)");
        private readonly Option<bool> _csv = CliOptions.Flag("--csv", "print each result as CSV (RFC 4180, header row first)");

        /// <inheritdoc />
        public override string Name => "sql";

        /// <inheritdoc />
        public override string Summary => "Run any SQL against the embedded store with the dbscoring_ scoring functions registered; table, JSON or CSV.";

        /// <inheritdoc />
        protected override IEnumerable<Symbol> CommandSymbols => new Symbol[] { _query, _file, _json, _csv };

        /// <inheritdoc />
        public override string Details =>
            "The functions (docs/embedded-store.md): dbscoring_score, dbscoring_probability, dbscoring_label,\n" +
            "dbscoring_class, dbscoring_class_scores and dbscoring_predict (JSON), each called as\n" +
            "  dbscoring_probability('churn@production', 'Age', Age, 'Tenure', Tenure, ...)\n" +
            "with a model reference (model@alias, model:version, or a bare model name = model@production) and every model\n" +
            "input as a name/value pair. Several statements run in order; each result is printed (the row count on stderr).\n" +
            "Statements that change rows report how many; the registry and audit tables refuse changes (append-only), and a\n" +
            "?mode=ro store refuses every change. Other SQLite clients (the sqlite3 shell, Python, DB Browser) get the same\n" +
            "functions from the loadable extension: see 'dbscoring sqlite-extension --help'.\n" +
            "SQLite stores only: on SQL Server, run queries with sqlcmd or SSMS (scoring.Predict_<model>, scoring.* views).";

        /// <inheritdoc />
        public override string ExitCodeHelp =>
            "0 ok, 2 bad arguments or a query SQLite refuses (syntax, unknown table, a wrong dbscoring_ call such as an\n" +
            "unknown model), 4 query file missing, 6 store error (missing, read-only).";

        /// <inheritdoc />
        public override string Examples =>
            "dbscoring sql \"SELECT ModelName, VersionNumber FROM ModelVersion JOIN Model USING (ModelId)\"\n" +
            "dbscoring sql \"SELECT CustomerId, dbscoring_probability('churn@production', 'Age', Age, 'Tenure', Tenure, 'Plan', Plan) AS p FROM customers LIMIT 5\"\n" +
            "dbscoring sql --file report.sql --csv > report.csv\n";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string? inline = args.Value(_query), file = args.Value(_file);
            if ((inline == null) == (file == null)) throw new UsageException("Give the SQL either as an argument or with --file, exactly one of them.");
            if (args.Value(_json) && args.Value(_csv)) throw new UsageException("Give --json or --csv, not both.");
            string sql = inline ?? ReadQueryFile(file!);
            if (sql.Trim().Length == 0) throw new UsageException("The SQL is empty.");
            using var store = OpenStore(args, context);
            if (store is not SqliteModelStore sqlite)
                throw new UsageException($"'dbscoring sql' runs against the embedded SQLite store; {store.DisplayName} is SQL Server: use sqlcmd or SSMS " +
                                         "(SELECT ... FROM dbo.T CROSS APPLY scoring.Predict_<model>(...)).");
            using var connection = sqlite.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var results = new List<SqlResult>();
            try
            {
                using var reader = command.ExecuteReader();
                do
                {
                    if (reader.FieldCount == 0) continue;
                    var result = new SqlResult(Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray());
                    while (reader.Read()) result.Rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
                    results.Add(result);
                }
                while (reader.NextResult());
                if (results.Count == 0)
                {
                    context.Error.WriteLine($"{Plural.Count(Math.Max(reader.RecordsAffected, 0), "row")} changed.");
                    return ExitCodes.Ok;
                }
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 1 or 19 or 20 or 25)
            {
                // 1 SQLITE_ERROR (syntax, unknown table or column, a function's error), 19 constraint (the append-only
                // triggers), 20 type mismatch, 25 range: the query's problem, not the store's.
                throw new UsageException("SQLite refused the query: " + Clean(e.Message));
            }
            Print(results, args.Value(_json) ? "json" : args.Value(_csv) ? "csv" : "table", context);
            return ExitCodes.Ok;
        }

        private static string ReadQueryFile(string path)
        {
            ModelFiles.RequireFile(path);
            return File.ReadAllText(path);
        }

        /// <summary>SQLite's message without the "SQLite Error 1: '…'." wrapper.</summary>
        private static string Clean(string message)
        {
            if (!message.StartsWith("SQLite Error ", StringComparison.Ordinal)) return message;
            int colon = message.IndexOf(": '", StringComparison.Ordinal);
            if (colon < 0) return message;
            string inner = message.Substring(colon + 3);
            return inner.EndsWith("'.", StringComparison.Ordinal) ? inner.Substring(0, inner.Length - 2) : inner;
        }

        private static void Print(List<SqlResult> results, string format, CliContext context)
        {
            var o = context.Out;
            if (format == "json")
            {
                var documents = results.Select(r => r.Rows.Select(row => r.Columns.Select((c, i) => (c, Value: JsonValue(row[i]))).ToDictionary(p => p.c, p => p.Value)).ToList()).ToList();
                if (documents.Count == 1) Json.Write(o, documents[0]);
                else Json.Write(o, documents);
                return;
            }
            for (int r = 0; r < results.Count; r++)
            {
                var result = results[r];
                if (r > 0) o.WriteLine();
                if (format == "csv")
                {
                    using var csv = new CsvWriter(o, result.Columns);
                    foreach (var row in result.Rows)
                    {
                        var record = csv.NewRow();
                        foreach (var value in row) record.Add(Text(value));
                        record.Dispose(); // writes the row
                    }
                    csv.Flush();
                    continue;
                }
                var table = new TextTable(result.Columns);
                foreach (var row in result.Rows) table.Add(row.Select(v => (object?)(v == null ? "NULL" : Text(v))).ToArray());
                table.Write(o);
                context.Error.WriteLine($"({Plural.Count(result.Rows.Count, "row")})");
            }
        }

        private static object? JsonValue(object? value) => value is byte[] bytes ? Convert.ToHexStringLower(bytes) : value;

        /// <summary>A value as text: numbers round-trippable in the invariant culture, blobs as hex.</summary>
        private static string Text(object? value) => value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture),
            byte[] bytes => "x'" + Convert.ToHexStringLower(bytes) + "'",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };

        private sealed class SqlResult
        {
            public SqlResult(string[] columns) => Columns = columns;

            public string[] Columns { get; }

            public List<object?[]> Rows { get; } = new();
        }
    }
}
