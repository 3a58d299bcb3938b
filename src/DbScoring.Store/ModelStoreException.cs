using System;

namespace DbScoring.Store
{
    /// <summary>
    /// The store itself is the problem, not the caller's arguments: not installed, installed by a newer DbScoring,
    /// read-only, unreachable. Caller mistakes are <see cref="ArgumentException"/>s; corrupt blobs offered for
    /// registration are <see cref="DbScoring.Runtime.ModelFormatException"/>s.
    /// </summary>
    public class ModelStoreException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public ModelStoreException(string message) : base(message) { }

        /// <summary>Creates the exception with its cause.</summary>
        public ModelStoreException(string message, Exception? inner) : base(message, inner) { }
    }

    /// <summary>
    /// A stored blob no longer matches the SHA-256 recorded when it was registered: it was altered in the database.
    /// It is never scored. Register the original model file again (a new version) and move the alias to it.
    /// </summary>
    public sealed class BlobIntegrityException : ModelStoreException
    {
        /// <summary>Creates the exception.</summary>
        public BlobIntegrityException(string message, Exception? inner = null) : base(message, inner) { }
    }

    /// <summary>A scoring run started (it has a ScoringRun row) and then failed; the row records the error.</summary>
    public sealed class ScoringRunFailedException : ModelStoreException
    {
        /// <summary>Creates the exception.</summary>
        public ScoringRunFailedException(long runId, string message, Exception? inner) : base(message, inner) { RunId = runId; }

        /// <summary>The ScoringRun row of the failed run.</summary>
        public long RunId { get; }
    }
}
