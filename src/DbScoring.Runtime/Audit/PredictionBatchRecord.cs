namespace DbScoring.Runtime.Audit
{
    /// <summary>
    /// The "PredictionBatch.1" record of the audit chain (docs/audit.md), the same in every store: the run, the batch
    /// number, the first and last PredictionLog id, the digest of each of the batch's rows in id order (as TEXT), and the
    /// row count. The embedded store and the SQL Server assembly both build it here.
    /// </summary>
    public sealed class PredictionBatchRecord
    {
        private readonly AuditRecord _record;
        private long _rows;

        /// <summary>Starts the record of batch <paramref name="batch"/> of run <paramref name="runId"/>, ids <paramref name="first"/>..<paramref name="last"/>.</summary>
        public PredictionBatchRecord(long runId, long batch, long first, long last)
        {
            _record = new AuditRecord("PredictionBatch.1").AddInteger(runId).AddInteger(batch).AddInteger(first).AddInteger(last);
        }

        /// <summary>Rows added so far.</summary>
        public long Rows => _rows;

        /// <summary>Adds the digest (64 hex digits) of the next row, in PredictionLog id order.</summary>
        public void AddRow(string rowDigest)
        {
            _record.AddText(rowDigest);
            _rows++;
        }

        /// <summary>Closes the record with the row count and returns its digest (64 lowercase hex digits). Call once.</summary>
        public string Digest() => _record.AddInteger(_rows).Digest();
    }
}
