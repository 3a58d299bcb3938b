using System.Collections.Generic;
using System.Threading;
using DbScoring.Runtime;
using DbScoring.Runtime.Monitoring;

namespace DbScoring.SqlClr;

/// <summary>
/// One loaded model and a small lock-free pool of scorers (a <see cref="Scorer"/> is not thread-safe; the
/// threads of a parallel plan each rent one). Immutable apart from the pool slots, which are only touched
/// with <see cref="Interlocked"/> (SAFE forbids Monitor/lock; Interlocked carries no HostProtection).
/// </summary>
internal sealed class CachedModel
{
    /// <summary>Pool slots; more concurrent callers than this simply create a scorer and drop it.</summary>
    internal const int PoolSize = 64;

    private readonly Scorer?[] _pool = new Scorer?[PoolSize];

    internal CachedModel(int versionId, byte[] blobSha256, ScoringModel model)
    {
        VersionId = versionId;
        BlobSha256 = blobSha256;
        Model = model;
        // Dictionary, not HashSet: System.Core's HashSet<T> carries [HostProtection(MayLeakOnAbort)], refused in SAFE.
        var categories = new Dictionary<string, bool>?[model.Inputs.Count];
        for (int i = 0; i < categories.Length; i++)
        {
            IReadOnlyList<string> known = model.Inputs[i].Categories;
            if (model.Inputs[i].Kind == InputKind.Text && known.Count > 0)
            {
                // Exact ordinal match, as ML.NET's one-hot vocabulary lookup.
                var set = new Dictionary<string, bool>(known.Count, System.StringComparer.Ordinal);
                for (int k = 0; k < known.Count; k++)
                {
                    set[known[k]] = true;
                }

                categories[i] = set;
            }
        }

        Categories = categories;
        Drift = model.Profile is null ? null : new DriftCoder(model);
    }

    /// <summary>The drift rules against the model's training profile; null when the model has none. Immutable.</summary>
    internal DriftCoder? Drift { get; }

    /// <summary>Per input: the categories seen in training (ordinal), or null when the input is not categorical. Read-only after construction.</summary>
    internal Dictionary<string, bool>?[] Categories { get; }

    /// <summary>Registry version id (scoring.ModelVersion.ModelVersionId).</summary>
    internal int VersionId { get; }

    /// <summary>SHA-256 of the whole blob, 32 bytes (as HASHBYTES('SHA2_256', ModelBlob)).</summary>
    internal byte[] BlobSha256 { get; }

    /// <summary>The loaded model.</summary>
    internal ScoringModel Model { get; }

    /// <summary>Takes a free scorer from the pool, or creates one.</summary>
    internal Scorer Rent()
    {
        for (int i = 0; i < _pool.Length; i++)
        {
            Scorer? scorer = Interlocked.Exchange(ref _pool[i], null);
            if (scorer is not null)
            {
                return scorer;
            }
        }

        return Model.CreateScorer();
    }

    /// <summary>Puts a scorer back into the first empty slot; drops it when the pool is full.</summary>
    internal void Return(Scorer scorer)
    {
        for (int i = 0; i < _pool.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _pool[i], scorer, null) is null)
            {
                return;
            }
        }
    }

    /// <summary>True when this entry is for the given key.</summary>
    internal bool Matches(int versionId, byte[] blobSha256)
    {
        if (versionId != VersionId || blobSha256.Length != BlobSha256.Length)
        {
            return false;
        }

        for (int i = 0; i < blobSha256.Length; i++)
        {
            if (blobSha256[i] != BlobSha256[i])
            {
                return false;
            }
        }

        return true;
    }
}
