using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using DbScoring.Runtime;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    public sealed partial class SqliteModelStore
    {
        private static readonly HashSet<string> RegistryTables = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "SchemaVersion", "Model", "ModelVersion", "ModelAlias", "AliasHistory", "ScoringRun", "PredictionLog",
            "ScoringRunInputStats", "MonitoringSetting", "ScoringRunDriftCounts", "RunDrift", "Outcome",
        };

        private static readonly (string Name, string Type)[] OutputColumns =
        {
            ("ModelVersionId", "INTEGER NOT NULL"), ("PredictedLabel", "TEXT"), ("PredictedClass", "INTEGER"), ("Score", "REAL"),
            ("Probability", "REAL"), ("ClassScores", "TEXT"), ("ScoringRunId", "INTEGER NOT NULL"), ("ScoredAt", "TEXT NOT NULL"),
        };

        /// <summary>Added to targets made before fallback existed (ALTER TABLE), so that existing targets keep working.</summary>
        private static readonly (string Name, string Type)[] StatusColumns =
        {
            ("Status", "TEXT NOT NULL DEFAULT 'Scored' CHECK (Status IN ('Scored', 'Fallback', 'Refused'))"), ("Reason", "TEXT"),
        };

        /// <summary>SQLite's page cache while score-table runs: 64 MiB (PRAGMA cache_size takes KiB as a negative number).</summary>
        private const long ScoreTableCacheKiB = -65536;

        /// <summary>Test hook: called inside each batch transaction just before it commits, with the batch number.</summary>
        internal Action<int>? BeforeBatchCommit { get; set; }

        /// <inheritdoc />
        public ScoringRunInfo ScoreTable(ScoreTableRequest request) => Guard(() =>
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            RequireSchemaForChange();
            var plan = Plan(request);
            var resolved = _catalog.Resolve(_connection, ModelRef.ForVersion(request.Model.Model, SqliteModelCatalog.Find(_connection, request.Model).Version));
            var others = ResolveOthers(request);
            MatchOtherInputs(plan, others);
            string command = $"ScoreTable(Model = '{request.Model}', Source = '{request.Source}', KeyColumns = '{string.Join(",", request.KeyColumns)}', " +
                             $"Target = '{request.Target}', BatchSize = {request.BatchSize.ToString(CultureInfo.InvariantCulture)}, LogInputs = '{(request.LogInputs ? "Y" : "N")}'" +
                             (request.Explain > 0 ? $", Explain = {request.Explain.ToString(CultureInfo.InvariantCulture)}" : "") + others.CommandText + ")";
            string by = request.RunBy ?? Environment.UserName;
            long modelId = Convert.ToInt64(Scalar(_connection, "SELECT ModelId FROM Model WHERE ModelName = $m", ("$m", request.Model.Model)), CultureInfo.InvariantCulture);
            string started = Now();
            using var startTx = _connection.BeginTransaction();
            Execute(_connection,
                "INSERT INTO ScoringRun (ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command, StartedAt, Status, RunBy, HostName) " +
                "VALUES ($mid, $vid, $alias, $sha, $src, $tgt, $keys, $cmd, $at, 'Running', $by, $host)",
                ("$mid", modelId), ("$vid", resolved.ModelVersionId), ("$alias", request.Model.Alias), ("$sha", resolved.BlobSha256),
                ("$src", plan.Source), ("$tgt", plan.Target), ("$keys", string.Join(",", plan.Keys)), ("$cmd", command), ("$at", started),
                ("$by", by), ("$host", Environment.MachineName));
            long runId = Convert.ToInt64(Scalar(_connection, "SELECT last_insert_rowid()"), CultureInfo.InvariantCulture);
            SqliteAuditTrail.LinkRunStarted(_connection, modelId, runId);
            AbandonStaleRuns(plan.Target, runId, by);
            startTx.Commit();

            var clock = Stopwatch.StartNew();
            long scored = 0, skipped = 0, byFallback = 0, refused = 0;
            int batches = 0;
            var thresholds = MonitoringAt(modelId, resolved.Model, null).Thresholds;
            var runDrift = resolved.ScoringModel.Profile != null ? new Runtime.Monitoring.DriftCounter(resolved.ScoringModel) : null;
            try
            {
                string modelRef = ModelRef.ForVersion(resolved.Model, resolved.Version).ToString();
                _functions.Preload(modelRef, resolved);
                foreach (var (text, other) in others.References) _functions.Preload(text, other);
                EnsureTarget(plan, resolved.ScoringModel, request.Explain);
                skipped = Convert.ToInt64(Scalar(_connection, $"SELECT count(*) FROM main.{Q(plan.Source)} AS s WHERE {string.Join(" OR ", plan.Keys.Select(k => "s." + Q(k) + " IS NULL"))}"), CultureInfo.InvariantCulture);
                // Only for a progress display (its total and time left): one count of the rows this run will score.
                long? pending = request.Progress == null ? null : Convert.ToInt64(Scalar(_connection,
                    $"SELECT count(*) FROM main.{Q(plan.Source)} AS s WHERE {PendingRows(plan)}", others.With(("$vid", resolved.ModelVersionId))), CultureInfo.InvariantCulture);
                // The batches read on a connection of their own, on a thread of their own (ScoreTableBatches); a view's snapshot
                // is a temporary table of that connection.
                using var reader = OpenRaw();
                string? snapshot = plan.HasRowId ? null : SnapshotSource(reader, plan, runId, others.With(("$vid", resolved.ModelVersionId)));
                long done = 0;
                // A batch's pages (target, log and their indexes: tens of MB for 100,000 logged rows) stay in SQLite's page cache
                // until the commit writes them to the WAL once, instead of spilling from the default 2 MB cache to the WAL mid-batch
                // and being read back (measured: about 1 µs less CPU per row). Memory only: durability is unchanged. Restored after.
                long cacheNow = Convert.ToInt64(Scalar(_connection, "PRAGMA cache_size"), CultureInfo.InvariantCulture);
                Execute(_connection, $"PRAGMA cache_size = {(cacheNow >= 0 ? cacheNow : Math.Min(cacheNow, ScoreTableCacheKiB))}"); // a size in pages (set by hand) is kept
                try
                {
                    string toRead = snapshot == null ? "main." + Q(plan.Source) : "temp." + Q(snapshot);
                    CheckKeysAreUnique(reader, plan, toRead, snapshot != null, others.With(("$vid", resolved.ModelVersionId)));
                    using var pipeline = new ScoreTableBatches(_connection, reader, _functions, plan, toRead, resolved, others, request, runId);
                    while (true)
                    {
                        int rows;
                        long batchScored, batchFallback, batchRefused;
                        using (var tx = _connection.BeginTransaction())
                        {
                            var batch = pipeline.ScoreBatch(modelId, batches + 1);
                            if (batch.Rows == 0) { tx.Commit(); break; }
                            (rows, batchScored, batchFallback, batchRefused) = (batch.Rows, batch.Scored, batch.Fallback, batch.Refused);
                            BeforeBatchCommit?.Invoke(batches + 1);
                            tx.Commit();
                            if (batch.Drift != null) runDrift!.Add(batch.Drift);
                        }
                        batches++;
                        scored += batchScored;
                        byFallback += batchFallback;
                        refused += batchRefused;
                        done += rows;
                        request.Progress?.Invoke(new ScoreTableProgress { RunId = runId, Batches = batches, RowsScored = scored, RowsDone = done, RowsPending = pending });
                    }
                }
                finally
                {
                    Execute(_connection, $"PRAGMA cache_size = {cacheNow}"); // the snapshot goes with the reading connection
                }
            }
            catch (Exception e)
            {
                Complete(modelId, runId, "Failed", (scored, byFallback, refused), skipped, batches, clock, e.Message, WriteRunDrift(runId, runDrift, thresholds));
                if (e is ModelStoreException || e is ArgumentException) throw;
                throw new ScoringRunFailedException(runId, $"Scoring run {runId} failed after {batches} committed batches ({scored} rows): {e.Message}", e);
            }
            Complete(modelId, runId, "Succeeded", (scored, byFallback, refused), skipped, batches, clock, null, WriteRunDrift(runId, runDrift, thresholds));
            long? sourceRows = scored + byFallback + refused > 0 ? null : Convert.ToInt64(Scalar(_connection, $"SELECT count(*) FROM main.{Q(plan.Source)}"), CultureInfo.InvariantCulture);
            return ListRunsCore(null, 1, runId, sourceRows)[0];
        });

        /// <summary>
        /// Stale runs (as on SQL Server): a run of the same target still Running belongs to a process that died (the store
        /// scores one target from one process at a time). It is completed as Abandoned, by whom and when, with the rows and
        /// batches it had committed; those are kept, and this run does not score their keys again. Its batches are counted
        /// from the audit chain's batch links (a batch whose rows were all refused writes no input statistics), or from the
        /// input statistics of a run older than the audit chain.
        /// </summary>
        private void AbandonStaleRuns(string target, long runId, string by)
        {
            var stale = Query(_connection, "SELECT ScoringRunId, ModelId FROM ScoringRun WHERE Status = 'Running' AND TargetName = $tgt AND ScoringRunId <> $run",
                r => (Run: r.GetInt64(0), Model: r.IsDBNull(1) ? (long?)null : r.GetInt64(1)), ("$run", runId), ("$tgt", target));
            if (stale.Count == 0) return;
            Execute(_connection,
            "UPDATE ScoringRun SET Status = 'Abandoned', EndedAt = $at, AbandonedBy = $by, " +
            "RowsScored = (SELECT count(*) FROM PredictionLog AS p WHERE p.ScoringRunId = ScoringRun.ScoringRunId AND p.Role = 'Primary' AND p.Status = 'Scored'), " +
            "BatchCount = max((SELECT coalesce(max(a.BatchNumber), 0) FROM AuditLink AS a WHERE a.Kind = 'Batch' AND a.SubjectId = ScoringRun.ScoringRunId), " +
            "(SELECT coalesce(max(b.BatchNumber), 0) FROM ScoringRunInputStats AS b WHERE b.ScoringRunId = ScoringRun.ScoringRunId)), " +
            "ErrorMessage = 'Abandoned: the run stopped without completing (its process ended). Noticed by run ' || $run || ' of the same target; its committed batches are kept.' " +
            "WHERE Status = 'Running' AND TargetName = $tgt AND ScoringRunId <> $run",
            ("$at", Now()), ("$by", by), ("$run", runId), ("$tgt", target));
            foreach (var (run, model) in stale)
                if (model.HasValue) SqliteAuditTrail.LinkRunCompleted(_connection, model.Value, run); // the abandonment is chained like any completion
        }

        private void Complete(long modelId, long runId, string status, (long Scored, long ByFallback, long Refused) rows, long skipped, int batches, Stopwatch clock, string? error, (string? Level, string? Causes) drift)
        {
            long ms = clock.ElapsedMilliseconds;
            long written = rows.Scored + rows.ByFallback + rows.Refused;
            using var tx = _connection.BeginTransaction();
            Execute(_connection,
                "UPDATE ScoringRun SET Status = $s, EndedAt = $at, RowsScored = $rows, RowsByFallback = $fallback, RowsRefused = $refused, RowsSkipped = $skipped, BatchCount = $b, " +
                "DurationMs = $ms, RowsPerSecond = $rps, ErrorMessage = $err, DriftLevel = $drift, DriftInputs = $causes WHERE ScoringRunId = $id",
                ("$s", status), ("$at", Now()), ("$rows", rows.Scored), ("$fallback", rows.ByFallback), ("$refused", rows.Refused), ("$skipped", skipped), ("$b", batches), ("$ms", ms),
                ("$rps", Math.Round(written / Math.Max(clock.Elapsed.TotalSeconds, 1e-6), 1)), ("$err", error), ("$drift", drift.Level), ("$causes", drift.Causes), ("$id", runId));
            SqliteAuditTrail.LinkRunCompleted(_connection, modelId, runId);
            tx.Commit();
        }

        /// <summary>The request checked against the real schema: actual table and column names, nothing from the caller unverified.</summary>
        private sealed class ScorePlan
        {
            internal string Source = "";
            internal bool HasRowId;
            internal string Target = "";
            internal bool TargetExists;
            internal List<string> Keys = new List<string>();
            internal List<string> KeyTypes = new List<string>();
            internal List<(string InputName, string Column)> Inputs = new List<(string, string)>();
            internal List<string> SourceColumns = new List<string>();
            /// <summary>Inputs of the shadow (s), split (b) and fallback (f) versions, matched to source columns.</summary>
            internal Dictionary<string, List<(string InputName, string Column)>> OtherInputs = new Dictionary<string, List<(string, string)>>();
        }

        private ScorePlan Plan(ScoreTableRequest request)
        {
            var problems = new List<string>();
            var plan = new ScorePlan();
            if (request.BatchSize < 1 || request.BatchSize > ScoreTableRequest.MaxBatchSize) problems.Add($"BatchSize must be from 1 to {ScoreTableRequest.MaxBatchSize.ToString("N0", CultureInfo.InvariantCulture)} (each batch is one transaction; 10,000 to 100,000 is usual).");
            if (request.KeyColumns == null || request.KeyColumns.Count == 0) problems.Add("Give at least one key column (KeyColumns).");
            if (request.Explain < 0) problems.Add("Explain must be 0 (no reason codes) or the number of reasons to write (1 or more).");

            var source = Query(_connection, "SELECT name, type, sql FROM sqlite_master WHERE type IN ('table', 'view') AND name = $n COLLATE NOCASE",
                r => (Name: r.GetString(0), Type: r.GetString(1), Sql: Str(r, 2) ?? ""), ("$n", request.Source ?? ""));
            var columns = new List<(string Name, string Type)>();
            if (source.Count == 0) problems.Add($"Source: there is no table or view named '{request.Source}' in this store.");
            else
            {
                plan.Source = source[0].Name;
                plan.HasRowId = source[0].Type == "table" && source[0].Sql.IndexOf("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase) < 0;
                columns = Query(_connection, "SELECT name, type FROM pragma_table_info($t)", r => (r.GetString(0), r.GetString(1)), ("$t", plan.Source));
                plan.SourceColumns = columns.Select(c => c.Name).ToList();
                foreach (string key in request.KeyColumns ?? Array.Empty<string>())
                {
                    var match = columns.FindIndex(c => string.Equals(c.Name, key, StringComparison.OrdinalIgnoreCase));
                    if (match < 0) problems.Add($"KeyColumns: {plan.Source} has no column named '{key}'.");
                    else if (plan.Keys.Contains(columns[match].Name, StringComparer.OrdinalIgnoreCase)) problems.Add($"KeyColumns: '{key}' is listed twice.");
                    else { plan.Keys.Add(columns[match].Name); plan.KeyTypes.Add(Affinity(columns[match].Type)); }
                }
            }

            var target = Query(_connection, "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name = $n COLLATE NOCASE",
                r => (Name: r.GetString(0), Type: r.GetString(1)), ("$n", request.Target ?? ""));
            if (target.Count > 0)
            {
                plan.Target = target[0].Name;
                plan.TargetExists = true;
                if (target[0].Type != "table") problems.Add($"Target: '{plan.Target}' is a view; give a table.");
            }
            else if (!IsPlainIdentifier(request.Target)) problems.Add($"Target: '{request.Target}' does not exist, and a new target table needs a name of letters, digits and _ (starting with a letter or _, at most 128).");
            else plan.Target = request.Target!;
            if (RegistryTables.Contains(plan.Target)) problems.Add($"Target: '{plan.Target}' is a DbScoring registry or audit table.");
            if (plan.Target.Length > 0 && string.Equals(plan.Target, plan.Source, StringComparison.OrdinalIgnoreCase)) problems.Add("Target: the target must not be the source.");

            if (source.Count > 0 && request.Model != null)
            {
                try
                {
                    var (versionId, version, sha) = SqliteModelCatalog.Find(_connection, request.Model);
                    var model = _catalog.Resolve(_connection, ModelRef.ForVersion(request.Model.Model, version)).ScoringModel;
                    var missing = new List<string>();
                    foreach (var input in model.Inputs)
                    {
                        int match = columns.FindIndex(c => string.Equals(c.Name, input.Name, StringComparison.OrdinalIgnoreCase));
                        if (match < 0) missing.Add(input.Name);
                        else plan.Inputs.Add((input.Name, columns[match].Name));
                    }
                    if (missing.Count > 0)
                        problems.Add($"Source: {plan.Source} lacks the input columns of model {request.Model.Model} version {version}: {string.Join(", ", missing)}.");
                    if (request.Explain > model.Inputs.Count)
                        problems.Add($"Explain: model {request.Model.Model} version {version} has {model.Inputs.Count} inputs, so at most {model.Inputs.Count} reasons; {request.Explain} were asked for.");
                    if (request.Explain > 0 && model.ExplanationRefusal != null)
                        problems.Add($"Explain: model {request.Model.Model} version {version}: {model.ExplanationRefusal}");
                }
                catch (ArgumentException e) { problems.Add("Model: " + e.Message.Split(" (Parameter")[0]); }
            }
            if (problems.Count > 0) throw new ArgumentException("ScoreTable cannot run: " + string.Join(" ", problems), nameof(request));
            return plan;
        }

        private static bool IsPlainIdentifier(string? name)
        {
            if (string.IsNullOrEmpty(name) || name.Length > 128) return false;
            if (!(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
            foreach (char c in name) if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
            return true;
        }

        /// <summary>SQLite's type affinity of a declared column type (https://sqlite.org/datatype3.html 3.1), as a safe type name.</summary>
        private static string Affinity(string declared)
        {
            string t = declared.ToUpperInvariant();
            if (t.Contains("INT", StringComparison.Ordinal)) return "INTEGER";
            if (t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal)) return "TEXT";
            if (t.Length == 0 || t.Contains("BLOB", StringComparison.Ordinal)) return "BLOB";
            if (t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal) || t.Contains("DOUB", StringComparison.Ordinal)) return "REAL";
            return "NUMERIC";
        }

        /// <summary>Quotes an identifier that was checked against the schema: "name", with " doubled.</summary>
        internal static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

        /// <summary>The target's reason columns for <paramref name="explain"/> reasons: Reason1, Reason1Contribution, Reason2, …</summary>
        internal static IEnumerable<(string Name, string Type)> ReasonColumns(int explain)
        {
            for (int i = 1; i <= explain; i++)
            {
                string n = i.ToString(CultureInfo.InvariantCulture);
                yield return ("Reason" + n, "TEXT");
                yield return ("Reason" + n + "Contribution", "REAL");
            }
        }

        private void EnsureTarget(ScorePlan plan, ScoringModel model, int explain)
        {
            var outputs = OutputColumns.Concat(StatusColumns).Concat(ReasonColumns(explain)).ToList();
            if (!plan.TargetExists)
            {
                var defs = plan.Keys.Select((k, i) => Q(k) + " " + plan.KeyTypes[i]).Concat(outputs.Select(c => c.Name + " " + c.Type));
                Execute(_connection, $"CREATE TABLE IF NOT EXISTS main.{Q(plan.Target)} ({string.Join(", ", defs)}, PRIMARY KEY ({string.Join(", ", plan.Keys.Select(Q))}, ModelVersionId))");
                plan.TargetExists = true;
                return;
            }
            var have = Query(_connection, "SELECT name FROM pragma_table_info($t)", r => r.GetString(0), ("$t", plan.Target));
            foreach (var (name, type) in StatusColumns.Where(c => !have.Contains(c.Name, StringComparer.OrdinalIgnoreCase)))
            {
                Execute(_connection, $"ALTER TABLE main.{Q(plan.Target)} ADD COLUMN {name} {type}");
                have.Add(name);
            }
            var lacking = plan.Keys.Concat(outputs.Select(c => c.Name)).Where(c => !have.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            if (lacking.Count > 0)
                throw new ArgumentException($"ScoreTable cannot run: the existing target {plan.Target} lacks the columns {string.Join(", ", lacking)}; give a new table name or one made by ScoreTable.", "request");
        }

        /// <summary>
        /// A view (or a table without rowid) has no rowid to resume from, so each batch would read it again from its start:
        /// its rows still to score are copied once into a temporary table of <paramref name="connection"/> (untyped columns keep
        /// every value as the view gave it), which the batches then read by rowid on that connection. Returns the temporary table's name.
        /// </summary>
        private static string SnapshotSource(SqliteConnection connection, ScorePlan plan, long runId, (string Name, object? Value)[] versions)
        {
            string name = "dbscoring_source_" + runId.ToString(CultureInfo.InvariantCulture);
            var columns = plan.Keys.Concat(plan.Inputs.Select(p => p.Column)).Concat(plan.OtherInputs.Values.SelectMany(list => list.Select(p => p.Column)))
                .Distinct(StringComparer.OrdinalIgnoreCase).Select(Q).ToList();
            Execute(connection, $"DROP TABLE IF EXISTS temp.{Q(name)}");
            Execute(connection, $"CREATE TEMP TABLE {Q(name)} ({string.Join(", ", columns)})");
            Execute(connection, $"INSERT INTO temp.{Q(name)} SELECT {string.Join(", ", columns.Select(c => "s." + c))} FROM main.{Q(plan.Source)} AS s WHERE {PendingRows(plan)}", versions);
            return name;
        }

        /// <summary>
        /// The source rows (alias s) a run still has to score: a key without NULLs, not yet written by one of the run's
        /// versions — except a refused row, which every run tries again. Needs $vid, $bvid, $fvid.
        /// </summary>
        private static string PendingRows(ScorePlan plan) =>
            string.Join(" AND ", plan.Keys.Select(k => "s." + Q(k) + " IS NOT NULL")) +
            $" AND NOT EXISTS (SELECT 1 FROM main.{Q(plan.Target)} AS t WHERE {string.Join(" AND ", plan.Keys.Select(k => "t." + Q(k) + " = s." + Q(k)))} " +
            "AND t.ModelVersionId IN ($vid, $bvid, $fvid) AND t.Status <> 'Refused')";


        // ---------------------------------------------------------------- audit

        /// <inheritdoc />
        public IReadOnlyList<InputStatistics> InputStatistics(long runId) => Guard(() =>
        {
            RequireSchema();
            var result = new List<InputStatistics>();
            using var command = _connection.CreateCommand();
            command.CommandText =
                "SELECT InputName, sum(RowsScored), sum(MissingValues), sum(UnseenCategories), sum(BelowRange), sum(AboveRange) " +
                "FROM ScoringRunInputStats WHERE ScoringRunId = $run GROUP BY InputName ORDER BY min(rowid)";
            command.Parameters.AddWithValue("$run", runId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                result.Add(new InputStatistics
                {
                    InputName = reader.GetString(0), Rows = reader.GetInt64(1), Missing = reader.GetInt64(2),
                    UnseenCategories = reader.GetInt64(3), BelowRange = reader.GetInt64(4), AboveRange = reader.GetInt64(5),
                });
            return (IReadOnlyList<InputStatistics>)result;
        });

        /// <inheritdoc />
        public IReadOnlyList<ScoringRunInfo> ListRuns(string? model = null, int limit = 100) => Guard(() =>
        {
            if (model != null) StoreNames.CheckModel(model, nameof(model));
            if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "Give a limit of 1 or more.");
            RequireSchema();
            return (IReadOnlyList<ScoringRunInfo>)ListRunsCore(model, limit, null);
        });

        private List<ScoringRunInfo> ListRunsCore(string? model, int limit, long? runId, long? sourceRows = null) => Query(_connection,
            "SELECT r.ScoringRunId, m.ModelName, v.VersionNumber, r.ModelVersionId, r.AliasName, r.BlobSha256, r.SourceName, r.TargetName, r.KeyColumns, r.Status, " +
            "r.StartedAt, r.EndedAt, r.RowsScored, r.RowsSkipped, r.BatchCount, r.DurationMs, r.RowsPerSecond, r.ErrorMessage, r.RunBy, r.Command, r.AbandonedBy, r.DriftLevel, r.DriftInputs, r.RowsByFallback, r.RowsRefused " +
            "FROM ScoringRun AS r LEFT JOIN Model AS m ON m.ModelId = r.ModelId LEFT JOIN ModelVersion AS v ON v.ModelVersionId = r.ModelVersionId " +
            "WHERE ($m IS NULL OR m.ModelName = $m) AND ($id IS NULL OR r.ScoringRunId = $id) ORDER BY r.ScoringRunId DESC LIMIT $limit",
            r => new ScoringRunInfo
            {
                RunId = r.GetInt64(0), Model = Str(r, 1), Version = r.IsDBNull(2) ? null : r.GetInt32(2), ModelVersionId = Long(r, 3), Alias = Str(r, 4),
                BlobSha256 = Str(r, 5), Source = Str(r, 6), Target = Str(r, 7), KeyColumns = Str(r, 8), Status = r.GetString(9),
                StartedAt = ParseTime(r.GetString(10)), EndedAt = r.IsDBNull(11) ? null : ParseTime(r.GetString(11)), RowsScored = Long(r, 12),
                RowsSkipped = Long(r, 13), Batches = r.IsDBNull(14) ? null : r.GetInt32(14), DurationMs = Long(r, 15), RowsPerSecond = Dbl(r, 16),
                Error = Str(r, 17), RunBy = Str(r, 18), Command = r.GetString(19), AbandonedBy = Str(r, 20), DriftLevel = Str(r, 21), DriftInputs = Str(r, 22),
                RowsByFallback = Long(r, 23), RowsRefused = Long(r, 24), SourceRows = sourceRows,
            },
            ("$m", model), ("$id", runId), ("$limit", limit));

        /// <inheritdoc />
        public IReadOnlyList<PredictionRecord> PredictionsForKey(string rowKey, string? model = null) => Guard(() =>
        {
            if (rowKey == null) throw new ArgumentNullException(nameof(rowKey));
            if (model != null) StoreNames.CheckModel(model, nameof(model));
            RequireSchema();
            return (IReadOnlyList<PredictionRecord>)Query(_connection,
                "SELECT p.PredictionLogId, p.ScoringRunId, p.RowKey, m.ModelName, v.VersionNumber, p.ModelVersionId, p.BlobSha256, p.InputsSha256, p.InputsJson, " +
                "p.PredictedLabel, p.PredictedClass, p.Score, p.Probability, p.PredictedAt, p.Explanation " +
                "FROM PredictionLog AS p JOIN ModelVersion AS v ON v.ModelVersionId = p.ModelVersionId JOIN Model AS m ON m.ModelId = v.ModelId " +
                "WHERE p.RowKey = $k AND ($m IS NULL OR m.ModelName = $m) ORDER BY p.PredictionLogId",
                r => new PredictionRecord
                {
                    PredictionLogId = r.GetInt64(0), RunId = r.GetInt64(1), RowKey = r.GetString(2), Model = r.GetString(3), Version = r.GetInt32(4),
                    ModelVersionId = r.GetInt64(5), BlobSha256 = r.GetString(6), InputsSha256 = r.GetString(7), InputsJson = Str(r, 8),
                    PredictedLabel = Str(r, 9), PredictedClass = r.IsDBNull(10) ? null : r.GetInt32(10), Score = Dbl(r, 11), Probability = Dbl(r, 12),
                    PredictedAt = ParseTime(r.GetString(13)), ExplanationJson = Str(r, 14),
                },
                ("$k", rowKey), ("$m", model));
        });
    }
}
