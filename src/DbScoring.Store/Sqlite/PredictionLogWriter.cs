using System;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// Writes score-table's PredictionLog rows, <see cref="RowsPerInsert"/> rows per prepared multi-row INSERT (one statement
    /// step for many rows), each with the PredictionLogId it was given (<see cref="PredictionLogRow.Id"/>). Rows are written
    /// when a statement's worth is waiting, the rest by <see cref="Flush"/>.
    /// </summary>
    /// <remarks>
    /// The ids are given, not left to SQLite, because the rows' audit digests include them and are computed on score-table's
    /// read thread before the rows reach this writer (see ScoreTableBatches): the read thread numbers the rows from the largest
    /// id plus one — what SQLite would give them — and the batch checks that number against the table when its transaction
    /// has begun (no other writer can insert until it commits).
    /// </remarks>
    internal sealed class PredictionLogWriter : IDisposable
    {
        /// <summary>Rows per multi-row INSERT (18 parameters each, far below SQLite's 32,766).</summary>
        internal const int RowsPerInsert = 32;
        private const int Columns = 18;

        private readonly SqliteRawStatement _insertOne, _insertMany;
        private readonly PredictionLogRow?[] _waiting = new PredictionLogRow[RowsPerInsert];
        private int _count;

        internal PredictionLogWriter(SqliteConnection connection)
        {
            _insertOne = new SqliteRawStatement(connection, Insert(1));
            _insertMany = new SqliteRawStatement(connection, Insert(RowsPerInsert));
        }

        /// <summary>
        /// INSERT of <paramref name="rows"/> rows: PredictionLogId, then the columns in the audit digest's order
        /// (SqliteAuditTrail.PredictionColumns), row r's column c bound at position r·18 + c.
        /// </summary>
        private static string Insert(int rows)
        {
            var sql = new StringBuilder(
                "INSERT INTO PredictionLog (PredictionLogId, ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, InputsJson, PredictedClass, PredictedLabel, Score, " +
                "Probability, ClassScores, PredictedAt, Explanation, Role, Arm, Status, Reason) VALUES ");
            for (int r = 0; r < rows; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (int c = 1; c <= Columns; c++) sql.Append(c == 1 ? "?" : ", ?").Append((r * Columns + c).ToString(CultureInfo.InvariantCulture));
                sql.Append(')');
            }
            return sql.ToString();
        }

        /// <summary>
        /// Logs <paramref name="row"/>, written with the next full statement or <see cref="Flush"/>: the row must stay as it is
        /// until then (it is not copied).
        /// </summary>
        internal void Write(PredictionLogRow row)
        {
            _waiting[_count++] = row;
            if (_count == RowsPerInsert) Flush();
        }

        /// <summary>Writes the rows waiting.</summary>
        internal void Flush()
        {
            if (_count == RowsPerInsert)
            {
                for (int r = 0; r < _count; r++) Bind(_insertMany, r * Columns, _waiting[r]!);
                _insertMany.Execute();
            }
            else
            {
                for (int r = 0; r < _count; r++)
                {
                    Bind(_insertOne, 0, _waiting[r]!);
                    _insertOne.Execute();
                }
            }
            Array.Clear(_waiting, 0, _count);
            _count = 0;
        }

        private static void Bind(SqliteRawStatement s, int at, PredictionLogRow row)
        {
            s.Bind(at + 1, row.Id);
            s.Bind(at + 2, row.RunId);
            s.Bind(at + 3, row.RowKey);
            s.Bind(at + 4, row.VersionId);
            s.Bind(at + 5, row.BlobSha256);
            s.Bind(at + 6, row.InputsSha256);
            if (row.InputsJson == null) s.BindNull(at + 7); else s.BindUtf8(at + 7, row.InputsJson, row.InputsJsonLength);
            s.Bind(at + 8, row.PredictedClass);
            s.Bind(at + 9, row.PredictedLabel);
            s.Bind(at + 10, row.Score);
            s.Bind(at + 11, row.Probability);
            s.Bind(at + 12, row.ClassScores);
            s.Bind(at + 13, row.PredictedAt);
            s.Bind(at + 14, row.Explanation);
            s.Bind(at + 15, row.Role);
            s.Bind(at + 16, row.Arm);
            s.Bind(at + 17, row.Status);
            s.Bind(at + 18, row.Reason);
        }

        public void Dispose()
        {
            _insertOne.Dispose();
            _insertMany.Dispose();
        }
    }
}
