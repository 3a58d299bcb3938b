using System.Collections.Generic;
using System.Linq;
using Dapper;

namespace DbScoring.Store.SqlServer
{
    public sealed partial class SqlServerModelStore
    {
        /// <inheritdoc />
        /// <remarks>Read from scoring.RefusedRows: the run's primary prediction log rows with Status 'Refused' and their reason.</remarks>
        public IReadOnlyList<RefusedRow> RefusedRows(long runId, int limit = 10) => Guard(() =>
            (IReadOnlyList<RefusedRow>)Connection.Query<RefusedRow>(Sql(
                "SELECT TOP (@limit) RowKey, Reason FROM scoring.RefusedRows WHERE ScoringRunId = @runId ORDER BY PredictionLogId", new { runId, limit })).ToList());
    }
}
