using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.IO;
using DbScoring.Store;
using DbScoring.Store.Sqlite;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// Scoring inside SQLite: 1,000,000 rows through the registered SQL function vs the same SELECT over a trivial
    /// function of the same arity (the cost floor of a SQLite function call), then score-table end to end.
    /// </summary>
    public static class SqliteBench
    {
        public const int Rows = 1_000_000;

        public static string Row(Scenario scenario)
        {
            string file = Path.Combine(Path.GetTempPath(), "dbscoring-sqlite-bench-" + Guid.NewGuid().ToString("N") + ".db");
            try
            {
                var inSql = SqliteScoringBenchmark.Run(scenario.Blob, Rows, file);
                using var store = new SqliteModelStore(file);
                // score-table reads input columns by name: a view names the generated columns c0, c1, ... after the inputs.
                using (var c = store.OpenConnection())
                using (var command = c.CreateCommand())
                {
                    command.CommandText = "CREATE VIEW bench_named AS SELECT id, " + string.Join(", ",
                        scenario.Model.Inputs.Select((input, i) => "c" + i.ToString(CultureInfo.InvariantCulture) + " AS \"" + input.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")) + " FROM bench_rows";
                    command.ExecuteNonQuery();
                }
                var clock = Stopwatch.StartNew();
                var run = store.ScoreTable(new ScoreTableRequest
                {
                    Model = ModelRef.Parse("bench:1"), Source = "bench_named", KeyColumns = new[] { "id" }, Target = "bench_scores",
                    BatchSize = 100_000, LogInputs = false,
                });
                double seconds = clock.Elapsed.TotalSeconds;
                return $"| {scenario.Name} | {inSql.ScoringRowsPerSecond / 1e3:0} k | {inSql.FloorRowsPerSecond / 1e3:0} k | {inSql.ScoringSeconds / inSql.FloorSeconds:0.00}× | {Rows / seconds / 1e3:0} k |";
            }
            finally
            {
                foreach (string f in new[] { file, file + "-wal", file + "-shm" })
                    if (File.Exists(f)) File.Delete(f);
            }
        }
    }
}
