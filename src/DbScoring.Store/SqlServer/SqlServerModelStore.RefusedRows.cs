using System;
using System.Collections.Generic;

namespace DbScoring.Store.SqlServer
{
    public sealed partial class SqlServerModelStore
    {
        /// <inheritdoc />
        /// <remarks>
        /// scoring.ScoreTable keeps no per-row refusals yet (its runs report <see cref="ScoringRunInfo.RowsRefused"/> = 0), so
        /// there is nothing to list; when it records them in the prediction log, this reads them like the embedded store.
        /// </remarks>
        public IReadOnlyList<RefusedRow> RefusedRows(long runId, int limit = 10) => Array.Empty<RefusedRow>();
    }
}
