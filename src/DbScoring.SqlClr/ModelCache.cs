using System;
using System.Data.SqlTypes;
using System.Threading;
using DbScoring.Runtime;

namespace DbScoring.SqlClr;

/// <summary>
/// Loaded models keyed by (version id, blob SHA-256). An optimisation only: an AppDomain unload empties it and
/// the next call loads again.
/// </summary>
/// <remarks>
/// SAFE assemblies may not store to static fields and may not use Monitor/lock or ConcurrentDictionary
/// (HostProtection Synchronization). So the one static field is readonly and holds this object, whose single
/// instance field is an immutable array replaced as a whole with <see cref="Interlocked.CompareExchange{T}"/>
/// (copy-on-write). A lost race costs one duplicate model load, never a corrupt cache.
/// On a hit the blob is never read (the SqlBytes LOB handle stays unread). On a miss the blob's SHA-256 is
/// recomputed and must equal the key: a caller cannot plant other bytes under a version's key.
/// </remarks>
internal sealed class ModelCache
{
    /// <summary>The cache of this AppDomain.</summary>
    internal static readonly ModelCache Shared = new ModelCache();

    /// <summary>Most models kept; the least recently loaded one leaves first.</summary>
    internal const int Capacity = 16;

    private CachedModel[] _entries = new CachedModel[0];

    /// <summary>Number of models currently held.</summary>
    internal int Count => Volatile.Read(ref _entries).Length;

    /// <summary>Returns the cached model for the key, loading it from <paramref name="blob"/> on a miss.</summary>
    /// <exception cref="ArgumentException">The key is malformed or the blob does not hash to it.</exception>
    /// <exception cref="ModelFormatException">The blob is not a model this runtime can score.</exception>
    internal CachedModel GetOrLoad(int versionId, byte[] blobSha256, SqlBytes blob)
    {
        if (blobSha256.Length != 32)
        {
            throw new ArgumentException("The blob hash must be 32 bytes (SHA-256).", nameof(blobSha256));
        }

        CachedModel[] entries = Volatile.Read(ref _entries);
        for (int i = 0; i < entries.Length; i++)
        {
            if (entries[i].Matches(versionId, blobSha256))
            {
                return entries[i];
            }
        }

        byte[] bytes = blob.Value;
        byte[] actual = Sha256(bytes);
        if (!SameBytes(actual, blobSha256))
        {
            throw new ArgumentException(
                "The model blob passed for version " + versionId + " does not have the SHA-256 it is keyed by; "
                + "the registry row or the call is inconsistent.",
                nameof(blob));
        }

        var loaded = new CachedModel(versionId, blobSha256, ScoringModel.Load(bytes));
        Publish(loaded);
        return loaded;
    }

    /// <summary>
    /// SHA-256 of <paramref name="bytes"/> with the runtime's managed implementation: SHA256Managed throws under the
    /// FIPS policy, and the FIPS-validated framework classes call native code a SAFE assembly may not use.
    /// </summary>
    internal static byte[] Sha256(byte[] bytes) => DbScoring.Runtime.Sha256.Hash(bytes);

    private void Publish(CachedModel loaded)
    {
        for (int attempt = 0; attempt < 8; attempt++)
        {
            CachedModel[] current = Volatile.Read(ref _entries);
            int keep = Math.Min(current.Length, Capacity - 1);
            var next = new CachedModel[keep + 1];
            next[0] = loaded;
            int n = 1;
            for (int i = 0; i < current.Length && n < next.Length; i++)
            {
                if (!current[i].Matches(loaded.VersionId, loaded.BlobSha256))
                {
                    next[n++] = current[i];
                }
            }

            if (n < next.Length)
            {
                Array.Resize(ref next, n);
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref _entries, next, current), current))
            {
                return;
            }
        }

        // Heavy contention: give up publishing; the caller still scores with its own loaded copy.
    }

    private static bool SameBytes(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
