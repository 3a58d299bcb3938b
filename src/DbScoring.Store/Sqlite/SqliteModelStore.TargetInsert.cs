using System;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    public sealed partial class SqliteModelStore
    {
        /// <summary>
        /// score-table's INSERT of <see cref="Rows"/> target rows in one statement (one step for many rows): row r's values are
        /// bound to its own parameters ($k0_r …, $version_r, …), the run and the time are shared. A run scores each key once
        /// (CheckKeysAreUnique), so rows of one statement never collide with each other; a key the target already holds fails
        /// the whole statement, and with it the batch, as one row's INSERT did.
        /// </summary>
        private sealed class TargetInsert : IDisposable
        {
            /// <summary>Rows per statement when many are written at once.</summary>
            internal const int ManyRows = 32;

            internal readonly int Rows;
            private readonly SqliteRawStatement _statement;
            private readonly int[][] _keys;
            private readonly int[] _version, _label, _class, _score, _probability, _classScores, _status, _reason, _explanation;
            private readonly int _at;

            internal TargetInsert(SqliteConnection connection, ScorePlan plan, int explain, int rows, long runId)
            {
                Rows = rows;
                static string P(string name, int r) => "$" + name + "_" + r.ToString(CultureInfo.InvariantCulture);
                // Reason i is element i − 1 of the explanation's contributions, which are strongest first (json_extract, as before).
                string ReasonValues(int r) => string.Concat(Enumerable.Range(0, explain).Select(i =>
                    $", json_extract({P("explanation", r)}, '$.contributions[{i.ToString(CultureInfo.InvariantCulture)}].input')" +
                    $", json_extract({P("explanation", r)}, '$.contributions[{i.ToString(CultureInfo.InvariantCulture)}].contribution')"));
                string Values(int r) =>
                    "(" + string.Concat(plan.Keys.Select((k, i) => P("k" + i.ToString(CultureInfo.InvariantCulture), r) + ", ")) +
                    $"{P("version", r)}, {P("label", r)}, {P("class", r)}, {P("score", r)}, {P("probability", r)}, {P("classScores", r)}, $run, $at, " +
                    $"{P("status", r)}, {P("reason", r)}{ReasonValues(r)})";
                var s = _statement = new SqliteRawStatement(connection,
                    $"INSERT INTO main.{Q(plan.Target)} ({string.Join(", ", plan.Keys.Select(Q))}, ModelVersionId, PredictedLabel, PredictedClass, Score, Probability, ClassScores, " +
                    $"ScoringRunId, ScoredAt, Status, Reason{string.Concat(ReasonColumns(explain).Select(c => ", " + c.Name))}) VALUES " +
                    string.Join(", ", Enumerable.Range(0, rows).Select(Values)));
                int[] Each(string name) => Enumerable.Range(0, rows).Select(r => s.ParameterIndex(P(name, r))).ToArray();
                _keys = Enumerable.Range(0, rows).Select(r => plan.Keys.Select((k, i) => s.ParameterIndex(P("k" + i.ToString(CultureInfo.InvariantCulture), r))).ToArray()).ToArray();
                _version = Each("version"); _label = Each("label"); _class = Each("class"); _score = Each("score"); _probability = Each("probability");
                _classScores = Each("classScores"); _status = Each("status"); _reason = Each("reason"); _explanation = Each("explanation");
                _at = s.ParameterIndex("$at");
                s.Bind("$run", runId);
            }

            /// <summary>The time every row of the batch is written with (ScoredAt).</summary>
            internal void SetTime(string at) => _statement.Bind(_at, at);

            /// <summary>Binds <paramref name="row"/> as the statement's row <paramref name="r"/>.</summary>
            internal void Bind(int r, BatchRow row)
            {
                var s = _statement;
                int[] keys = _keys[r];
                for (int i = 0; i < keys.Length; i++) s.Bind(keys[i], row.Keys[i]);
                s.Bind(_version[r], row.VersionId);
                s.Bind(_label[r], row.Output.Label);
                s.Bind(_class[r], row.Output.Class);
                s.Bind(_score[r], row.Output.Score);
                s.Bind(_probability[r], row.Output.Probability);
                s.Bind(_classScores[r], row.Output.ClassScores);
                s.Bind(_status[r], row.Status);
                s.Bind(_reason[r], row.Reason);
                s.Bind(_explanation[r], row.Explanation);
            }

            /// <summary>Writes the bound rows.</summary>
            internal void Execute() => _statement.Execute();

            public void Dispose() => _statement.Dispose();
        }
    }
}
