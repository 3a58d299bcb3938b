using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Store;
using DbScoring.Store.Sqlite;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// Scoring inside SQLite on 1,000,000 generated rows: the registered SQL function vs a trivial function of the same
    /// arity (the cost floor of a SQLite function call); score-table end to end with input logging; and a plain
    /// INSERT … SELECT copy of the same rows into a table with the same key (what writing the rows costs at least).
    /// </summary>
    public static class SqliteBench
    {
        public const int Rows = 1_000_000;

        /// <summary>One model's SQLite figures.</summary>
        public sealed class Result
        {
            public string Model { get; init; } = "";
            public double InSqlRowsPerSecond { get; init; }
            public double FloorRowsPerSecond { get; init; }
            public double ScoreTableRowsPerSecond { get; init; }
            public double CopyRowsPerSecond { get; init; }
        }

        public static Result Run(Scenario scenario)
        {
            string file = Path.Combine(Path.GetTempPath(), "dbscoring-sqlite-bench-" + Guid.NewGuid().ToString("N") + ".db");
            try
            {
                var inSql = SqliteScoringBenchmark.Run(scenario.Blob, Rows, file);
                using var store = new SqliteModelStore(file);
                // score-table reads input columns by name: a view names the generated columns c0, c1, ... after the inputs.
                string named = string.Join(", ", scenario.Model.Inputs.Select((input, i) =>
                    "c" + i.ToString(CultureInfo.InvariantCulture) + " AS \"" + input.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
                using (var c = store.OpenConnection())
                using (var command = c.CreateCommand())
                {
                    command.CommandText = "CREATE VIEW bench_named AS SELECT id, " + named + " FROM bench_rows";
                    command.ExecuteNonQuery();
                }
                var clock = Stopwatch.StartNew();
                store.ScoreTable(new ScoreTableRequest
                {
                    Model = ModelRef.Parse("bench:1"), Source = "bench_named", KeyColumns = new[] { "id" }, Target = "bench_scores",
                    BatchSize = 100_000, LogInputs = true,
                });
                double scoreTable = clock.Elapsed.TotalSeconds;

                double copy;
                using (var c = store.OpenConnection())
                using (var command = c.CreateCommand())
                {
                    var columns = scenario.Model.Inputs.Select((input, i) => "c" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                    command.CommandText = "CREATE TABLE bench_copy (id INTEGER NOT NULL, " + string.Join(", ", columns) + ", PRIMARY KEY (id))";
                    command.ExecuteNonQuery();
                    clock.Restart();
                    command.CommandText = "INSERT INTO bench_copy SELECT id, " + string.Join(", ", columns) + " FROM bench_rows";
                    command.ExecuteNonQuery();
                    copy = clock.Elapsed.TotalSeconds;
                }
                return new Result
                {
                    Model = scenario.Name, InSqlRowsPerSecond = inSql.ScoringRowsPerSecond, FloorRowsPerSecond = inSql.FloorRowsPerSecond,
                    ScoreTableRowsPerSecond = Rows / scoreTable, CopyRowsPerSecond = Rows / copy,
                };
            }
            finally
            {
                foreach (string f in new[] { file, file + "-wal", file + "-shm" })
                    if (File.Exists(f)) File.Delete(f);
            }
        }
    }
}
