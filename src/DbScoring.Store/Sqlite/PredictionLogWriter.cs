using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DbScoring.Runtime.Audit;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// Writes score-table's PredictionLog rows of one batch, <see cref="RowsPerInsert"/> rows per prepared multi-row INSERT
    /// (one statement step for many rows), and keeps each row's audit digest (<see cref="SqliteAuditTrail.PredictionRowDigest"/>)
    /// and the batch's first and last id for its audit link. Rows are copied as they come and written when a statement's
    /// worth is waiting, the rest by <see cref="Flush"/>; rows to log after the batch's other rows (shadow predictions) are
    /// held until <see cref="WriteDeferred"/>, which flushes. The order of the rows, and so their ids, is the order of the
    /// calls.
    /// </summary>
    /// <remarks>
    /// PredictionLogId is an INTEGER PRIMARY KEY (the rowid): each row of one INSERT gets the largest id so far plus one,
    /// so the rows of a statement have consecutive ids ending at sqlite3_last_insert_rowid (checked against the batch's
    /// previous row), and the digests and the audit link name the ids the rows have.
    /// </remarks>
    internal sealed class PredictionLogWriter : IDisposable
    {
        /// <summary>Rows per multi-row INSERT (17 parameters each, far below SQLite's 32,766).</summary>
        internal const int RowsPerInsert = 32;
        private const int Columns = 17;

        private readonly SqliteRawStatement _insertOne, _insertMany;
        private readonly AuditRecord _record = new AuditRecord("PredictionLog.1");
        private readonly List<string> _digests = new List<string>();
        private readonly List<PredictionLogRow> _deferred = new List<PredictionLogRow>();
        private readonly PredictionLogRow[] _waiting = new PredictionLogRow[RowsPerInsert];
        private int _count;

        internal PredictionLogWriter(SqliteConnection connection)
        {
            _insertOne = new SqliteRawStatement(connection, Insert(1));
            _insertMany = new SqliteRawStatement(connection, Insert(RowsPerInsert));
            for (int i = 0; i < _waiting.Length; i++) _waiting[i] = new PredictionLogRow();
        }

        /// <summary>
        /// INSERT of <paramref name="rows"/> rows: the columns in the audit digest's order after PredictionLogId
        /// (SqliteAuditTrail.PredictionColumns), row r's column c bound at position r·17 + c.
        /// </summary>
        private static string Insert(int rows)
        {
            var sql = new StringBuilder(
                "INSERT INTO PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, InputsJson, PredictedClass, PredictedLabel, Score, " +
                "Probability, ClassScores, PredictedAt, Explanation, Role, Arm, Status, Reason) VALUES ");
            for (int r = 0; r < rows; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (int c = 1; c <= Columns; c++) sql.Append(c == 1 ? "?" : ", ?").Append((r * Columns + c).ToString(CultureInfo.InvariantCulture));
                sql.Append(')');
            }
            return sql.ToString();
        }

        /// <summary>The digests of the rows written since <see cref="BeginBatch"/>, in id order.</summary>
        internal IReadOnlyList<string> Digests => _digests;

        /// <summary>The id of the batch's first and last row.</summary>
        internal long First { get; private set; }
        internal long Last { get; private set; }

        /// <summary>Starts a batch: no digests, nothing deferred or waiting.</summary>
        internal void BeginBatch()
        {
            _digests.Clear();
            _deferred.Clear();
            _count = 0;
        }

        /// <summary>Logs <paramref name="row"/> (a copy: the row may be reused at once); written with the next full statement or <see cref="Flush"/>.</summary>
        internal void Write(PredictionLogRow row)
        {
            row.CopyTo(_waiting[_count++]);
            if (_count == RowsPerInsert) Flush();
        }

        /// <summary>Writes the rows waiting, and keeps their digests.</summary>
        internal void Flush()
        {
            if (_count == 0) return;
            if (_count == RowsPerInsert)
            {
                for (int r = 0; r < _count; r++) Bind(_insertMany, r * Columns, _waiting[r]);
                _insertMany.Execute();
                long last = _insertMany.LastInsertRowId;
                long first = last - _count + 1;
                // Only once the largest id is 2^63 − 1 does SQLite pick ids at random; then they stop following the batch's last.
                if (_digests.Count > 0 && first != Last + 1)
                    throw new InvalidOperationException($"PredictionLog ids are not consecutive after the batch's id {Last} (a multi-row INSERT ended at {last}); the audit link would not match.");
                for (int r = 0; r < _count; r++) Digest(first + r, _waiting[r]);
            }
            else
            {
                for (int r = 0; r < _count; r++)
                {
                    Bind(_insertOne, 0, _waiting[r]);
                    _insertOne.Execute();
                    Digest(_insertOne.LastInsertRowId, _waiting[r]);
                }
            }
            _count = 0;
        }

        private void Digest(long id, PredictionLogRow row)
        {
            if (_digests.Count == 0) First = id;
            Last = id;
            _digests.Add(SqliteAuditTrail.PredictionRowDigest(_record, id, row));
        }

        private static void Bind(SqliteRawStatement s, int at, PredictionLogRow row)
        {
            s.Bind(at + 1, row.RunId);
            s.Bind(at + 2, row.RowKey);
            s.Bind(at + 3, row.VersionId);
            s.Bind(at + 4, row.BlobSha256);
            s.Bind(at + 5, row.InputsSha256);
            if (row.InputsJson == null) s.BindNull(at + 6); else s.BindUtf8(at + 6, row.InputsJson, row.InputsJsonLength);
            s.Bind(at + 7, row.PredictedClass);
            s.Bind(at + 8, row.PredictedLabel);
            s.Bind(at + 9, row.Score);
            s.Bind(at + 10, row.Probability);
            s.Bind(at + 11, row.ClassScores);
            s.Bind(at + 12, row.PredictedAt);
            s.Bind(at + 13, row.Explanation);
            s.Bind(at + 14, row.Role);
            s.Bind(at + 15, row.Arm);
            s.Bind(at + 16, row.Status);
            s.Bind(at + 17, row.Reason);
        }

        /// <summary>Keeps a copy of <paramref name="row"/> to write after the batch's other rows.</summary>
        internal void Defer(PredictionLogRow row) => _deferred.Add(row.CopyOf());

        /// <summary>Writes the deferred rows, in the order they were deferred, and every row still waiting.</summary>
        internal void WriteDeferred()
        {
            foreach (var row in _deferred) Write(row);
            _deferred.Clear();
            Flush();
        }

        public void Dispose()
        {
            _insertOne.Dispose();
            _insertMany.Dispose();
        }
    }
}
