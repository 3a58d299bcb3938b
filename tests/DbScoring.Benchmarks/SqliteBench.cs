using System;
using System.Collections.Generic;
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
            /// <summary>Process CPU seconds (all threads) of score-table and of the copy: steadier than the wall clock on a shared machine.</summary>
            public double ScoreTableCpuSeconds { get; init; }
            public double CopyCpuSeconds { get; init; }
            public int Rows { get; init; }
        }

        public static Result Run(Scenario scenario, int rows = Rows)
        {
            string file = Path.Combine(Path.GetTempPath(), "dbscoring-sqlite-bench-" + Guid.NewGuid().ToString("N") + ".db");
            try
            {
                var inSql = SqliteScoringBenchmark.Run(scenario.Blob, rows, file);
                using var store = new SqliteModelStore(file);
                string source = CreateNamedSource(store, scenario);
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                store.ScoreTable(new ScoreTableRequest
                {
                    Model = ModelRef.Parse("bench:1"), Source = source, KeyColumns = new[] { "id" }, Target = "bench_scores",
                    BatchSize = 100_000, LogInputs = true,
                });
                double scoreTable = clock.Elapsed.TotalSeconds;
                process.Refresh();
                double scoreTableCpu = (process.TotalProcessorTime - cpu).TotalSeconds;

                double copy, copyCpu;
                using (var c = store.OpenConnection())
                using (var command = c.CreateCommand())
                {
                    var columns = scenario.Model.Inputs.Select((input, i) => "c" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                    command.CommandText = "CREATE TABLE bench_copy (id INTEGER NOT NULL, " + string.Join(", ", columns) + ", PRIMARY KEY (id))";
                    command.ExecuteNonQuery();
                    process.Refresh();
                    cpu = process.TotalProcessorTime;
                    clock.Restart();
                    command.CommandText = "INSERT INTO bench_copy SELECT id, " + string.Join(", ", columns) + " FROM bench_rows";
                    command.ExecuteNonQuery();
                    copy = clock.Elapsed.TotalSeconds;
                    process.Refresh();
                    copyCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
                }
                return new Result
                {
                    Model = scenario.Name, InSqlRowsPerSecond = inSql.ScoringRowsPerSecond, FloorRowsPerSecond = inSql.FloorRowsPerSecond,
                    ScoreTableRowsPerSecond = rows / scoreTable, CopyRowsPerSecond = rows / copy,
                    ScoreTableCpuSeconds = scoreTableCpu, CopyCpuSeconds = copyCpu, Rows = rows,
                };
            }
            finally
            {
                foreach (string f in new[] { file, file + "-wal", file + "-shm" })
                    if (File.Exists(f)) File.Delete(f);
            }
        }
    
        /// <summary>
        /// score-table reads input columns by name: a table with the generated rows (bench_rows, c0, c1, …) under the inputs'
        /// names. A table, not a view: a view has no rowid to resume from, so each batch would read past every row scored so far.
        /// </summary>
        public static string CreateNamedSource(SqliteModelStore store, Scenario scenario)
        {
            var named = scenario.Model.Inputs.Select(input => "\"" + input.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
            var generated = scenario.Model.Inputs.Select((_, i) => "c" + i.ToString(CultureInfo.InvariantCulture));
            using var c = store.OpenConnection();
            using var command = c.CreateCommand();
            command.CommandText = "CREATE TABLE bench_named (id INTEGER PRIMARY KEY, " + string.Join(", ", named) + "); " +
                                  "INSERT INTO bench_named SELECT id, " + string.Join(", ", generated) + " FROM bench_rows";
            command.ExecuteNonQuery();
            return "bench_named";
        }

        /// <summary>
        /// `--sqlite [filter] [rows] [runs]`: only the SQLite figures, several runs of each (default: logistic and FastTree 100,
        /// 1,000,000 rows, 3 runs), each run's wall-clock and CPU ratios and their medians.
        /// </summary>
        public static void RunAlone(string? filter, int rows, int runs, System.IO.TextWriter o)
        {
            foreach (var scenario in Scenario.All(filter))
            {
                if (filter == null && !scenario.Name.StartsWith("Logistic", StringComparison.Ordinal) && !scenario.Name.StartsWith("FastTree 100", StringComparison.Ordinal)) continue;
                o.WriteLine($"{scenario.Name}, {rows:N0} rows, load average {QuickBench.LoadAverage()}");
                o.WriteLine("| run | score-table rows/s | copy rows/s | score-table ÷ copy (wall) | score-table CPU s | copy CPU s | score-table rows/CPU s | ÷ copy (CPU) |");
                o.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
                var results = new List<Result>();
                for (int run = 1; run <= runs; run++)
                {
                    var r = Run(scenario, rows);
                    results.Add(r);
                    o.WriteLine($"| {run} | {QuickBench.F(r.ScoreTableRowsPerSecond)} | {QuickBench.F(r.CopyRowsPerSecond)} | {r.CopyRowsPerSecond / r.ScoreTableRowsPerSecond:0.00}× | " +
                                $"{r.ScoreTableCpuSeconds:0.00} | {r.CopyCpuSeconds:0.00} | {QuickBench.F(rows / r.ScoreTableCpuSeconds)} | {r.ScoreTableCpuSeconds / r.CopyCpuSeconds:0.00}× |");
                    o.Flush();
                }
                double Median(Func<Result, double> f) => results.Select(f).OrderBy(x => x).ElementAt(results.Count / 2);
                o.WriteLine($"| median | {QuickBench.F(Median(r => r.ScoreTableRowsPerSecond))} | {QuickBench.F(Median(r => r.CopyRowsPerSecond))} | " +
                            $"{Median(r => r.CopyRowsPerSecond / r.ScoreTableRowsPerSecond):0.00}× | {Median(r => r.ScoreTableCpuSeconds):0.00} | {Median(r => r.CopyCpuSeconds):0.00} | " +
                            $"{QuickBench.F(Median(r => rows / r.ScoreTableCpuSeconds))} | {Median(r => r.ScoreTableCpuSeconds / r.CopyCpuSeconds):0.00}× |");
                o.WriteLine();
            }
        }
    }
}
