using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using DbScoring.Runtime;
using DbScoring.Runtime.Audit;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    // score-table's batches in one pass: each source row is read once, scored in C# (the SQL functions' own code, so the same
    // values, errors and texts), and written with prepared statements; the same values in memory feed the audit digests and
    // the input statistics. Two stages on two threads: the read thread (ScoreTableBatches.Read.cs) reads, scores and logs
    // rows in memory on a connection of its own; the store's connection thread (this file) inserts them and commits, batch by
    // batch, in the order they were read.
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

        /// <summary>
        /// Rows the read thread has read, scored and logged in memory, for the connection thread to write: up to
        /// <see cref="ScoreTableBatches.ChunkRows"/> rows of one batch, each with its primary PredictionLog row (id and audit
        /// digest given). The batch's last chunk also carries what belongs to the whole batch. A chunk is written, then
        /// handed back to be filled again.
        /// </summary>
        private sealed class ScoredChunk
        {
            internal readonly BatchRow[] Rows;
            /// <summary>Logs[i] is Rows[i]'s primary PredictionLog row.</summary>
            internal readonly PredictionLogRow[] Logs;
            internal int Count;
            internal int Batch;
            /// <summary>The batch's time: PredictionLog.PredictedAt and the target's ScoredAt.</summary>
            internal string At = "";
            /// <summary>The id the read thread gave the batch's first PredictionLog row.</summary>
            internal long BatchFirstId;
            /// <summary>The batch's last chunk (with no rows when the source has no more rows to score: the end of the run).</summary>
            internal bool EndsBatch;
            // The batch's last chunk only:
            /// <summary>The batch's shadow predictions, logged after all its primary rows.</summary>
            internal List<PredictionLogRow>? Shadows;
            /// <summary>The audit digests of all the batch's PredictionLog rows, in id order (BatchFirstId..BatchLastId).</summary>
            internal List<string>? Digests;
            internal long BatchLastId;
            internal BatchStatistics? Statistics;
            /// <summary>Why the read thread stopped (an error it met): the run fails with it, after the batches read before it.</summary>
            internal System.Runtime.ExceptionServices.ExceptionDispatchInfo? Failure;

            internal ScoredChunk(int rows, int keys, int values)
            {
                Rows = new BatchRow[rows];
                Logs = new PredictionLogRow[rows];
                for (int i = 0; i < rows; i++)
                {
                    Rows[i] = new BatchRow { Keys = new object?[keys], Values = new object?[values] };
                    Logs[i] = new PredictionLogRow();
                }
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
        /// One run's two stages. The read thread (started by the constructor) reads the rows still to score on its own
        /// connection, chunk by chunk, scores them, builds their PredictionLog rows with ids and audit digests and the input
        /// statistics, and queues the chunks; <see cref="ScoreBatch"/>, on the store's connection inside the caller's batch
        /// transaction, writes one batch's chunks to the target and PredictionLog, then its audit link and statistics. So the
        /// next batch is read and scored while this one is written and committed. A few chunks are in flight at most (they are
        /// reused), so a batch of any size holds a few thousand rows in memory.
        /// </summary>
        /// <remarks>
        /// The order is the single-thread order: rows by source rowid, a batch's primary rows then its shadow rows, ids
        /// consecutive from the largest PredictionLogId plus one. The read thread numbers the rows; each batch checks, inside its
        /// transaction (no other writer until it commits), that the table's largest id is the one before its first; if another
        /// process logged rows between two batches, that batch's rows are renumbered and their digests computed again here.
        /// An error on the read thread fails the run when the connection thread reaches it, after the batches read before it
        /// were committed — as when one thread did both; an error on the connection thread stops the read thread
        /// (<see cref="Dispose"/>). Reads see only committed rows: a key that the source holds twice after all (a row added
        /// during the run; keys are checked unique before the first batch) is not hidden by the uncommitted first row and
        /// fails the batch with SQLite's UNIQUE error.
        /// </remarks>
        private sealed partial class ScoreTableBatches : IDisposable
        {
            internal const int ChunkRows = 1024;
            /// <summary>Chunks in flight: the read thread can be this many chunks ahead of the writes.</summary>
            private const int Chunks = 4;

            private readonly SqliteConnection _connection;
            private readonly ScorePlan _plan;
            private readonly long _runId;
            private readonly SqliteRawStatement _clearRefused;
            private readonly int[] _clearKeys;
            private readonly TargetInsert _insertOne, _insertMany;
            private readonly PredictionLogWriter _log;
            private readonly AuditRecord _renumbered = new AuditRecord("PredictionLog.1");
            private readonly BlockingCollection<ScoredChunk> _free = new BlockingCollection<ScoredChunk>(new ConcurrentQueue<ScoredChunk>());
            private readonly BlockingCollection<ScoredChunk> _scored = new BlockingCollection<ScoredChunk>(new ConcurrentQueue<ScoredChunk>());
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            private readonly Thread _reading;

            // reader: the read thread's connection to the same store file; source: what it reads (the source table, or the
            // snapshot of a view's rows still to score, a temporary table of reader).
            internal ScoreTableBatches(SqliteConnection connection, SqliteConnection reader, SqliteScoringFunctions functions, ScorePlan plan, string source,
                                       ResolvedModel primary, RunVersions others, ScoreTableRequest request, long runId)
            {
                _connection = connection;
                _plan = plan;
                _runId = runId;
                var versions = RunVersionIds.Of(primary, others);
                _insertOne = new TargetInsert(connection, plan, request.Explain, 1, runId);
                _insertMany = new TargetInsert(connection, plan, request.Explain, TargetInsert.ManyRows, runId);
                _log = new PredictionLogWriter(connection);

                string KeyParameter(int i) => "$k" + i.ToString(CultureInfo.InvariantCulture);
                _clearRefused = new SqliteRawStatement(connection,
                    $"DELETE FROM main.{Q(plan.Target)} WHERE Status = 'Refused' AND ModelVersionId IN ($vid, $bvid, $fvid) AND ScoringRunId <> $run AND " +
                    string.Join(" AND ", plan.Keys.Select((k, i) => $"{Q(k)} = {KeyParameter(i)}")));
                versions.Bind(_clearRefused);
                _clearRefused.Bind("$run", runId);
                _clearKeys = Enumerable.Range(0, plan.Keys.Count).Select(i => _clearRefused.ParameterIndex(KeyParameter(i))).ToArray();

                long firstId = Convert.ToInt64(Scalar(connection, "SELECT coalesce(max(PredictionLogId), 0) + 1 FROM PredictionLog"), CultureInfo.InvariantCulture);
                var read = new ReadStage(reader, functions, plan, source, primary, others, versions, request, runId, firstId);
                for (int i = 0; i < Chunks; i++) _free.Add(read.NewChunk());
                _reading = new Thread(() => read.Run(request.BatchSize, _free, _scored, _stop.Token)) { IsBackground = true, Name = "score-table read" };
                _reading.Start();
            }

            /// <summary>
            /// Writes the next batch the read thread scored: the target rows, the PredictionLog rows (every primary row, then
            /// every shadow row) with the batch's audit link, and the input statistics. Rows = 0 at the end.
            /// </summary>
            internal BatchOutcome ScoreBatch(long modelId, int batch)
            {
                var outcome = new BatchOutcome();
                long shift = 0;
                List<string>? renumbered = null;
                for (bool first = true; ; first = false)
                {
                    var chunk = _scored.Take();
                    chunk.Failure?.Throw();
                    if (chunk.Batch != batch) throw new InvalidOperationException($"score-table's read thread sent batch {chunk.Batch} where batch {batch} was due.");
                    if (first)
                    {
                        long next = Convert.ToInt64(Scalar(_connection, "SELECT coalesce(max(PredictionLogId), 0) + 1 FROM PredictionLog"), CultureInfo.InvariantCulture);
                        shift = next - chunk.BatchFirstId;
                        if (shift != 0) renumbered = new List<string>();
                        _insertOne.SetTime(chunk.At);
                        _insertMany.SetTime(chunk.At);
                    }
                    for (int r = 0; r < chunk.Count; r++)
                    {
                        string status = chunk.Rows[r].Status;
                        if (status == "Scored") outcome.Scored++;
                        else if (status == "Fallback") outcome.Fallback++;
                        else outcome.Refused++;
                    }
                    WriteTarget(chunk.Rows, chunk.Count);
                    for (int r = 0; r < chunk.Count; r++) Log(chunk.Logs[r], shift, renumbered);
                    if (chunk.EndsBatch) foreach (var shadow in chunk.Shadows!) Log(shadow, shift, renumbered);
                    _log.Flush();
                    outcome.Rows += chunk.Count;
                    if (chunk.EndsBatch && outcome.Rows > 0)
                    {
                        SqliteAuditTrail.LinkBatch(_connection, modelId, _runId, batch, chunk.BatchFirstId + shift, chunk.BatchLastId + shift, renumbered ?? chunk.Digests!);
                        outcome.Drift = chunk.Statistics!.Write(_connection, _runId, batch);
                    }
                    bool last = chunk.EndsBatch;
                    chunk.Shadows = null; chunk.Digests = null; chunk.Statistics = null;
                    _free.Add(chunk);
                    if (last) return outcome;
                }
            }

            /// <summary>Logs a row with the id the read thread gave it, or — another writer took ids in between — the next free one and a new digest.</summary>
            private void Log(PredictionLogRow row, long shift, List<string>? renumbered)
            {
                if (shift != 0)
                {
                    row.Id += shift;
                    renumbered!.Add(SqliteAuditTrail.PredictionRowDigest(_renumbered, row.Id, row));
                }
                _log.Write(row);
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
                        for (int i = 0; i < _clearKeys.Length; i++) _clearRefused.Bind(_clearKeys[i], row.Keys[i]);
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

            /// <summary>Stops the read thread (when the run ends early) and waits for it, then releases the statements.</summary>
            public void Dispose()
            {
                _stop.Cancel();
                _reading.Join();
                _clearRefused.Dispose();
                _insertOne.Dispose();
                _insertMany.Dispose();
                _log.Dispose();
                _stop.Dispose();
                _free.Dispose();
                _scored.Dispose();
            }
        }

        /// <summary>The run's version ids as the statements' $vid (primary), $bvid (split arm B) and $fvid (fallback).</summary>
        private sealed class RunVersionIds
        {
            internal long Primary;
            internal long? Split, Fallback;

            internal static RunVersionIds Of(ResolvedModel primary, RunVersions others) => new RunVersionIds
            {
                Primary = primary.ModelVersionId, Split = others.Role("b")?.ModelVersionId, Fallback = others.Role("f")?.ModelVersionId,
            };

            internal void Bind(SqliteRawStatement statement)
            {
                statement.Bind("$vid", Primary);
                statement.Bind("$bvid", Split);
                statement.Bind("$fvid", Fallback);
            }
        }
    }
}
