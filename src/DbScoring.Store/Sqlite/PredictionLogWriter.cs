using System;
using System.Collections.Generic;
using DbScoring.Runtime.Audit;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// Writes score-table's PredictionLog rows of one batch with one prepared INSERT, and keeps each row's audit digest
    /// (<see cref="SqliteAuditTrail.PredictionRowDigest"/>) and the batch's first and last id for its audit link. Rows to
    /// log after the batch's other rows (shadow predictions) are held as copies until <see cref="WriteDeferred"/>.
    /// </summary>
    internal sealed class PredictionLogWriter : IDisposable
    {
        private readonly SqliteRawStatement _insert;
        private readonly AuditRecord _record = new AuditRecord("PredictionLog.1");
        private readonly List<string> _digests = new List<string>();
        private readonly List<PredictionLogRow> _deferred = new List<PredictionLogRow>();

        internal PredictionLogWriter(SqliteConnection connection)
        {
            // The columns in the audit digest's order after PredictionLogId (SqliteAuditTrail.PredictionColumns), bound by position.
            _insert = new SqliteRawStatement(connection,
                "INSERT INTO PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, InputsJson, PredictedClass, PredictedLabel, Score, " +
                "Probability, ClassScores, PredictedAt, Explanation, Role, Arm, Status, Reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
        }

        /// <summary>The digests of the rows written since <see cref="BeginBatch"/>, in id order.</summary>
        internal IReadOnlyList<string> Digests => _digests;

        /// <summary>The id of the batch's first and last row.</summary>
        internal long First { get; private set; }
        internal long Last { get; private set; }

        /// <summary>Starts a batch: no digests, nothing deferred.</summary>
        internal void BeginBatch()
        {
            _digests.Clear();
            _deferred.Clear();
        }

        /// <summary>Inserts <paramref name="row"/> and keeps its digest.</summary>
        internal void Write(PredictionLogRow row)
        {
            var s = _insert;
            s.Bind(1, row.RunId);
            s.Bind(2, row.RowKey);
            s.Bind(3, row.VersionId);
            s.Bind(4, row.BlobSha256);
            s.Bind(5, row.InputsSha256);
            if (row.InputsJson == null) s.BindNull(6); else s.BindUtf8(6, row.InputsJson, row.InputsJsonLength);
            s.Bind(7, row.PredictedClass);
            s.Bind(8, row.PredictedLabel);
            s.Bind(9, row.Score);
            s.Bind(10, row.Probability);
            s.Bind(11, row.ClassScores);
            s.Bind(12, row.PredictedAt);
            s.Bind(13, row.Explanation);
            s.Bind(14, row.Role);
            s.Bind(15, row.Arm);
            s.Bind(16, row.Status);
            s.Bind(17, row.Reason);
            s.Execute();
            long id = s.LastInsertRowId;
            if (_digests.Count == 0) First = id;
            Last = id;
            _digests.Add(SqliteAuditTrail.PredictionRowDigest(_record, id, row));
        }

        /// <summary>Keeps a copy of <paramref name="row"/> to write after the batch's other rows.</summary>
        internal void Defer(PredictionLogRow row) => _deferred.Add(row.CopyOf());

        /// <summary>Writes the deferred rows, in the order they were deferred.</summary>
        internal void WriteDeferred()
        {
            foreach (var row in _deferred) Write(row);
            _deferred.Clear();
        }

        public void Dispose() => _insert.Dispose();
    }
}
