using System;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    public sealed partial class SqliteModelStore
    {
        /// <summary>
        /// The key columns must identify the rows a run scores — the rule of both stores (SQL Server: error 50026). Before the
        /// first batch the rows still to score are checked once: a key that occurs twice among them stops the run with an
        /// error naming the key and the source, and nothing is scored, wherever the two rows are (in one batch or in two, with
        /// or without a row an earlier run refused for that key). Keys the target already holds for the run's versions are not
        /// to be scored, so their repeats are not looked at (as on SQL Server). Free when the source has a unique index on some
        /// of the key columns (its primary key, for example): the check is skipped.
        /// </summary>
        /// <param name="connection">The connection that reads <paramref name="rows"/> (a snapshot is a temporary table of its own).</param>
        /// <param name="plan">The run's checked request.</param>
        /// <param name="rows">What the batches read: the source table, or the snapshot of a view's rows still to score.</param>
        /// <param name="snapshot">True when <paramref name="rows"/> is that snapshot (it holds only rows still to score).</param>
        /// <param name="versions">$vid, $bvid, $fvid for the pending filter.</param>
        private void CheckKeysAreUnique(SqliteConnection connection, ScorePlan plan, string rows, bool snapshot, (string Name, object? Value)[] versions)
        {
            if (!snapshot && SourceIndexMakesKeysUnique(plan)) return;
            // Equal as the target's key compares them (BINARY), whatever collation the source's columns declare.
            string groups = string.Join(", ", plan.Keys.Select(k => "s." + Q(k) + " COLLATE BINARY"));
            var duplicate = Query(connection,
                $"SELECT min({RowKeyText(plan)}), count(*) FROM {rows} AS s WHERE {(snapshot ? "1" : PendingRows(plan))} GROUP BY {groups} HAVING count(*) > 1 LIMIT 1",
                r => (Key: r.GetString(0), Rows: r.GetInt64(1)), versions);
            if (duplicate.Count == 0) return;
            throw new ArgumentException(
                $"The key columns ({string.Join(", ", plan.Keys)}) of {plan.Source} are not unique among the rows to score: the key {duplicate[0].Key} occurs " +
                $"{duplicate[0].Rows.ToString(CultureInfo.InvariantCulture)} times. Give a unique key (or score a view that has one). Nothing was scored.", "KeyColumns");
        }

        /// <summary>
        /// Whether the source table itself guarantees unique keys: its INTEGER PRIMARY KEY (the rowid) or a unique index
        /// without a WHERE clause whose columns are all key columns. Unique under any collation is unique under BINARY, and a
        /// row with a NULL key is not scored, so such an index rules out a duplicate among the rows to score.
        /// </summary>
        private bool SourceIndexMakesKeysUnique(ScorePlan plan)
        {
            bool IsKey(string column) => plan.Keys.Contains(column, StringComparer.OrdinalIgnoreCase);
            var primary = Query(_connection, "SELECT name, type FROM pragma_table_info($t) WHERE pk > 0", r => (Name: r.GetString(0), Type: r.GetString(1)), ("$t", plan.Source));
            if (plan.HasRowId && primary.Count == 1 && string.Equals(primary[0].Type, "INTEGER", StringComparison.OrdinalIgnoreCase) && IsKey(primary[0].Name)) return true;
            var indexes = Query(_connection, "SELECT name FROM pragma_index_list($t) WHERE \"unique\" = 1 AND partial = 0", r => r.GetString(0), ("$t", plan.Source));
            foreach (string index in indexes)
            {
                // cid -2: an expression, -1: the rowid; neither is a key column.
                var columns = Query(_connection, "SELECT cid, name FROM pragma_index_info($i)", r => (Cid: r.GetInt64(0), Name: r.IsDBNull(1) ? "" : r.GetString(1)), ("$i", index));
                if (columns.Count > 0 && columns.All(c => c.Cid >= 0 && IsKey(c.Name))) return true;
            }
            return false;
        }

        /// <summary>The row key of source row s as text: the key values joined with '|' (PredictionLog.RowKey, the split's key).</summary>
        private static string RowKeyText(ScorePlan plan) => string.Join(" || '|' || ", plan.Keys.Select(k => "CAST(s." + Q(k) + " AS TEXT)"));
    }
}
