using System;
using System.Collections.Generic;
using System.Globalization;
using DbScoring.Runtime;
using Microsoft.Data.Sqlite;

namespace DbScoring.Store.Sqlite
{
    public sealed partial class SqliteModelStore
    {
        private const string VersionColumns =
            "m.ModelName, v.VersionNumber, v.ModelVersionId, v.BlobSha256, v.ContentHash, v.BlobBytes, v.FormatVersion, v.PredictionKind, " +
            "v.Algorithm, v.Description, v.SourceArtifactName, v.SourceArtifactSha256, v.Notes, v.RegisteredBy, v.RegisteredAt";

        /// <inheritdoc />
        public RegisterResult RegisterVersion(RegisterRequest request) => Guard(() =>
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            StoreNames.CheckModel(request.Model, nameof(request.Model));
            if (request.Blob == null || request.Blob.Length == 0) throw new ArgumentException("Give the model blob (.dbsm bytes).", nameof(request.Blob));
            string? sourceSha = NormalizeSha(request.SourceArtifactSha256, nameof(request.SourceArtifactSha256));
            RequireSchemaForChange();
            var model = ScoringModel.Load(request.Blob); // a blob the runtime cannot score is refused here, not at query time
            string sha = SqliteModelCatalog.Sha256Hex(request.Blob);
            string by = request.RegisteredBy ?? Environment.UserName;
            using var tx = _connection.BeginTransaction();
            string now = Now();
            object? id = Scalar(_connection, "SELECT ModelId FROM Model WHERE ModelName = $m", ("$m", request.Model));
            long modelId;
            if (id == null)
            {
                Execute(_connection, "INSERT INTO Model (ModelName, CreatedBy, CreatedAt) VALUES ($m, $by, $at)", ("$m", request.Model), ("$by", by), ("$at", now));
                modelId = Convert.ToInt64(Scalar(_connection, "SELECT last_insert_rowid()"), CultureInfo.InvariantCulture);
            }
            else modelId = Convert.ToInt64(id, CultureInfo.InvariantCulture);
            string modelName = (string)Scalar(_connection, "SELECT ModelName FROM Model WHERE ModelId = $id", ("$id", modelId))!;

            var existing = Query(_connection, "SELECT ModelVersionId, VersionNumber FROM ModelVersion WHERE ModelId = $id AND BlobSha256 = $sha",
                r => (r.GetInt64(0), r.GetInt32(1)), ("$id", modelId), ("$sha", sha));
            if (existing.Count > 0)
            {
                tx.Commit();
                return new RegisterResult { Model = modelName, ModelVersionId = existing[0].Item1, Version = existing[0].Item2, IsNew = false, BlobSha256 = sha };
            }
            int next = 1 + Convert.ToInt32(Scalar(_connection, "SELECT coalesce(max(VersionNumber), 0) FROM ModelVersion WHERE ModelId = $id", ("$id", modelId)), CultureInfo.InvariantCulture);
            model.Metadata.TryGetValue("algorithm", out string? algorithm);
            Execute(_connection,
                "INSERT INTO ModelVersion (ModelId, VersionNumber, ModelBlob, BlobSha256, BlobBytes, ContentHash, FormatVersion, PredictionKind, Algorithm, Description, SourceArtifactName, SourceArtifactSha256, Notes, RegisteredBy, RegisteredAt) " +
                "VALUES ($id, $n, $blob, $sha, $bytes, $content, $format, $kind, $algo, $desc, $src, $srcSha, $notes, $by, $at)",
                ("$id", modelId), ("$n", next), ("$blob", request.Blob), ("$sha", sha), ("$bytes", request.Blob.LongLength), ("$content", model.ContentHashHex),
                ("$format", model.FormatVersion), ("$kind", (int)model.Kind), ("$algo", algorithm), ("$desc", model.DescribeJson()),
                ("$src", request.SourceArtifactName), ("$srcSha", sourceSha), ("$notes", request.Notes), ("$by", by), ("$at", now));
            long versionId = Convert.ToInt64(Scalar(_connection, "SELECT last_insert_rowid()"), CultureInfo.InvariantCulture);
            SqliteAuditTrail.LinkVersion(_connection, modelId, versionId);
            tx.Commit();
            return new RegisterResult { Model = modelName, ModelVersionId = versionId, Version = next, IsNew = true, BlobSha256 = sha };
        });

