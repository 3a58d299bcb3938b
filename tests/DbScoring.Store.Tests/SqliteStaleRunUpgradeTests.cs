using System;
using System.IO;
using DbScoring.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>
    /// Schema migration 5 (stale runs) rebuilds ScoringRun, because SQLite cannot alter its CHECK: an embedded store written
    /// by the previous schema keeps every run and every logged prediction and batch statistic pointing at its run.
    /// </summary>
    public sealed class SqliteStaleRunUpgradeTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "dbscoring-upgrade-" + Guid.NewGuid().ToString("N"));

        public SqliteStaleRunUpgradeTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_dir, recursive: true);
        }

        [Fact]
        public void A_store_of_schema_4_keeps_every_run_and_its_children_and_can_then_abandon_a_stale_run()
        {
            string path = Path.Combine(_dir, "v4.db");
            using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                c.Open();
                Exec(c, "CREATE TABLE SchemaVersion (Version INTEGER PRIMARY KEY, Description TEXT NOT NULL, AppliedAt TEXT NOT NULL, AppliedBy TEXT NOT NULL);");
                for (int v = 1; v <= 4; v++)
                {
                    Exec(c, SqliteSchema.Migrations[v - 1].Sql);
                    Exec(c, $"INSERT INTO SchemaVersion VALUES ({v}, 'v{v}', '2026-01-01T00:00:00.000Z', 'test');");
                }

                Exec(c, "INSERT INTO Model (ModelId, ModelName, CreatedBy, CreatedAt) VALUES (1, 'churn', 'test', '2026-01-01T00:00:00.000Z');");
                Exec(c, "INSERT INTO ModelVersion (ModelVersionId, ModelId, VersionNumber, ModelBlob, BlobSha256, BlobBytes, ContentHash, FormatVersion, " +
                        "PredictionKind, Description, RegisteredBy, RegisteredAt) VALUES (1, 1, 1, x'00', '" + new string('a', 64) + "', 1, 'c', '1.0', 1, '{}', 'test', " +
                        "'2026-01-01T00:00:00.000Z');");
                for (int run = 1; run <= 3; run++)
                {
                    string status = run == 3 ? "Running" : "Succeeded";
                    Exec(c, "INSERT INTO ScoringRun (ScoringRunId, ModelId, ModelVersionId, TargetName, Command, StartedAt, Status, RunBy) " +
                            $"VALUES ({run}, 1, 1, 'scores', 'ScoreTable(...)', '2026-01-0{run}T00:00:00.000Z', '{status}', 'old');");
                    for (int row = 1; row <= 4; row++)
                    {
                        Exec(c, "INSERT INTO PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, PredictedAt) " +
                                $"VALUES ({run}, '{row}', 1, 'aa', 'bb', '2026-01-01T00:00:00.000Z');");
                    }

                    Exec(c, "INSERT INTO RetentionLog (PurgeId, ModelId, ScoringRunId, BatchNumber, KeepDays, Cutoff, RowsRemoved, FirstPredictionLogId, LastPredictionLogId, Digest, PurgedBy, PurgedAt) " +
                            $"VALUES ({run}, 1, {run}, 1, 30, '2026-01-01T00:00:00.000Z', 1, 1, 1, '" + new string('d', 64) + "', 'test', '2026-01-01T00:00:00.000Z');");
                    Exec(c, "INSERT INTO ScoringRunInputStats (ScoringRunId, BatchNumber, InputName, RowsScored, MissingValues, UnseenCategories, BelowRange, AboveRange) " +
                            $"VALUES ({run}, 1, 'Age', 4, 0, 0, 0, 0);");
                }
            }

            using (var store = new SqliteModelStore(path))
            {
                var status = store.EnsureSchema();
                Assert.Equal(4, status.VersionBefore);
                Assert.Equal(SqliteSchema.CodeVersion, status.VersionAfter);
            }

            using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                c.Open();
                Assert.Equal(3L, Scalar(c, "SELECT count(*) FROM ScoringRun"));
                Assert.Equal(12L, Scalar(c, "SELECT count(*) FROM PredictionLog AS p JOIN ScoringRun AS r ON r.ScoringRunId = p.ScoringRunId"));
                Assert.Equal(3L, Scalar(c, "SELECT count(*) FROM ScoringRunInputStats AS s JOIN ScoringRun AS r ON r.ScoringRunId = s.ScoringRunId"));
                Assert.Equal(3L, Scalar(c, "SELECT count(*) FROM RetentionLog AS l JOIN ScoringRun AS r ON r.ScoringRunId = l.ScoringRunId"));
                Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM pragma_foreign_key_check WHERE \"table\" IN ('PredictionLog', 'ScoringRunInputStats', 'RetentionLog') AND parent = 'ScoringRun'"));
                Assert.Equal("ok", Scalar(c, "PRAGMA integrity_check"));

                // The rebuilt table admits exactly Running -> Abandoned (with who) and refuses the rest.
                Exec(c, "UPDATE ScoringRun SET Status = 'Abandoned', AbandonedBy = 'next', EndedAt = '2026-01-04T00:00:00.000Z' WHERE ScoringRunId = 3;");
                Assert.Throws<SqliteException>(() => Exec(c, "UPDATE ScoringRun SET Status = 'Failed' WHERE ScoringRunId = 3;"));
                Assert.Throws<SqliteException>(() => Exec(c, "UPDATE ScoringRun SET Status = 'Abandoned', AbandonedBy = 'x' WHERE ScoringRunId = 1;"));
                Assert.Throws<SqliteException>(() => Exec(c, "DELETE FROM ScoringRun WHERE ScoringRunId = 1;"));
            }
        }

        private static void Exec(SqliteConnection c, string sql)
        {
            using var command = c.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static object? Scalar(SqliteConnection c, string sql)
        {
            using var command = c.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }
}
