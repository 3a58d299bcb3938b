using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using DbScoring.Runtime;

namespace DbScoring.Store.Sqlite
{
    /// <summary>A model version resolved from a reference, with its verified, loaded model.</summary>
    internal sealed class ResolvedModel
    {
        internal ResolvedModel(string model, int version, long versionId, string blobSha256, string? alias, ScoringModel scoringModel)
        {
            Model = model; Version = version; ModelVersionId = versionId; BlobSha256 = blobSha256; Alias = alias; ScoringModel = scoringModel;
        }

        internal string Model { get; }
        internal int Version { get; }
        internal long ModelVersionId { get; }
        internal string BlobSha256 { get; }
        internal string? Alias { get; }
        internal ScoringModel ScoringModel { get; }
    }

    /// <summary>
    /// Resolves model references and loads blobs for one store file. Loaded models are cached by (version id, blob
    /// SHA-256): a version is immutable, so the pair names the same bytes forever, and a <see cref="ScoringModel"/> is
    /// thread-safe. Every load verifies the stored bytes against the recorded SHA-256.
    /// This part is binding-free (it reads through <see cref="IRegistryConnection"/>) and is compiled into the loadable
    /// SQLite extension too; SqliteModelCatalog.Connections.cs adds the Microsoft.Data.Sqlite side.
    /// </summary>
    internal sealed partial class SqliteModelCatalog
    {
        private readonly string _displayName;
        private readonly ConcurrentDictionary<(long, string), ScoringModel> _models = new ConcurrentDictionary<(long, string), ScoringModel>();

        /// <summary>A catalog whose messages name the store as <paramref name="displayName"/> (its file path).</summary>
        internal SqliteModelCatalog(string displayName)
        {
            _displayName = displayName;
        }

        /// <summary>Resolves and loads a reference on <paramref name="connection"/>.</summary>
        internal ResolvedModel Resolve(IRegistryConnection connection, ModelRef reference)
        {
            var (versionId, version, sha) = Find(connection, reference);
            var key = (versionId, sha);
            if (!_models.TryGetValue(key, out var model))
            {
                model = LoadVerified(connection, versionId, sha, reference.Model, version);
                _models[key] = model;
            }
            return new ResolvedModel(reference.Model, version, versionId, sha, reference.Alias, model);
        }

        /// <summary>The version id, number and recorded blob SHA-256 a reference names; ArgumentException when none.</summary>
        internal static (long VersionId, int Version, string BlobSha256) Find(IRegistryConnection connection, ModelRef reference)
        {
            var row = reference.Version.HasValue
                ? connection.FirstRow(
                    "SELECT v.ModelVersionId, v.VersionNumber, v.BlobSha256 FROM ModelVersion AS v JOIN Model AS m ON m.ModelId = v.ModelId WHERE m.ModelName = $model AND v.VersionNumber = $version",
                    ("$model", reference.Model), ("$version", (long)reference.Version.Value))
                : connection.FirstRow(
                    "SELECT v.ModelVersionId, v.VersionNumber, v.BlobSha256 FROM ModelAlias AS a JOIN Model AS m ON m.ModelId = a.ModelId JOIN ModelVersion AS v ON v.ModelVersionId = a.ModelVersionId WHERE m.ModelName = $model AND a.AliasName = $alias",
                    ("$model", reference.Model), ("$alias", reference.Alias!));
            if (row != null)
                return (Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToInt32(row[1], CultureInfo.InvariantCulture), (string)row[2]!);
            throw new ArgumentException(Describe(connection, reference), nameof(reference));
        }

        private static string Describe(IRegistryConnection connection, ModelRef reference)
        {
            bool exists = connection.FirstRow("SELECT 1 FROM Model WHERE ModelName = $model", ("$model", reference.Model)) != null;
            if (!exists) return $"No model is named '{reference.Model}' in this store.";
            return reference.Version.HasValue
                ? $"Model '{reference.Model}' has no version {reference.Version.Value.ToString(CultureInfo.InvariantCulture)}."
                : $"Model '{reference.Model}' has no alias '{reference.Alias}' (promote a version first).";
        }

        /// <summary>Reads the stored blob, checks it against the recorded SHA-256 and loads it with the runtime.</summary>
        internal ScoringModel LoadVerified(IRegistryConnection connection, long versionId, string recordedSha, string model, int version)
        {
            byte[] blob = ReadVerifiedBlob(connection, versionId, recordedSha, model, version);
            try
            {
                return ScoringModel.Load(blob);
            }
            catch (ModelFormatException e)
            {
                throw new BlobIntegrityException($"The stored blob of model '{model}' version {version} matches its recorded SHA-256 but cannot be loaded by this runtime: {e.Message}", e);
            }
        }

        /// <summary>Reads a stored blob; <see cref="BlobIntegrityException"/> when it does not match its recorded SHA-256.</summary>
        internal byte[] ReadVerifiedBlob(IRegistryConnection connection, long versionId, string recordedSha, string model, int version)
        {
            var row = connection.FirstRow("SELECT ModelBlob FROM ModelVersion WHERE ModelVersionId = $id", ("$id", versionId));
            byte[] blob = row?[0] as byte[] ?? Array.Empty<byte>();
            string actual = Sha256Hex(blob);
            if (!string.Equals(actual, recordedSha, StringComparison.OrdinalIgnoreCase))
                throw new BlobIntegrityException(
                    $"The stored blob of model '{model}' version {version} (ModelVersionId {versionId}) in {_displayName} has SHA-256 {actual}, " +
                    $"but {recordedSha} was recorded when it was registered: it was altered in the database and will not be scored. " +
                    "Register the original model file again and move the alias to the new version.");
            return blob;
        }

        /// <summary>SHA-256 as 64 lowercase hex digits.</summary>
        internal static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
    }
}
