using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using DbScoring.Runtime;
using DbScoring.Runtime.Audit;
using DbScoring.Runtime.Monitoring;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    public sealed partial class SqliteModelStore
    {
        private sealed partial class ScoreTableBatches
        {
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

            /// <summary>
            /// The read thread's work: reads the rows still to score (keyset on the source's rowid) on its own connection, scores
            /// each through the run's versions as score-table's statements did it in SQL (docs/embedded-store.md), and builds its
            /// PredictionLog rows — the inputs' JSON and SHA-256, the id, the audit digest — and the batch's input statistics.
            /// Everything here runs on the read thread only; it shares no state with the connection thread but the chunks it
            /// hands over.
            /// </summary>
            private sealed class ReadStage
            {
                private readonly SqliteScoringFunctions _functions;
                private readonly int _keys, _values, _explain;
                private readonly long _runId, _versionId;
                private readonly long? _splitVersionId, _fallbackVersionId, _shadowVersionId;
                private readonly string _sha;
                private readonly string? _splitSha, _fallbackSha, _shadowSha, _salt;
                private readonly int _splitThreshold;
                private readonly bool _logInputs;
                private readonly VersionCall _primary;
                private readonly VersionCall? _split, _shadow, _fallback;
                /// <summary>Reads the rows still to score; with the refused-row look-up only when an earlier run left refused rows.</summary>
                private readonly SqliteRawStatement _read;
                private readonly byte[] _inputsHash = new byte[32];
                /// <summary>One SHA-256 for every row's inputs (reset after each), not a new one per row.</summary>
                private readonly System.Security.Cryptography.IncrementalHash _inputsSha256 =
                    System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
                private readonly AuditRecord _record = new AuditRecord("PredictionLog.1");
                private readonly SqliteJsonObject _inputsJson;
                private readonly BatchStatistics _statistics;
                private long _after = long.MinValue;
                /// <summary>The id of the next PredictionLog row.</summary>
                private long _nextId;

                internal ReadStage(SqliteConnection reader, SqliteScoringFunctions functions, ScorePlan plan, string source, ResolvedModel primary,
                                   RunVersions others, RunVersionIds versions, ScoreTableRequest request, long runId, long firstId)
                {
                    _functions = functions;
                    _runId = runId;
                    _nextId = firstId;
                    _explain = request.Explain;
                    _logInputs = request.LogInputs;
                    _versionId = primary.ModelVersionId;
                    _sha = primary.BlobSha256;
                    ResolvedModel? split = others.Role("b"), fallback = others.Role("f"), shadow = others.Role("s");
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

                    // Whether a row replaces a refused row of its key costs a second look-up in the target per row. Only a row an
                    // earlier run refused is replaced (a run scores each key once), so without such a row in the target at the
                    // start the batches read without the look-up.
                    bool refusedBefore = Convert.ToInt64(Scalar(reader,
                        $"SELECT EXISTS (SELECT 1 FROM main.{Q(plan.Target)} WHERE Status = 'Refused' AND ModelVersionId IN ($vid, $bvid, $fvid))",
                        ("$vid", versions.Primary), ("$bvid", versions.Split), ("$fvid", versions.Fallback)), CultureInfo.InvariantCulture) != 0;
                    // This connection sees committed rows only: the target rows of the batch being written do not hide a key.
                    string keyMatch = string.Join(" AND ", plan.Keys.Select(k => $"t.{Q(k)} = s.{Q(k)}"));
                    _read = new SqliteRawStatement(reader,
                        $"SELECT {string.Join(", ", plan.Keys.Select(k => "s." + Q(k)))}, " +
                        RowKeyText(plan) + ", " +
                        (refusedBefore ? $"EXISTS (SELECT 1 FROM main.{Q(plan.Target)} AS t WHERE {keyMatch} AND t.ModelVersionId IN ($vid, $bvid, $fvid) AND t.Status = 'Refused' AND t.ScoringRunId <> $run)" : "0") +
                        string.Concat(valueColumns.Select(c => ", s." + Q(c))) + ", s.rowid " +
                        $"FROM {source} AS s WHERE {string.Join(" AND ", plan.Keys.Select(k => "s." + Q(k) + " IS NOT NULL"))} " +
                        $"AND NOT EXISTS (SELECT 1 FROM main.{Q(plan.Target)} AS t WHERE {keyMatch} AND t.ModelVersionId IN ($vid, $bvid, $fvid) AND t.Status <> 'Refused') " +
                        "AND s.rowid > $after ORDER BY s.rowid LIMIT $limit");
                    versions.Bind(_read);
                    _read.Bind("$run", runId);

                    _inputsJson = new SqliteJsonObject(plan.Inputs.Select(p => p.InputName).ToList());
                }

                internal ScoredChunk NewChunk() => new ScoredChunk(ChunkRows, _keys, _values);

                /// <summary>
                /// The read thread: batch after batch of at most <paramref name="batchSize"/> rows, in chunks taken from
                /// <paramref name="free"/> and put in <paramref name="scored"/>, until a batch finds no row (sent as an empty last
                /// chunk), an error (sent as a chunk with the failure) or <paramref name="stop"/>.
                /// </summary>
                internal void Run(int batchSize, BlockingCollection<ScoredChunk> free, BlockingCollection<ScoredChunk> scored, CancellationToken stop)
                {
                    try
                    {
                        for (int batch = 1; ; batch++)
                        {
                            string at = Now();
                            long firstId = _nextId;
                            var digests = new List<string>();
                            var shadows = new List<PredictionLogRow>();
                            var statistics = _statistics.ForNextBatch();
                            int rows = 0;
                            while (true)
                            {
                                var chunk = free.Take(stop);
                                int want = Math.Min(batchSize - rows, ChunkRows);
                                int n = Read(want, chunk.Rows);
                                for (int r = 0; r < n; r++)
                                {
                                    var row = chunk.Rows[r];
                                    Score(row);
                                    statistics.Add(row);
                                    LogRow(row, chunk.Logs[r], at, digests, shadows);
                                }
                                rows += n;
                                chunk.Count = n;
                                chunk.Batch = batch;
                                chunk.At = at;
                                chunk.BatchFirstId = firstId;
                                chunk.EndsBatch = n < want || rows == batchSize;
                                if (chunk.EndsBatch)
                                {
                                    // The batch's shadow rows follow all its primary rows.
                                    foreach (var shadow in shadows)
                                    {
                                        shadow.Id = _nextId++;
                                        digests.Add(SqliteAuditTrail.PredictionRowDigest(_record, shadow.Id, shadow));
                                    }
                                    chunk.Shadows = shadows;
                                    chunk.Digests = digests;
                                    chunk.BatchLastId = _nextId - 1;
                                    chunk.Statistics = statistics;
                                }
                                scored.Add(chunk);
                                if (chunk.EndsBatch) break;
                            }
                            if (rows == 0) return;
                        }
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        // The connection thread stopped the run.
                    }
                    catch (Exception e)
                    {
                        scored.Add(new ScoredChunk(0, 0, 0) { Failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e) });
                    }
                    finally
                    {
                        _read.Dispose();
                        _inputsSha256.Dispose();
                    }
                }

                /// <summary>Reads up to <paramref name="limit"/> rows still to score into <paramref name="rows"/>; returns how many.</summary>
                [MethodImpl(HotPath.Options)] // per row: fully optimized from the first batch
                private int Read(int limit, BatchRow[] rows)
                {
                    int n = 0;
                    _read.Bind("$after", _after);
                    _read.Bind("$limit", (long)limit);
                    try
                    {
                        while (_read.Step())
                        {
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

                /// <summary>
                /// Fills <paramref name="log"/> with the row's primary prediction (the next id, its digest), and keeps its shadow
                /// prediction for the end of the batch (numbered then).
                /// </summary>
                [MethodImpl(HotPath.Options)]
                private void LogRow(BatchRow row, PredictionLogRow log, string at, List<string> digests, List<PredictionLogRow> shadows)
                {
                    _inputsSha256.AppendData(row.InputsJson, 0, row.InputsJsonLength);
                    _inputsSha256.GetHashAndReset(_inputsHash);
                    log.Id = _nextId++;
                    log.RunId = _runId;
                    log.RowKey = row.RowKey;
                    log.InputsSha256 = Convert.ToHexStringLower(_inputsHash);
                    log.InputsJson = _logInputs ? row.InputsJson : null; // the chunk's buffer: the chunk is written before it is read into again
                    log.InputsJsonLength = row.InputsJsonLength;
                    log.PredictedAt = at;
                    Fill(log, row.VersionId, row.VersionId == _versionId ? _sha : row.VersionId == _splitVersionId ? _splitSha! : _fallbackSha!,
                         row.Output, row.Explanation, "Primary", row.Arm, row.Status, row.Reason);
                    digests.Add(SqliteAuditTrail.PredictionRowDigest(_record, log.Id, log));
                    if (_shadow == null) return;
                    var shadow = log.CopyOf(); // owns its inputs' JSON: the chunk's buffers are reused before the batch ends
                    Fill(shadow, _shadowVersionId!.Value, _shadowSha!, row.Shadow, null, "Shadow", null, row.ShadowStatus!, row.Shadow.Error);
                    shadows.Add(shadow);
                }

                private static void Fill(PredictionLogRow log, long versionId, string sha, SqliteScoringFunctions.RowOutcome output, string? explanation,
                                         string role, string? arm, string status, string? reason)
                {
                    log.VersionId = versionId; log.BlobSha256 = sha;
                    log.PredictedClass = output.Class; log.PredictedLabel = output.Label; log.Score = output.Score; log.Probability = output.Probability;
                    log.ClassScores = output.ClassScores; // all null when refused
                    log.Explanation = explanation; log.Role = role; log.Arm = arm; log.Status = status; log.Reason = reason;
                }
            }
        }
    }
}
