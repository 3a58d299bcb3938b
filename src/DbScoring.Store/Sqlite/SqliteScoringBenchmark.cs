using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Runtime;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    /// <summary>What <see cref="SqliteScoringBenchmark.Run"/> measured.</summary>
    public sealed class SqliteBenchmarkResult
    {
        /// <summary>Rows scored by each SELECT.</summary>
        public int Rows { get; init; }
        /// <summary>Arguments per call (model reference + name/value pairs).</summary>
        public int Arity { get; init; }
        /// <summary>Seconds for SELECT sum(dbscoring_score(...)) over the table.</summary>
        public double ScoringSeconds { get; init; }
        /// <summary>Seconds for the same SELECT calling a trivial function of the same arity (the cost floor).</summary>
        public double FloorSeconds { get; init; }
        /// <summary>Rows per second with scoring.</summary>
        public double ScoringRowsPerSecond => Rows / ScoringSeconds;
        /// <summary>Rows per second with the trivial function.</summary>
        public double FloorRowsPerSecond => Rows / FloorSeconds;

        /// <inheritdoc />
        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "{0:N0} rows, {1} arguments per call: dbscoring_score {2:F2} s ({3:N0} rows/s); trivial function {4:F2} s ({5:N0} rows/s); scoring costs {6:F2} µs/row above the floor",
            Rows, Arity, ScoringSeconds, ScoringRowsPerSecond, FloorSeconds, FloorRowsPerSecond, (ScoringSeconds - FloorSeconds) * 1e6 / Rows);
    }

    /// <summary>
    /// Measures scoring inside SQLite: a table of <c>rows</c> generated rows (one column per model input) is scored with
    /// <c>SELECT sum(dbscoring_score('bench:1', 'In1', c0, ...)) FROM t</c>, then read with the same SELECT calling a trivial
    /// variadic function of the same arity (returns its last argument) — the cost of SQLite's function-call path.
    /// For the benchmark project: <c>SqliteScoringBenchmark.Run(blob, 1_000_000)</c>.
    /// </summary>
    public static class SqliteScoringBenchmark
    {
        /// <summary>Runs the measurement in a temporary store (deleted afterwards unless <paramref name="path"/> is given).</summary>
        /// <param name="blob">A model blob; its inputs name the generated columns.</param>
        /// <param name="rows">Rows to generate and score, at least 1.</param>
        /// <param name="path">Store file to use; null = a temporary file.</param>
        public static SqliteBenchmarkResult Run(byte[] blob, int rows = 1_000_000, string? path = null)
        {
            if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Give at least one row.");
            var model = ScoringModel.Load(blob);
            string file = path ?? Path.Combine(Path.GetTempPath(), "dbscoring-bench-" + Guid.NewGuid().ToString("N") + ".db");
            try
            {
                using var store = new SqliteModelStore(file);
                store.EnsureSchema();
                var registered = store.RegisterVersion(new RegisterRequest { Model = "bench", Blob = blob, Notes = "benchmark" });
                using var c = store.OpenConnection();
                c.CreateFunction("dbscoring_floor", (object?[] args) => args[args.Length - 1], isDeterministic: true);
                int n = model.Inputs.Count;
                var columns = Enumerable.Range(0, n).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                SqliteModelStore.Execute(c, "DROP TABLE IF EXISTS bench_rows");
                SqliteModelStore.Execute(c, $"CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, {string.Join(", ", columns.Select((col, i) => col + (model.Inputs[i].Kind == InputKind.Text ? " TEXT" : " REAL")))})");
                using (var tx = c.BeginTransaction())
                using (var insert = c.CreateCommand())
                {
                    insert.CommandText = $"INSERT INTO bench_rows ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(col => "$" + col))})";
                    var ps = columns.Select(col => insert.Parameters.Add("$" + col, SqliteType.Text)).ToArray();
                    var random = new Random(42);
                    for (int r = 0; r < rows; r++)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            var input = model.Inputs[i];
                            if (input.Kind == InputKind.Text)
                                ps[i].Value = input.Categories.Count > 0 ? input.Categories[random.Next(input.Categories.Count)] : "v" + random.Next(10).ToString(CultureInfo.InvariantCulture);
                            else
                                ps[i].Value = input.Kind == InputKind.Boolean ? random.Next(2) : Math.Round(random.NextDouble() * 100, 2);
                        }
                        insert.ExecuteNonQuery();
                    }
                    tx.Commit();
                }
                string args = "'bench:" + registered.Version.ToString(CultureInfo.InvariantCulture) + "'" +
                              string.Concat(model.Inputs.Select((input, i) => ", '" + input.Name.Replace("'", "''", StringComparison.Ordinal) + "', " + columns[i]));
                SqliteModelStore.Scalar(c, $"SELECT dbscoring_score({args}) FROM bench_rows LIMIT 1"); // load the model outside the timing
                double scoring = Time(c, $"SELECT sum(dbscoring_score({args})) FROM bench_rows");
                double floor = Time(c, $"SELECT sum(dbscoring_floor({args})) FROM bench_rows");
                return new SqliteBenchmarkResult { Rows = rows, Arity = 1 + 2 * n, ScoringSeconds = scoring, FloorSeconds = floor };
            }
            finally
            {
                if (path == null)
                    foreach (string f in new[] { file, file + "-wal", file + "-shm" })
                        if (File.Exists(f)) File.Delete(f);
            }
        }

        private static double Time(SqliteConnection c, string sql)
        {
            var clock = Stopwatch.StartNew();
            SqliteModelStore.Scalar(c, sql);
            return clock.Elapsed.TotalSeconds;
        }
    }
}
