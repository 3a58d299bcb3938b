using System.Collections.Generic;

namespace DbScoring.Store.Sqlite
{
    public sealed partial class SqliteModelStore
    {
        /// <inheritdoc />
        /// <remarks>Read from the run's primary prediction log rows, which keep the key and the reason of every refusal.</remarks>
        public IReadOnlyList<RefusedRow> RefusedRows(long runId, int limit = 10) => Guard(() =>
            (IReadOnlyList<RefusedRow>)Query(_connection,
                "SELECT RowKey, coalesce(Reason, '') FROM PredictionLog WHERE ScoringRunId = $run AND Role = 'Primary' AND Status = 'Refused' " +
                "ORDER BY PredictionLogId LIMIT $n",
                r => new RefusedRow { RowKey = r.GetString(0), Reason = r.GetString(1) }, ("$run", runId), ("$n", limit)));
    }
}
