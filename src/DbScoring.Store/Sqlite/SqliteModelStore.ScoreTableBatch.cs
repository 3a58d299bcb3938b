using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using DbScoring.Runtime;
using DbScoring.Runtime.Audit;
using DbScoring.Runtime.Monitoring;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    // score-table's batches in one pass: each batch's source rows are read once, scored in C# (the SQL functions' own code,
    // so the same values, errors and texts), and written with prepared statements; the same values in memory feed the audit
    // digests and the input statistics. Before, a batch was four SQL passes over a temp table (fill through the dbscoring_
    // functions, which marshal every argument per call, then write, log and read back for the audit chain and statistics).
    public sealed partial class SqliteModelStore
    {
        /// <summary>One source row of a batch and what became of it.</summary>
        private sealed class BatchRow
        {
            internal object?[] Keys = Array.Empty<object?>();
            /// <summary>Key values as text joined with '|' (PredictionLog.RowKey, the split's key).</summary>
            internal string RowKey = "";
            /// <summary>The inputs' JSON as SQLite's json_object builds it, UTF-8 (the first <see cref="InputsJsonLength"/> bytes; SqliteJsonObject).</summary>
            internal byte[] InputsJson = new byte[256];
            internal int InputsJsonLength;
            /// <summary>The target holds a refused row of this key by one of the run's versions (replaced by this row).</summary>
            internal bool ReplacesRefused;
            /// <summary>The primary's input values as read (plan order), then the columns only other versions read.</summary>
            internal object?[] Values = Array.Empty<object?>();
            internal string? Arm;
            internal long VersionId;
            internal string Status = "";
            internal string? Reason;
            /// <summary>The outputs of the version that scored the row (none when refused).</summary>
            internal readonly SqliteScoringFunctions.RowOutcome Output = new SqliteScoringFunctions.RowOutcome();
            internal string? Explanation;
            internal string? ShadowStatus;
            internal readonly SqliteScoringFunctions.RowOutcome Shadow = new SqliteScoringFunctions.RowOutcome();
        }

        /// <summary>One version's arguments for the scoring functions: model_ref, then 'Input', value pairs (values per row).</summary>
        private sealed class VersionCall
        {
            internal readonly object?[] Args;
            internal readonly object?[] ExplainArgs;
            private readonly int[] _valueIndex;

            internal VersionCall(string modelRef, IReadOnlyList<(string InputName, int ValueIndex)> pairs)
            {
                Args = new object?[1 + 2 * pairs.Count];
                ExplainArgs = new object?[2 + 2 * pairs.Count];
                Args[0] = ExplainArgs[0] = modelRef;
                ExplainArgs[1] = 0L; // all reasons: the target takes the top n, the log keeps the whole explanation
                _valueIndex = new int[pairs.Count];
                for (int i = 0; i < pairs.Count; i++)
                {
                    Args[1 + 2 * i] = ExplainArgs[2 + 2 * i] = pairs[i].InputName;
                    _valueIndex[i] = pairs[i].ValueIndex;
                }
            }

            internal object?[] For(BatchRow row)
            {
                for (int i = 0; i < _valueIndex.Length; i++) Args[2 + 2 * i] = row.Values[_valueIndex[i]];
                return Args;
            }

            internal object?[] ExplainFor(BatchRow row)
            {
                for (int i = 0; i < _valueIndex.Length; i++) ExplainArgs[3 + 2 * i] = row.Values[_valueIndex[i]];
                return ExplainArgs;
            }
        }

        /// <summary>What one batch wrote.</summary>
        private sealed class BatchOutcome
        {
            internal int Rows;
            internal long Scored, Fallback, Refused;
            internal Runtime.Monitoring.DriftCounter? Drift;
        }

        /// <summary>
        /// The prepared statements and version calls of one run. <see cref="ScoreBatch"/> writes one batch inside the caller's
        /// transaction, in chunks of <see cref="ChunkRows"/> rows: a chunk is read, scored and written before the next is read,
        /// so a batch of any size holds a few thousand rows in memory and its objects die young (a whole 100,000-row batch
        /// in memory spent more time in the garbage collector than in SQLite).
        /// </summary>
        private sealed class ScoreTableBatches : IDisposable
        {
            internal const int ChunkRows = 1024;

            private readonly SqliteConnection _connection;
            private readonly SqliteScoringFunctions _functions;
            private readonly ScorePlan _plan;
            private readonly int _keys, _values, _explain;
            private readonly long _runId, _versionId;
            private readonly long? _splitVersionId, _fallbackVersionId, _shadowVersionId;
            private readonly string _sha;
            private readonly string? _splitSha, _fallbackSha, _shadowSha, _salt;
            private readonly int _splitThreshold;
            private readonly bool _logInputs, _targetHasRowId;
            private readonly VersionCall _primary;
            private readonly VersionCall? _split, _shadow, _fallback;
            /// <summary>Reads the rows still to score; with the refused-row look-up only when an earlier run left refused rows.</summary>
            private readonly SqliteRawStatement _read, _clearRefused;
            private readonly TargetInsert _insertOne, _insertMany;
            private readonly PredictionLogWriter _log;
            private readonly PredictionLogRow _logRow = new PredictionLogRow();
            private readonly byte[] _inputsHash = new byte[32];
            /// <summary>One SHA-256 for every row's inputs (reset after each), not a new one per row.</summary>
            private readonly System.Security.Cryptography.IncrementalHash _inputsSha256 =
                System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            private readonly SqliteJsonObject _inputsJson;
            private readonly int[] _clearKeys;
            private readonly BatchRow[] _chunk;
            private readonly BatchStatistics _statistics;
            private long _after = long.MinValue;

            internal ScoreTableBatches(SqliteConnection connection, SqliteScoringFunctions functions, ScorePlan plan, string source, ResolvedModel primary,
                                       RunVersions others, ScoreTableRequest request, long runId)
            {
                _connection = connection;
                _functions = functions;
                _plan = plan;
                _runId = runId;
                _explain = request.Explain;
                _logInputs = request.LogInputs;
                _versionId = primary.ModelVersionId;
                _sha = primary.BlobSha256;
                ResolvedModel? Role(string role) => others.Roles.Where(r => r.Role == role).Select(r => r.Model).FirstOrDefault();
                ResolvedModel? split = Role("b"), fallback = Role("f"), shadow = Role("s");
                _splitVersionId = split?.ModelVersionId; _splitSha = split?.BlobSha256;
                _fallbackVersionId = fallback?.ModelVersionId; _fallbackSha = fallback?.BlobSha256;
                _shadowVersionId = shadow?.ModelVersionId; _shadowSha = shadow?.BlobSha256;
                if (split != null)
                {
                    _salt = SplitBucket.SaltOf(request.Model.Model);
                    _splitThreshold = SplitBucket.Threshold(request.SplitPercent);
                }
                _statistics = new BatchStatistics(primary.ScoringModel);

                // Values: the primary's input columns in plan order, then the columns only other versions read.
                var extra = plan.OtherInputs.Values.SelectMany(list => list.Select(p => p.Column))
                    .Where(c => !plan.Inputs.Any(p => p.Column == c)).Distinct().ToList();
                var valueColumns = plan.Inputs.Select(p => p.Column).Concat(extra).ToList();
                _keys = plan.Keys.Count;
                _values = valueColumns.Count;
                VersionCall Call(ResolvedModel model, string role)
                {
                    var pairs = plan.OtherInputs.TryGetValue(role, out var list)
                        ? list.Select(p => (p.InputName, valueColumns.IndexOf(p.Column))).ToList()
                        : plan.Inputs.Select((p, i) => (p.InputName, i)).ToList();
                    return new VersionCall(ModelRef.ForVersion(model.Model, model.Version).ToString(), pairs);
                }
                _primary = Call(primary, "");
                _split = split == null ? null : Call(split, "b");
                _shadow = shadow == null ? null : Call(shadow, "s");
                _fallback = fallback == null ? null : Call(fallback, "f");
                _chunk = new BatchRow[ChunkRows];
                for (int i = 0; i < _chunk.Length; i++) _chunk[i] = new BatchRow { Keys = new object?[_keys], Values = new object?[_values] };

                // Keys are unique among the rows the run scores (CheckKeysAreUnique, before the first batch). Should a key
                // come twice all the same (a row added to the source while the run reads it), it must fail, not vanish: a
                // batch is read chunk by chunk while its earlier chunks are already in the target, so target rows this batch
                // wrote (this run, rowid above the batch's mark) do not hide a key from the pending filter, and SQLite's
                // UNIQUE error fails the batch. Without a target rowid there is no mark, and a batch is one chunk.
                _targetHasRowId = Convert.ToString(Scalar(connection, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $t", ("$t", plan.Target)),
                    CultureInfo.InvariantCulture)?.IndexOf("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase) < 0;
                string written = _targetHasRowId ? " AND NOT (t.ScoringRunId = $run AND t.rowid > $mark)" : "";
                string keyMatch = string.Join(" AND ", plan.Keys.Select(k => $"t.{Q(k)} = s.{Q(k)}"));
                string Read(bool replacing) =>
                    $"SELECT {string.Join(", ", plan.Keys.Select(k => "s." + Q(k)))}, " +
                    RowKeyText(plan) + ", " +
                    (replacing ? $"EXISTS (SELECT 1 FROM main.{Q(plan.Target)} AS t WHERE {keyMatch} AND t.ModelVersionId IN ($vid, $bvid, $fvid) AND t.Status = 'Refused' AND t.ScoringRunId <> $run)" : "0") +
                    string.Concat(valueColumns.Select(c => ", s." + Q(c))) + ", s.rowid " +
                    $"FROM {source} AS s WHERE {string.Join(" AND ", plan.Keys.Select(k => "s." + Q(k) + " IS NOT NULL"))} " +
                    $"AND NOT EXISTS (SELECT 1 FROM main.{Q(plan.Target)} AS t WHERE {keyMatch} AND t.ModelVersionId IN ($vid, $bvid, $fvid) AND t.Status <> 'Refused'{written}) " +
                    "AND s.rowid > $after ORDER BY s.rowid LIMIT $limit";
                SqliteRawStatement Prepare(string sql)
                {
                    var statement = new SqliteRawStatement(connection, sql);
                    BindVersions(statement);
                    statement.Bind("$run", runId);
                    return statement;
                }
                // Whether a row replaces a refused row of its key costs a second look-up in the target per row. Only a row an
                // earlier run refused is replaced (a run scores each key once), so without such a row in the target at the
                // start the batches read without the look-up.
                bool refusedBefore = Convert.ToInt64(Scalar(connection,
                    $"SELECT EXISTS (SELECT 1 FROM main.{Q(plan.Target)} WHERE Status = 'Refused' AND ModelVersionId IN ($vid, $bvid, $fvid))",
                    ("$vid", _versionId), ("$bvid", _splitVersionId), ("$fvid", _fallbackVersionId)), CultureInfo.InvariantCulture) != 0;
                _read = Prepare(Read(replacing: refusedBefore));

                string KeyParameter(int i) => "$k" + i.ToString(CultureInfo.InvariantCulture);
                _clearRefused = new SqliteRawStatement(connection,
                    $"DELETE FROM main.{Q(plan.Target)} WHERE Status = 'Refused' AND ModelVersionId IN ($vid, $bvid, $fvid) AND ScoringRunId <> $run AND " +
                    string.Join(" AND ", plan.Keys.Select((k, i) => $"{Q(k)} = {KeyParameter(i)}")));
                BindVersions(_clearRefused);
                _clearRefused.Bind("$run", runId);
                _clearKeys = Enumerable.Range(0, _keys).Select(i => _clearRefused.ParameterIndex(KeyParameter(i))).ToArray();

                _insertOne = new TargetInsert(connection, plan, _explain, 1, runId);
                _insertMany = new TargetInsert(connection, plan, _explain, TargetInsert.ManyRows, runId);

                _inputsJson = new SqliteJsonObject(plan.Inputs.Select(p => p.InputName).ToList());
                _log = new PredictionLogWriter(connection);
                _logRow.RunId = runId;
            }

            private void BindVersions(SqliteRawStatement statement)
            {
                statement.Bind("$vid", _versionId);
                statement.Bind("$bvid", _splitVersionId);
                statement.Bind("$fvid", _fallbackVersionId);
            }

            /// <summary>
            /// Scores and writes the next batch of at most <paramref name="batchSize"/> rows still to score: the target rows, the
            /// PredictionLog rows (every primary row, then every shadow row) with their audit link, and the input statistics.
            /// Rows = 0 at the end.
            /// </summary>
            internal BatchOutcome ScoreBatch(int batchSize, string at, long modelId, int batch)
            {
                var outcome = new BatchOutcome();
                _log.BeginBatch();
                if (_targetHasRowId)
                    _read.Bind("$mark", Convert.ToInt64(Scalar(_connection, $"SELECT coalesce(max(rowid), 0) FROM main.{Q(_plan.Target)}"), CultureInfo.InvariantCulture));
                _insertOne.SetTime(at);
                _insertMany.SetTime(at);
                while (outcome.Rows < batchSize)
                {
                    int want = Math.Min(batchSize - outcome.Rows, _targetHasRowId ? ChunkRows : int.MaxValue);
                    var rows = _targetHasRowId ? _chunk : new BatchRow[0];
                    int n = Read(want, ref rows);
                    for (int r = 0; r < n; r++)
                    {
                        var row = rows[r];
                        Score(row);
                        _statistics.Add(row);
                        if (row.Status == "Scored") outcome.Scored++;
                        else if (row.Status == "Fallback") outcome.Fallback++;
                        else outcome.Refused++;
                    }
                    WriteTarget(rows, n);
                    for (int r = 0; r < n; r++) LogRow(rows[r], at);
                    outcome.Rows += n;
                    if (n < want) break;
                }
                if (outcome.Rows == 0) return outcome;
                _log.WriteDeferred();
                SqliteAuditTrail.LinkBatch(_connection, modelId, _runId, batch, _log.First, _log.Last, _log.Digests);
                outcome.Drift = _statistics.Write(_connection, _runId, batch);
                return outcome;
            }

            /// <summary>Reads up to <paramref name="limit"/> rows still to score into <paramref name="rows"/> (grown when it is too small); returns how many.</summary>
            [MethodImpl(HotPath.Options)] // per row: fully optimized from the first batch
            private int Read(int limit, ref BatchRow[] rows)
            {
                int n = 0;
                _read.Bind("$after", _after);
                _read.Bind("$limit", (long)limit);
                try
                {
                    while (_read.Step())
                    {
                        if (n == rows.Length)
                        {
                            Array.Resize(ref rows, Math.Max(16, rows.Length * 2));
                            for (int i = n; i < rows.Length; i++) rows[i] = new BatchRow { Keys = new object?[_keys], Values = new object?[_values] };
                        }
                        var row = rows[n++];
                        for (int i = 0; i < _keys; i++) row.Keys[i] = _read.Value(i);
                        row.RowKey = (string)_read.Value(_keys)!;
                        row.ReplacesRefused = _read.Integer(_keys + 1) != 0;
                        // The primary's inputs are the first values, in plan order: the log's JSON object of them, written as
                        // each is read (one read of each column: every native call takes the connection's mutex).
                        int json = 0;
                        for (int i = 0; i < _values; i++)
                        {
                            if (i >= _inputsJson.Count)
                            {
                                row.Values[i] = _read.Value(_keys + 2 + i);
                                continue;
                            }
                            row.Values[i] = _read.Value(_keys + 2 + i, out var text);
                            _inputsJson.Append(ref row.InputsJson, ref json, i, row.Values[i], text, row.RowKey);
                        }
                        _inputsJson.Close(ref row.InputsJson, ref json);
                        row.InputsJsonLength = json;
                        ReplaceInvalidUtf8(row);
                        _after = _read.Integer(_keys + 2 + _values);
                    }
                }
                finally
                {
                    _read.Reset();
                }
                return n;
            }

            /// <summary>One row through the run's versions, as score-table's statements did it in SQL (docs/embedded-store.md).</summary>
            [MethodImpl(HotPath.Options)]
            private void Score(BatchRow row)
            {
                row.Arm = _split == null ? null : SplitBucket.Of(_salt!, row.RowKey) < _splitThreshold ? "B" : "A";
                row.Reason = row.Explanation = row.ShadowStatus = null;
                var primary = row.Arm == "B" ? _split! : _primary;
                long armVersion = row.Arm == "B" ? _splitVersionId!.Value : _versionId;
                _functions.Evaluate(primary.For(row), row.Output);
                string? error = row.Output.Error;
                if (error == null)
                {
                    row.VersionId = armVersion;
                    row.Status = "Scored";
                    if (_explain > 0) row.Explanation = _functions.ExplainJson(primary.ExplainFor(row));
                }
                else if (_fallback == null)
                {
                    row.VersionId = armVersion;
                    row.Status = "Refused";
                    row.Reason = error;
                }
                else
                {
                    _functions.Evaluate(_fallback.For(row), row.Output);
                    string? fallbackError = row.Output.Error;
                    row.VersionId = fallbackError == null ? _fallbackVersionId!.Value : armVersion;
                    row.Status = fallbackError == null ? "Fallback" : "Refused";
                    row.Reason = fallbackError == null ? error : error + " Fallback: " + fallbackError;
                }
                if (_shadow != null)
                {
                    _functions.Evaluate(_shadow.For(row), row.Shadow);
                    row.ShadowStatus = row.Shadow.Error == null ? "Scored" : "Refused";
                }
            }

            /// <summary>
            /// Replaces the keys' refused rows, then writes the target rows, <see cref="TargetInsert.ManyRows"/> per statement and
            /// the rest one by one; a key the target already holds fails with an error that says so.
            /// </summary>
            [MethodImpl(HotPath.Options)]
            private void WriteTarget(BatchRow[] rows, int n)
            {
                try
                {
                    for (int r = 0; r < n; r++)
                    {
                        var row = rows[r];
                        if (!row.ReplacesRefused) continue;
                        for (int i = 0; i < _keys; i++) _clearRefused.Bind(_clearKeys[i], row.Keys[i]);
                        _clearRefused.Execute();
                    }
                    int next = 0;
                    for (; next + TargetInsert.ManyRows <= n; next += TargetInsert.ManyRows)
                    {
                        for (int r = 0; r < TargetInsert.ManyRows; r++) _insertMany.Bind(r, rows[next + r]);
                        _insertMany.Execute();
                    }
                    for (; next < n; next++)
                    {
                        _insertOne.Bind(0, rows[next]);
                        _insertOne.Execute();
                    }
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 19 && e.Message.Contains("UNIQUE", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"The key columns ({string.Join(", ", _plan.Keys)}) do not identify the rows of {_plan.Source} uniquely: {e.Message}", "KeyColumns", e);
                }
            }

            /// <summary>
            /// The inputs' JSON stays UTF-8: it is hashed, bound and put in the audit digest as is, never decoded to a string
            /// and encoded again. Text that is not valid UTF-8 (a source column can hold any bytes) goes the way a string
            /// would: decoded with replacement characters, then encoded, so that what is logged, hashed and later read back by
            /// audit verify is the same text.
            /// </summary>
            private static void ReplaceInvalidUtf8(BatchRow row)
            {
                var json = new ReadOnlySpan<byte>(row.InputsJson, 0, row.InputsJsonLength);
                if (System.Text.Unicode.Utf8.IsValid(json)) return;
                byte[] replaced = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(json));
                if (replaced.Length > row.InputsJson.Length) row.InputsJson = new byte[Math.Max(replaced.Length, 2 * row.InputsJson.Length)];
                replaced.CopyTo(row.InputsJson, 0);
                row.InputsJsonLength = replaced.Length;
            }

            /// <summary>Logs the row's primary prediction now and keeps its shadow prediction for the end of the batch.</summary>
            [MethodImpl(HotPath.Options)]
            private void LogRow(BatchRow row, string at)
            {
                _inputsSha256.AppendData(row.InputsJson, 0, row.InputsJsonLength);
                _inputsSha256.GetHashAndReset(_inputsHash);
                var log = _logRow;
                log.RowKey = row.RowKey;
                log.InputsSha256 = Convert.ToHexStringLower(_inputsHash);
                log.InputsJson = _logInputs ? row.InputsJson : null;
                log.InputsJsonLength = row.InputsJsonLength;
                log.PredictedAt = at;
                Fill(log, row.VersionId, row.VersionId == _versionId ? _sha : row.VersionId == _splitVersionId ? _splitSha! : _fallbackSha!,
                     row.Output, row.Explanation, "Primary", row.Arm, row.Status, row.Reason);
                _log.Write(log);
                if (_shadow == null) return;
                Fill(log, _shadowVersionId!.Value, _shadowSha!, row.Shadow, null, "Shadow", null, row.ShadowStatus!, row.Shadow.Error);
                _log.Defer(log);
            }

            private static void Fill(PredictionLogRow log, long versionId, string sha, SqliteScoringFunctions.RowOutcome output, string? explanation,
                                     string role, string? arm, string status, string? reason)
            {
                log.VersionId = versionId; log.BlobSha256 = sha;
                log.PredictedClass = output.Class; log.PredictedLabel = output.Label; log.Score = output.Score; log.Probability = output.Probability;
                log.ClassScores = output.ClassScores; // all null when refused
                log.Explanation = explanation; log.Role = role; log.Arm = arm; log.Status = status; log.Reason = reason;
            }

            public void Dispose()
            {
                _read.Dispose();
                _clearRefused.Dispose();
                _insertOne.Dispose();
                _insertMany.Dispose();
                _log.Dispose();
                _inputsSha256.Dispose();
            }
        }
    }
}
