using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DbScoring.Store.Sqlite
{
    /// <summary>Retention of the prediction log: policies, purges in recorded batches, the retention log.</summary>
    public sealed partial class SqliteModelStore
    {
        /// <summary>Longest policy accepted, in days (100 years), as on SQL Server.</summary>
        public const int MaxKeepDays = 36500;

        /// <summary>Most rows per purge transaction, as on SQL Server.</summary>
        public const int MaxPurgeBatchSize = 1_000_000;

        /// <inheritdoc />
        public RetentionPolicy SetRetention(string model, int? keepDays, string? setBy = null, string? reason = null) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            if (keepDays is < 1 or > MaxKeepDays)
                throw new ArgumentException($"Keep the prediction log 1 .. {MaxKeepDays} days, or give no number to keep everything (got {keepDays}).", nameof(keepDays));
            RequireSchemaForChange();
            long modelId = RequireModelId(model);
            Execute(_connection, "INSERT INTO RetentionPolicy (ModelId, KeepDays, Reason, SetBy, SetAt) VALUES ($m, $d, $r, $by, $at)",
                ("$m", modelId), ("$d", keepDays), ("$r", reason), ("$by", setBy ?? Environment.UserName), ("$at", Now()));
            return RetentionPoliciesCore(model)[0];
        });

        /// <inheritdoc />
        public IReadOnlyList<RetentionPolicy> RetentionPolicies(string? model = null) => Guard(() =>
        {
            RequireSchema();
            return (IReadOnlyList<RetentionPolicy>)RetentionPoliciesCore(model);
        });

        private List<RetentionPolicy> RetentionPoliciesCore(string? model)
        {
            DateTime now = DateTime.UtcNow;
            return Query(_connection,
                "SELECT m.ModelName, p.KeepDays, p.SetBy, p.SetAt, p.Reason FROM Model AS m " +
                "LEFT JOIN RetentionPolicy AS p ON p.RetentionPolicyId = (SELECT max(x.RetentionPolicyId) FROM RetentionPolicy AS x WHERE x.ModelId = m.ModelId) " +
                "WHERE $m IS NULL OR m.ModelName = $m ORDER BY m.ModelName",
                r => new RetentionPolicy
                {
                    Model = r.GetString(0), KeepDays = r.IsDBNull(1) ? null : r.GetInt32(1),
                    Cutoff = r.IsDBNull(1) ? null : now.AddDays(-r.GetInt32(1)),
                    SetBy = Str(r, 2), SetAt = r.IsDBNull(3) ? null : ParseTime(r.GetString(3)), Reason = Str(r, 4),
                },
                ("$m", model));
        }

        /// <inheritdoc />
        public PurgeResult PurgePredictionLog(PurgeRequest request) => Guard(() =>
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (request.BatchSize is < 1 or > MaxPurgeBatchSize)
                throw new ArgumentException($"The purge batch size must be 1 .. {MaxPurgeBatchSize} rows (got {request.BatchSize}).", nameof(request));
            if (request.Execute) RequireSchemaForChange();
            else RequireSchema();
            if (request.Model != null) RequireModelId(request.Model);
            List<PurgeCandidate> candidates = PurgeCandidates(request.Model);
            if (!request.Execute)
                return new PurgeResult { Executed = false, Runs = candidates.Count, RowsRemoved = candidates.Sum(c => c.RowsLeft), Candidates = candidates };

            string by = request.PurgedBy ?? Environment.UserName;
            long? purgeId = null;
            long removed = 0;
            int batches = 0, runs = 0;
            foreach (PurgeCandidate run in candidates)
            {
                runs++;
                int batchNumber = Convert.ToInt32(Scalar(_connection, "SELECT coalesce(max(BatchNumber), 0) FROM RetentionLog WHERE ScoringRunId = $r", ("$r", run.RunId)), CultureInfo.InvariantCulture);
                while (true)
                {
                    using var tx = _connection.BeginTransaction();
                    purgeId ??= 1 + Convert.ToInt64(Scalar(_connection, "SELECT coalesce(max(PurgeId), 0) FROM RetentionLog"), CultureInfo.InvariantCulture);
                    var batch = ReadPurgeBatch(run.RunId, request.BatchSize);
                    if (batch.Rows == 0)
                    {
                        tx.Commit();
                        break;
                    }

                    batchNumber++;
                    Execute(_connection,
                        "INSERT INTO RetentionLog (PurgeId, ModelId, ScoringRunId, BatchNumber, KeepDays, Cutoff, RowsRemoved, FirstPredictionLogId, LastPredictionLogId, Digest, DigestVersion, PurgedBy, PurgedAt) " +
                        "SELECT $p, ModelId, ScoringRunId, $b, $d, $c, $n, $first, $last, $digest, $dv, $by, $at FROM ScoringRun WHERE ScoringRunId = $r",
                        ("$p", purgeId), ("$b", batchNumber), ("$d", run.KeepDays), ("$c", FormatTime(run.Cutoff)), ("$n", batch.Rows), ("$first", batch.First),
                        ("$last", batch.Last), ("$digest", batch.Digest), ("$dv", PredictionLogDigest.CurrentVersion), ("$by", by), ("$at", Now()), ("$r", run.RunId));
                    int deleted = Execute(_connection, "DELETE FROM PredictionLog WHERE ScoringRunId = $r AND PredictionLogId BETWEEN $first AND $last",
                        ("$r", run.RunId), ("$first", batch.First), ("$last", batch.Last));
                    if (deleted != batch.Rows)
                        throw new ModelStoreException($"Purge of run {run.RunId}: {deleted} rows deleted but {batch.Rows} recorded; rolled back.");
                    tx.Commit();
                    batches++;
                    removed += batch.Rows;
                    if (batch.Rows < request.BatchSize) break;
                }
            }

            return new PurgeResult { PurgeId = batches > 0 ? purgeId : null, Executed = true, Runs = runs, RowsRemoved = removed, Batches = batches, Candidates = candidates };
        });

        /// <summary>Runs (not Running) of models with a policy that ended before the cutoff and still have predictions, oldest first.</summary>
        private List<PurgeCandidate> PurgeCandidates(string? model)
        {
            var policies = RetentionPoliciesCore(model).Where(p => p.KeepDays.HasValue).ToList();
            var candidates = new List<PurgeCandidate>();
            foreach (RetentionPolicy policy in policies)
            {
                candidates.AddRange(Query(_connection,
                    "SELECT r.ScoringRunId, coalesce(r.EndedAt, r.StartedAt), (SELECT count(*) FROM PredictionLog AS l WHERE l.ScoringRunId = r.ScoringRunId) " +
                    "FROM ScoringRun AS r JOIN Model AS m ON m.ModelId = r.ModelId " +
                    "WHERE m.ModelName = $m AND r.Status <> 'Running' AND coalesce(r.EndedAt, r.StartedAt) < $cutoff",
                    r => new PurgeCandidate
                    {
                        Model = policy.Model, KeepDays = policy.KeepDays!.Value, Cutoff = policy.Cutoff!.Value, RunId = r.GetInt64(0),
                        EndedAt = ParseTime(r.GetString(1)), RowsLeft = r.GetInt64(2),
                    },
                    ("$m", policy.Model), ("$cutoff", FormatTime(policy.Cutoff!.Value))).Where(c => c.RowsLeft > 0));
            }

            return candidates.OrderBy(c => c.RunId).ToList();
        }

        /// <summary>The next <paramref name="size"/> prediction rows of a run: count, id range and digest.</summary>
        private (long Rows, long First, long Last, string Digest) ReadPurgeBatch(long runId, int size)
        {
            using var digest = new PredictionLogDigest(PredictionLogDigest.CurrentVersion);
            long rows = 0, first = 0, last = 0;
            using (var command = Command(_connection,
                "SELECT PredictionLogId, ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, PredictedClass, PredictedLabel, Score, Probability, PredictedAt, " +
                "Role, Arm, Status, Reason, Explanation " +
                "FROM PredictionLog WHERE ScoringRunId = $r ORDER BY PredictionLogId LIMIT $n", ("$r", runId), ("$n", size)))
            using (var r = command.ExecuteReader())
            {
                while (r.Read())
                {
                    long id = r.GetInt64(0);
                    if (rows == 0) first = id;
                    last = id;
                    rows++;
                    digest.Add(id, r.GetInt64(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5), Long(r, 6), Str(r, 7), Dbl(r, 8), Dbl(r, 9), r.GetString(10),
                               new PredictionLogDigest.RowStatus(Str(r, 11), Str(r, 12), Str(r, 13), Str(r, 14), Str(r, 15)));
                }
            }

            return (rows, first, last, digest.Finish());
        }

        /// <inheritdoc />
        public IReadOnlyList<RetentionLogEntry> RetentionLog(long? purgeId = null, string? model = null, int limit = 1000) => Guard(() =>
        {
            RequireSchema();
            return (IReadOnlyList<RetentionLogEntry>)Query(_connection,
                "SELECT l.RetentionLogId, l.PurgeId, m.ModelName, l.ScoringRunId, l.BatchNumber, l.KeepDays, l.Cutoff, l.RowsRemoved, " +
                "l.FirstPredictionLogId, l.LastPredictionLogId, l.Digest, l.PurgedBy, l.PurgedAt FROM RetentionLog AS l JOIN Model AS m ON m.ModelId = l.ModelId " +
                "WHERE ($p IS NULL OR l.PurgeId = $p) AND ($m IS NULL OR m.ModelName = $m) ORDER BY l.RetentionLogId DESC LIMIT $n",
                r => new RetentionLogEntry
                {
                    RetentionLogId = r.GetInt64(0), PurgeId = r.GetInt64(1), Model = r.GetString(2), RunId = r.GetInt64(3), BatchNumber = r.GetInt32(4),
                    KeepDays = r.GetInt32(5), Cutoff = ParseTime(r.GetString(6)), RowsRemoved = r.GetInt64(7), FirstPredictionLogId = r.GetInt64(8),
                    LastPredictionLogId = r.GetInt64(9), Digest = r.GetString(10), PurgedBy = r.GetString(11), PurgedAt = ParseTime(r.GetString(12)),
                },
                ("$p", purgeId), ("$m", model), ("$n", limit));
        });

        private long RequireModelId(string model)
        {
            object? id = Scalar(_connection, "SELECT ModelId FROM Model WHERE ModelName = $m", ("$m", model));
            return id == null
                ? throw new ArgumentException($"Model '{model}' is not in {DisplayName} (see 'dbscoring models').", nameof(model))
                : Convert.ToInt64(id, CultureInfo.InvariantCulture);
        }
    }
}