        private static string? NormalizeSha(string? sha, string parameter)
        {
            if (sha == null) return null;
            string s = sha.Trim();
            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) s = s.Substring(2);
            if (s.Length != 64 || !IsHex(s)) throw new ArgumentException("A SHA-256 is 64 hexadecimal digits.", parameter);
            return s.ToLowerInvariant();
        }

        private static bool IsHex(string s)
        {
            foreach (char c in s) if (!Uri.IsHexDigit(c)) return false;
            return true;
        }

        /// <inheritdoc />
        public IReadOnlyList<ModelSummary> ListModels() => Guard(() =>
        {
            RequireSchema();
            return (IReadOnlyList<ModelSummary>)Query(_connection,
                "SELECT m.ModelName, (SELECT coalesce(max(v.VersionNumber), 0) FROM ModelVersion AS v WHERE v.ModelId = m.ModelId), " +
                "(SELECT count(*) FROM ModelVersion AS v WHERE v.ModelId = m.ModelId), " +
                "(SELECT group_concat(x, ', ') FROM (SELECT a.AliasName || '=' || v.VersionNumber AS x FROM ModelAlias AS a JOIN ModelVersion AS v ON v.ModelVersionId = a.ModelVersionId WHERE a.ModelId = m.ModelId ORDER BY a.AliasName)), " +
                "m.CreatedBy, m.CreatedAt FROM Model AS m ORDER BY m.ModelName",
                r => new ModelSummary
                {
                    Model = r.GetString(0), LatestVersion = r.GetInt32(1), VersionCount = r.GetInt32(2), Aliases = Str(r, 3) ?? "",
                    CreatedBy = r.GetString(4), CreatedAt = ParseTime(r.GetString(5)),
                });
        });

        /// <inheritdoc />
        public IReadOnlyList<ModelVersionInfo> ListVersions(string model) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            RequireSchema();
            return (IReadOnlyList<ModelVersionInfo>)Query(_connection,
                $"SELECT {VersionColumns} FROM ModelVersion AS v JOIN Model AS m ON m.ModelId = v.ModelId WHERE m.ModelName = $m ORDER BY v.VersionNumber",
                r => MapVersion(r, null), ("$m", model));
        });

        /// <inheritdoc />
        public ModelVersionInfo GetVersion(ModelRef reference) => Guard(() =>
        {
            if (reference == null) throw new ArgumentNullException(nameof(reference));
            RequireSchema();
            var (versionId, _, _) = SqliteModelCatalog.Find(_connection, reference);
            return Query(_connection, $"SELECT {VersionColumns} FROM ModelVersion AS v JOIN Model AS m ON m.ModelId = v.ModelId WHERE v.ModelVersionId = $id",
                r => MapVersion(r, reference.Alias), ("$id", versionId))[0];
        });

        private static ModelVersionInfo MapVersion(SqliteDataReader r, string? alias) => new ModelVersionInfo
        {
            Model = r.GetString(0), Version = r.GetInt32(1), ModelVersionId = r.GetInt64(2), BlobSha256 = r.GetString(3), ContentHash = r.GetString(4),
            BlobBytes = r.GetInt64(5), FormatVersion = r.GetString(6), PredictionKind = ((PredictionKind)r.GetInt32(7)).ToString(),
            Algorithm = Str(r, 8), SchemaJson = Str(r, 9), SourceArtifactName = Str(r, 10), SourceArtifactSha256 = Str(r, 11), Notes = Str(r, 12),
            RegisteredBy = r.GetString(13), RegisteredAt = ParseTime(r.GetString(14)), ResolvedAlias = alias,
        };

        /// <inheritdoc />
        public byte[] GetBlob(ModelRef reference) => Guard(() =>
        {
            if (reference == null) throw new ArgumentNullException(nameof(reference));
            RequireSchema();
            var (versionId, version, sha) = SqliteModelCatalog.Find(_connection, reference);
            byte[] blob = _catalog.ReadVerifiedBlob(_connection, versionId, sha, reference.Model, version);
            try
            {
                ScoringModel.Load(blob);
            }
            catch (ModelFormatException e)
            {
                throw new BlobIntegrityException($"The stored blob of model '{reference.Model}' version {version} cannot be loaded by this runtime: {e.Message}", e);
            }
            return blob;
        });

        // ---------------------------------------------------------------- aliases

        /// <inheritdoc />
        public AliasMove SetAlias(string model, string alias, int version, string? movedBy = null, string? reason = null) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            StoreNames.CheckAlias(alias, nameof(alias));
            RequireSchemaForChange();
            AliasMove move;
            using (var tx = _connection.BeginTransaction())
            {
                var (versionId, _, _) = SqliteModelCatalog.Find(_connection, ModelRef.ForVersion(model, version));
                move = Move(model, alias, versionId, movedBy ?? Environment.UserName, reason);
                tx.Commit();
            }
            _functions.Invalidate();
            return move;
        });

        /// <inheritdoc />
        public AliasMove Rollback(string model, string alias, string? movedBy = null, string? reason = null) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            StoreNames.CheckAlias(alias, nameof(alias));
            RequireSchemaForChange();
            AliasMove move;
            using (var tx = _connection.BeginTransaction())
            {
                var (_, _, _) = SqliteModelCatalog.Find(_connection, ModelRef.ForAlias(model, alias)); // names the problem when the alias is unknown
                object? previous = Scalar(_connection,
                    "SELECT h.FromModelVersionId FROM AliasHistory AS h JOIN Model AS m ON m.ModelId = h.ModelId " +
                    "WHERE m.ModelName = $m AND h.AliasName = $a ORDER BY h.AliasHistoryId DESC LIMIT 1", ("$m", model), ("$a", alias));
                if (previous == null)
                    throw new ArgumentException($"Alias '{alias}' of model '{model}' has never pointed at another version; there is nothing to roll back to.", nameof(alias));
                move = Move(model, alias, Convert.ToInt64(previous, CultureInfo.InvariantCulture), movedBy ?? Environment.UserName,
                    "Rollback" + (string.IsNullOrEmpty(reason) ? "" : ": " + reason));
                tx.Commit();
            }
            _functions.Invalidate();
            return move;
        });

        private AliasMove Move(string model, string alias, long versionId, string by, string? reason)
        {
            long modelId = Convert.ToInt64(Scalar(_connection, "SELECT ModelId FROM Model WHERE ModelName = $m", ("$m", model)), CultureInfo.InvariantCulture);
            object? current = Scalar(_connection, "SELECT ModelVersionId FROM ModelAlias WHERE ModelId = $id AND AliasName = $a", ("$id", modelId), ("$a", alias));
            if (current != null && Convert.ToInt64(current, CultureInfo.InvariantCulture) == versionId)
            {
                var history = AliasHistoryCore(model, alias);
                var last = history[history.Count - 1];
                return new AliasMove
                {
                    Model = last.Model, Alias = last.Alias, FromVersion = last.FromVersion, ToVersion = last.ToVersion, ToModelVersionId = last.ToModelVersionId,
                    MovedBy = last.MovedBy, MovedAt = last.MovedAt, Reason = last.Reason, Moved = false,
                };
            }
            string now = Now();
            Execute(_connection, "INSERT INTO AliasHistory (ModelId, AliasName, FromModelVersionId, ToModelVersionId, MovedBy, MovedAt, Reason) VALUES ($id, $a, $from, $to, $by, $at, $why)",
                ("$id", modelId), ("$a", alias), ("$from", current), ("$to", versionId), ("$by", by), ("$at", now), ("$why", reason));
            SqliteAuditTrail.LinkAliasMove(_connection, modelId, Convert.ToInt64(Scalar(_connection, "SELECT last_insert_rowid()"), CultureInfo.InvariantCulture));
            if (current == null)
                Execute(_connection, "INSERT INTO ModelAlias (ModelId, AliasName, ModelVersionId, MovedBy, MovedAt) VALUES ($id, $a, $to, $by, $at)",
                    ("$id", modelId), ("$a", alias), ("$to", versionId), ("$by", by), ("$at", now));
            else
                Execute(_connection, "UPDATE ModelAlias SET ModelVersionId = $to, MovedBy = $by, MovedAt = $at WHERE ModelId = $id AND AliasName = $a",
                    ("$id", modelId), ("$a", alias), ("$to", versionId), ("$by", by), ("$at", now));
            var moves = AliasHistoryCore(model, alias);
            return moves[moves.Count - 1];
        }

        /// <inheritdoc />
        public IReadOnlyList<AliasMove> AliasHistory(string model, string? alias = null) => Guard(() =>
        {
            StoreNames.CheckModel(model, nameof(model));
            if (alias != null) StoreNames.CheckAlias(alias, nameof(alias));
            RequireSchema();
            return (IReadOnlyList<AliasMove>)AliasHistoryCore(model, alias);
        });

        private List<AliasMove> AliasHistoryCore(string model, string? alias) => Query(_connection,
            "SELECT m.ModelName, h.AliasName, fv.VersionNumber, tv.VersionNumber, h.ToModelVersionId, h.MovedBy, h.MovedAt, h.Reason " +
            "FROM AliasHistory AS h JOIN Model AS m ON m.ModelId = h.ModelId JOIN ModelVersion AS tv ON tv.ModelVersionId = h.ToModelVersionId " +
            "LEFT JOIN ModelVersion AS fv ON fv.ModelVersionId = h.FromModelVersionId " +
            "WHERE m.ModelName = $m AND ($a IS NULL OR h.AliasName = $a) ORDER BY h.AliasHistoryId",
            r => new AliasMove
            {
                Model = r.GetString(0), Alias = r.GetString(1), FromVersion = r.IsDBNull(2) ? null : r.GetInt32(2), ToVersion = r.GetInt32(3),
                ToModelVersionId = r.GetInt64(4), MovedBy = r.GetString(5), MovedAt = ParseTime(r.GetString(6)), Reason = Str(r, 7),
            },
            ("$m", model), ("$a", alias));

        /// <inheritdoc />
        public IReadOnlyList<AliasPointer> AliasesAsOf(DateTime asOfUtc, string? model = null) => Guard(() =>
        {
            if (model != null) StoreNames.CheckModel(model, nameof(model));
            RequireSchema();
            return (IReadOnlyList<AliasPointer>)Query(_connection,
                "SELECT m.ModelName, h.AliasName, v.VersionNumber, v.ModelVersionId, v.BlobSha256, h.MovedBy, h.MovedAt " +
                "FROM AliasHistory AS h JOIN Model AS m ON m.ModelId = h.ModelId JOIN ModelVersion AS v ON v.ModelVersionId = h.ToModelVersionId " +
                "WHERE ($m IS NULL OR m.ModelName = $m) AND h.AliasHistoryId = (SELECT max(h2.AliasHistoryId) FROM AliasHistory AS h2 " +
                "WHERE h2.ModelId = h.ModelId AND h2.AliasName = h.AliasName AND h2.MovedAt <= $t) ORDER BY m.ModelName, h.AliasName",
                r => new AliasPointer
                {
                    Model = r.GetString(0), Alias = r.GetString(1), Version = r.GetInt32(2), ModelVersionId = r.GetInt64(3), BlobSha256 = r.GetString(4),
                    MovedBy = r.GetString(5), MovedAt = ParseTime(r.GetString(6)),
                },
                ("$m", model), ("$t", FormatTime(asOfUtc.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(asOfUtc, DateTimeKind.Utc) : asOfUtc)));
        });
    }
}
