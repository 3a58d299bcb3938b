using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Runtime.Audit;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// The tamper-evident audit chain of the embedded store (docs/audit.md). Every registration, alias move, run start,
    /// committed prediction batch and run completion appends one AuditLink row in the same transaction as the rows it
    /// covers: a SHA-256 of those rows (canonical encoding, <see cref="AuditRecord"/>) chained to the previous link of
    /// the same model. <see cref="Verify"/> recomputes everything from the rows as they are now.
    /// </summary>
    internal static class SqliteAuditTrail
    {
        // The columns each link covers, in encoding order (docs/audit.md lists them). Persisted meaning — append only.
        private const string VersionColumns = "ModelVersionId, ModelId, VersionNumber, BlobSha256, BlobBytes, ContentHash, FormatVersion, PredictionKind, Algorithm, Description, SourceArtifactName, SourceArtifactSha256, Notes, RegisteredBy, RegisteredAt";
        private const string AliasColumns = "AliasHistoryId, ModelId, AliasName, FromModelVersionId, ToModelVersionId, MovedBy, MovedAt, Reason";
        private const string RunStartColumns = "ScoringRunId, ModelId, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Command, StartedAt, RunBy, HostName";
        private const string RunEndColumns = "ScoringRunId, Status, EndedAt, RowsScored, RowsSkipped, BatchCount, DurationMs, RowsPerSecond, ErrorMessage, AbandonedBy, RowsByFallback, RowsRefused, DriftLevel, DriftInputs";
        private const string PredictionColumns = "PredictionLogId, ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, InputsJson, PredictedClass, PredictedLabel, Score, Probability, ClassScores, PredictedAt, Explanation, Role, Arm, Status, Reason";

        // ---------------------------------------------------------------- writing (inside the caller's transaction)

        /// <summary>Links a new model version.</summary>
        internal static void LinkVersion(SqliteConnection c, long modelId, long versionId) =>
            Append(c, modelId, "Version", versionId, null, null, null, null, RowDigest(c, "ModelVersion", VersionColumns, "ModelVersionId", versionId)!);

        /// <summary>Links an alias move (its AliasHistory row).</summary>
        internal static void LinkAliasMove(SqliteConnection c, long modelId, long aliasHistoryId) =>
            Append(c, modelId, "Alias", aliasHistoryId, null, null, null, null, RowDigest(c, "AliasHistory", AliasColumns, "AliasHistoryId", aliasHistoryId)!);

        /// <summary>Links the start of a run (its immutable ScoringRun fields).</summary>
        internal static void LinkRunStarted(SqliteConnection c, long modelId, long runId) =>
            Append(c, modelId, "RunStarted", runId, null, null, null, null, RowDigest(c, "ScoringRun", RunStartColumns, "ScoringRunId", runId)!);

        /// <summary>Links the completion of a run (the fields set when it ends).</summary>
        internal static void LinkRunCompleted(SqliteConnection c, long modelId, long runId) =>
            Append(c, modelId, "RunCompleted", runId, null, null, null, null, RowDigest(c, "ScoringRun", RunEndColumns, "ScoringRunId", runId)!);

        /// <summary>
        /// Links one committed batch from the digests of its PredictionLog rows, computed by <see cref="PredictionRowDigest"/>
        /// from the values as they were written (ids <paramref name="first"/>..<paramref name="last"/>, in id order): no
        /// read-back. <see cref="Verify"/> recomputes the same digest from the rows as stored.
        /// </summary>
        internal static void LinkBatch(SqliteConnection c, long modelId, long runId, int batch, long first, long last, IReadOnlyList<string> rowDigests)
        {
            if (rowDigests.Count == 0) return;
            var record = new PredictionBatchRecord(runId, batch, first, last);
            foreach (string row in rowDigests) record.AddRow(row);
            Append(c, modelId, "Batch", runId, batch, first, last, rowDigests.Count, record.Digest());
        }

        /// <summary>
        /// The digest of one PredictionLog row (id <paramref name="id"/>) from the values score-table writes, in
        /// <see cref="PredictionColumns"/> order and typed as SQLite returns them: the same encoding <see cref="BatchDigest"/>
        /// gives the stored row (integers as INTEGER, reals as REAL, texts as TEXT, NULL as NULL).
        /// </summary>
        internal static string PredictionRowDigest(AuditRecord record, long id, PredictionLogRow row)
        {
            record.Begin("PredictionLog.1").AddInteger(id).AddInteger(row.RunId).AddText(row.RowKey).AddInteger(row.VersionId)
                .AddText(row.BlobSha256).AddText(row.InputsSha256);
            if (row.InputsJson == null) record.AddNull(); else record.AddUtf8Text(row.InputsJson, row.InputsJsonLength);
            return record.AddInteger(row.PredictedClass).AddText(row.PredictedLabel).AddReal(row.Score).AddReal(row.Probability).AddText(row.ClassScores)
                .AddText(row.PredictedAt).AddText(row.Explanation).AddText(row.Role).AddText(row.Arm).AddText(row.Status).AddText(row.Reason)
                .Digest();
        }

        private static void Append(SqliteConnection c, long modelId, string kind, long subjectId, int? batch, long? first, long? last, long? count, string content)
        {
            // Read and written in one transaction: under SQLite's single writer no other link can slip in between.
            string? previous = (string?)SqliteModelStore.Scalar(c, "SELECT Digest FROM AuditLink WHERE ModelId = $m ORDER BY AuditLinkId DESC LIMIT 1", ("$m", modelId));
            long id = Convert.ToInt64(SqliteModelStore.Scalar(c, "SELECT coalesce(max(AuditLinkId), 0) + 1 FROM AuditLink"), CultureInfo.InvariantCulture);
            string at = SqliteModelStore.Now();
            string digest = LinkDigest(id, modelId, kind, subjectId, batch, first, last, count, content, previous, at);
            SqliteModelStore.Execute(c,
                "INSERT INTO AuditLink (AuditLinkId, ModelId, Kind, SubjectId, BatchNumber, FirstRowId, LastRowId, RowCount, ContentDigest, PreviousDigest, Digest, LinkedAt) " +
                "VALUES ($id, $m, $k, $s, $b, $f, $l, $n, $c, $p, $d, $at)",
                ("$id", id), ("$m", modelId), ("$k", kind), ("$s", subjectId), ("$b", batch), ("$f", first), ("$l", last), ("$n", count),
                ("$c", content), ("$p", previous), ("$d", digest), ("$at", at));
        }

        // ---------------------------------------------------------------- digests (the same code writes and verifies)

        private static string LinkDigest(long id, long modelId, string kind, long subjectId, int? batch, long? first, long? last, long? count,
            string content, string? previous, string at) =>
            new AuditRecord("AuditLink.1").AddInteger(id).AddInteger(modelId).AddText(kind).AddInteger(subjectId).AddInteger(batch)
                .AddInteger(first).AddInteger(last).AddInteger(count).AddText(content).AddText(previous).AddText(at).Digest();

        /// <summary>The digest of one row's <paramref name="columns"/> of <paramref name="table"/>; null when the row is gone.</summary>
        private static string? RowDigest(SqliteConnection c, string table, string columns, string idColumn, long id)
        {
            using var command = SqliteModelStore.Command(c, $"SELECT {columns} FROM {table} WHERE {idColumn} = $id", ("$id", id));
            using var r = command.ExecuteReader();
            if (!r.Read()) return null;
            var record = new AuditRecord(table + ".1");
            for (int i = 0; i < r.FieldCount; i++) record.AddValue(r.GetValue(i));
            return record.Digest();
        }

        /// <summary>The digest of a batch: the digests of its rows (ids <paramref name="first"/>..<paramref name="last"/> of the run), in id order.</summary>
        private static (string Digest, long Rows) BatchDigest(SqliteConnection c, long runId, int batch, long first, long last)
        {
            var batchRecord = new PredictionBatchRecord(runId, batch, first, last);
            var row = new AuditRecord("PredictionLog.1");
            using var command = SqliteModelStore.Command(c,
                $"SELECT {PredictionColumns} FROM PredictionLog WHERE ScoringRunId = $run AND PredictionLogId BETWEEN $f AND $l ORDER BY PredictionLogId",
                ("$run", runId), ("$f", first), ("$l", last));
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                row.Begin("PredictionLog.1");
                for (int i = 0; i < r.FieldCount; i++) row.AddValue(r.GetValue(i));
                batchRecord.AddRow(row.Digest());
            }
            return (batchRecord.Digest(), batchRecord.Rows);
        }

        // ---------------------------------------------------------------- verification

        private sealed class Link
        {
            internal long Id, ModelId, SubjectId;
            internal string Kind = "", Content = "", Digest = "", At = "";
            internal string? Previous;
            internal int? Batch;
            internal long? First, Last, Count;
        }

        /// <summary>Recomputes the chain of every model (or one), optionally only the links of one run; stops at the first break.</summary>
        internal static AuditVerification Verify(SqliteConnection c, string? model, long? runId)
        {
            var models = Query(c, "SELECT ModelId, ModelName FROM Model WHERE $m IS NULL OR ModelName = $m ORDER BY ModelId", r => (Id: r.GetInt64(0), Name: r.GetString(1)), ("$m", model));
            var start = Query(c, "SELECT LastPredictionLogId, LastModelVersionId, LastAliasHistoryId, LastScoringRunId, StartedAt FROM AuditChainStart",
                r => (Prediction: r.GetInt64(0), Version: r.GetInt64(1), Alias: r.GetInt64(2), Run: r.GetInt64(3), At: r.GetString(4))).FirstOrDefault();
            var notes = new List<string>();
            var heads = new List<AuditHead>();
            long links = 0, rows = 0;
            foreach (var (modelId, name) in models)
            {
                var chain = Query(c,
                    "SELECT AuditLinkId, ModelId, Kind, SubjectId, BatchNumber, FirstRowId, LastRowId, RowCount, ContentDigest, PreviousDigest, Digest, LinkedAt " +
                    "FROM AuditLink WHERE ModelId = $m ORDER BY AuditLinkId",
                    r => new Link
                    {
                        Id = r.GetInt64(0), ModelId = r.GetInt64(1), Kind = r.GetString(2), SubjectId = r.GetInt64(3), Batch = r.IsDBNull(4) ? null : r.GetInt32(4),
                        First = r.IsDBNull(5) ? null : r.GetInt64(5), Last = r.IsDBNull(6) ? null : r.GetInt64(6), Count = r.IsDBNull(7) ? null : r.GetInt64(7),
                        Content = r.GetString(8), Previous = r.IsDBNull(9) ? null : r.GetString(9), Digest = r.GetString(10), At = r.GetString(11),
                    }, ("$m", modelId));
                string? previous = null;
                foreach (var link in chain)
                {
                    bool inScope = runId == null || (link.Kind is "RunStarted" or "Batch" or "RunCompleted" && link.SubjectId == runId);
                    if (inScope)
                    {
                        links++;
                        var broken = CheckLink(c, name, link, previous, ref rows, notes);
                        if (broken != null) return Result(broken, links, rows, heads, notes);
                    }
                    previous = link.Digest;
                }
                heads.Add(new AuditHead { Model = name, Links = chain.Count, Digest = previous ?? "" });

                var uncovered = Uncovered(c, name, modelId, runId, start.Prediction, start.Version, start.Alias, start.Run, chain);
                if (uncovered != null) return Result(uncovered, links, rows, heads, notes);
            }
            if (start.At != null && (start.Prediction > 0 || start.Version > 0 || start.Run > 0))
                notes.Add($"Rows written before the chain began ({start.At}: prediction log ids ≤ {start.Prediction}, versions ≤ {start.Version}, " +
                          $"alias moves ≤ {start.Alias}, runs ≤ {start.Run}) are not chained; the append-only triggers still protect them.");
            return Result(null, links, rows, heads, notes);
        }

        private static AuditVerification Result(AuditBreak? broken, long links, long rows, List<AuditHead> heads, List<string> notes) =>
            new AuditVerification { Break = broken, LinksChecked = links, PredictionRowsChecked = rows, Heads = heads, Notes = notes };

        private static AuditBreak? CheckLink(SqliteConnection c, string model, Link link, string? previous, ref long rows, List<string> notes)
        {
            if (link.Previous != previous)
                return new AuditBreak
                {
                    Table = "AuditLink", Model = model, LinkId = link.Id, RunId = RunOf(link), Batch = link.Batch, Expected = previous, Found = link.Previous,
                    Problem = "the link does not follow the previous link of the model: a link was deleted, inserted or rewritten",
                };
            string recomputed = LinkDigest(link.Id, link.ModelId, link.Kind, link.SubjectId, link.Batch, link.First, link.Last, link.Count, link.Content, link.Previous, link.At);
            if (recomputed != link.Digest)
                return new AuditBreak
                {
                    Table = "AuditLink", Model = model, LinkId = link.Id, RunId = RunOf(link), Batch = link.Batch, Expected = link.Digest, Found = recomputed,
                    Problem = "the link row itself was edited",
                };

            string table;
            string? content;
            switch (link.Kind)
            {
                case "Version":
                    table = "ModelVersion";
                    content = RowDigest(c, table, VersionColumns, "ModelVersionId", link.SubjectId);
                    if (content == link.Content)
                    {
                        var blob = Query(c, "SELECT ModelBlob, BlobSha256 FROM ModelVersion WHERE ModelVersionId = $id", r => (Bytes: (byte[])r.GetValue(0), Sha: r.GetString(1)), ("$id", link.SubjectId))[0];
                        string actual = SqliteModelCatalog.Sha256Hex(blob.Bytes);
                        if (actual != blob.Sha)
                            return new AuditBreak { Table = table, Model = model, RowId = link.SubjectId, LinkId = link.Id, Expected = blob.Sha, Found = actual, Problem = "the stored model blob no longer matches its recorded SHA-256" };
                    }
                    break;
                case "Alias": table = "AliasHistory"; content = RowDigest(c, table, AliasColumns, "AliasHistoryId", link.SubjectId); break;
                case "RunStarted": table = "ScoringRun"; content = RowDigest(c, table, RunStartColumns, "ScoringRunId", link.SubjectId); break;
                case "RunCompleted": table = "ScoringRun"; content = RowDigest(c, table, RunEndColumns, "ScoringRunId", link.SubjectId); break;
                default:
                    table = "PredictionLog";
                    var (digest, found) = BatchDigest(c, link.SubjectId, link.Batch ?? 0, link.First ?? 0, link.Last ?? 0);
                    rows += found;
                    content = digest;
                    if (content != link.Content && found < link.Count && Purged(c, link))
                    {
                        notes.Add($"Run {link.SubjectId}, batch {link.Batch}: {link.Count - found} of {link.Count} logged predictions were removed by a recorded retention purge (RetentionLog) — a recorded gap, not a break.");
                        return null;
                    }
                    if (content != link.Content)
                        return new AuditBreak
                        {
                            Table = table, Model = model, RunId = link.SubjectId, Batch = link.Batch, LinkId = link.Id, Expected = link.Content, Found = content,
                            Problem = found == link.Count
                                ? $"a row of the batch (ids {link.First}–{link.Last}) was edited"
                                : $"the batch (ids {link.First}–{link.Last}) had {link.Count} rows and now has {found}: a row was deleted or inserted",
                        };
                    return null;
            }
            if (content != link.Content)
                return new AuditBreak
                {
                    Table = table, Model = model, RunId = RunOf(link), RowId = link.SubjectId, LinkId = link.Id, Expected = link.Content, Found = content,
                    Problem = content == null ? "the row was deleted" : "the row was edited",
                };
            return null;
        }

        /// <summary>Whether every row of the batch that is gone lies in a RetentionLog range of its run (a recorded purge).</summary>
        private static bool Purged(SqliteConnection c, Link link)
        {
            var present = new HashSet<long>(Query(c, "SELECT PredictionLogId FROM PredictionLog WHERE ScoringRunId = $run AND PredictionLogId BETWEEN $f AND $l",
                r => r.GetInt64(0), ("$run", link.SubjectId), ("$f", link.First), ("$l", link.Last)));
            var purged = Query(c, "SELECT FirstPredictionLogId, LastPredictionLogId FROM RetentionLog WHERE ScoringRunId = $run",
                r => (First: r.GetInt64(0), Last: r.GetInt64(1)), ("$run", link.SubjectId));
            for (long id = link.First ?? 0; id <= (link.Last ?? -1); id++)
                if (!present.Contains(id) && !purged.Any(p => id >= p.First && id <= p.Last)) return false;
            return true;
        }

        private static long? RunOf(Link link) => link.Kind is "RunStarted" or "Batch" or "RunCompleted" ? link.SubjectId : null;

        /// <summary>The first row written after the chain began that no link covers (inserted behind the triggers), or null.</summary>
        private static AuditBreak? Uncovered(SqliteConnection c, string model, long modelId, long? runId, long lastPrediction, long lastVersion, long lastAlias, long lastRun, List<Link> chain)
        {
            var covered = new HashSet<(string, long)>(chain.Where(l => l.Kind != "Batch").Select(l => (l.Kind, l.SubjectId)));
            if (runId == null)
            {
                foreach (long id in Ids(c, "SELECT ModelVersionId FROM ModelVersion WHERE ModelId = $m AND ModelVersionId > $after ORDER BY 1", modelId, lastVersion))
                    if (!covered.Contains(("Version", id))) return Missing("ModelVersion", model, null, id, "a version that no link covers (inserted behind the triggers)");
                foreach (long id in Ids(c, "SELECT AliasHistoryId FROM AliasHistory WHERE ModelId = $m AND AliasHistoryId > $after ORDER BY 1", modelId, lastAlias))
                    if (!covered.Contains(("Alias", id))) return Missing("AliasHistory", model, null, id, "an alias move that no link covers (inserted behind the triggers)");
            }
            foreach (long id in Ids(c, "SELECT ScoringRunId FROM ScoringRun WHERE ModelId = $m AND ScoringRunId > $after " + (runId != null ? "AND ScoringRunId = " + runId.Value.ToString(CultureInfo.InvariantCulture) : "") + " ORDER BY 1", modelId, lastRun))
            {
                if (!covered.Contains(("RunStarted", id))) return Missing("ScoringRun", model, id, id, "a run that no link covers (inserted behind the triggers)");
                string status = (string)SqliteModelStore.Scalar(c, "SELECT Status FROM ScoringRun WHERE ScoringRunId = $id", ("$id", id))!;
                if (status != "Running" && !covered.Contains(("RunCompleted", id))) return Missing("ScoringRun", model, id, id, "a completed run whose completion no link covers");
            }
            // Batch ranges never overlap: walk rows and ranges together, both in id order.
            var batches = chain.Where(l => l.Kind == "Batch" && (runId == null || l.SubjectId == runId)).OrderBy(l => l.First).ToList();
            int next = 0;
            string rowsSql = "SELECT p.PredictionLogId, p.ScoringRunId FROM PredictionLog AS p JOIN ScoringRun AS r ON r.ScoringRunId = p.ScoringRunId " +
                             "WHERE r.ModelId = $m AND p.PredictionLogId > $after" + (runId != null ? " AND p.ScoringRunId = " + runId.Value.ToString(CultureInfo.InvariantCulture) : "") + " ORDER BY 1";
            foreach (var (rowId, run) in Query(c, rowsSql, r => (r.GetInt64(0), r.GetInt64(1)), ("$m", modelId), ("$after", lastPrediction)))
            {
                while (next < batches.Count && batches[next].Last < rowId) next++;
                if (next == batches.Count || batches[next].First > rowId || batches[next].SubjectId != run)
                    return Missing("PredictionLog", model, run, rowId, "a logged prediction that is in no committed batch (inserted behind the triggers)");
            }
            return null;
        }

        private static AuditBreak Missing(string table, string model, long? run, long row, string problem) =>
            new AuditBreak { Table = table, Model = model, RunId = run, RowId = row, Problem = problem, Expected = "a link", Found = null };

        private static List<long> Ids(SqliteConnection c, string sql, long modelId, long after) =>
            Query(c, sql, r => r.GetInt64(0), ("$m", modelId), ("$after", after));

        private static List<T> Query<T>(SqliteConnection c, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters) =>
            SqliteModelStore.Query(c, sql, map, parameters);
    }
}
