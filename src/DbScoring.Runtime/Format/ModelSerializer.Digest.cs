using System;
#if !NETFRAMEWORK
using System.Threading;
using System.Threading.Tasks;
#endif

namespace DbScoring.Runtime.Format
{
    public static partial class ModelSerializer
    {
        /// <summary>
        /// The SHA-256 check of a blob's content against its trailer. On .NET the hash runs on a thread-pool thread while
        /// the caller parses (the reader is safe on any bytes, as the hostile-blob tests check behind recomputed hashes),
        /// and <see cref="Verify"/> waits for it; the caller hands nothing out before <see cref="Verify"/> returns, and a
        /// mismatch is refused with the same error whether the parse succeeded or failed. On .NET Framework (SQL Server's
        /// SAFE CLR: no threads, no tasks) the hash is computed and checked in <see cref="Start"/>, before any parsing.
        /// </summary>
        private sealed class ContentDigest
        {
            private readonly byte[] _blob;
            private readonly int _contentLength;
            private byte[]? _hash;
#if !NETFRAMEWORK
            private readonly Task<byte[]?>? _pending;
            private int _claimed; // 1 once a thread has taken the hashing: the pool thread, or the caller if it gets there first
#endif

            private ContentDigest(byte[] blob, int contentLength)
            {
                _blob = blob;
                _contentLength = contentLength;
#if NETFRAMEWORK
                _hash = Sha256(blob, contentLength);
#else
                _pending = Task.Run(HashUnlessClaimed);
#endif
            }

            /// <summary>Starts hashing the first <paramref name="contentLength"/> bytes of <paramref name="blob"/> (.NET Framework: hashes and checks them).</summary>
            internal static ContentDigest Start(byte[] blob, int contentLength)
            {
                var digest = new ContentDigest(blob, contentLength);
#if NETFRAMEWORK
                digest.Verify(); // before parsing: inside SQL Server nothing is parsed unless the digest matches
#endif
                return digest;
            }

            /// <summary>The content's SHA-256 once it matches the trailer; otherwise the blob is refused as corrupt.</summary>
            internal byte[] Verify()
            {
                byte[]? hash = _hash;
#if !NETFRAMEWORK
                // A small blob may be parsed before the pool thread has started: then the caller hashes it itself
                // rather than wait for a thread to wake up; otherwise it waits for the pool thread's result.
                if (hash == null) _hash = hash = HashUnlessClaimed() ?? _pending!.GetAwaiter().GetResult();
#endif
                for (int i = 0; i < FormatConstants.TrailerLength; i++)
                    if (hash![i] != _blob[_contentLength + i])
                        throw new ModelFormatException("The blob's SHA-256 does not match its content: it is corrupt or has been altered. Register the original model file again.");
                return hash!;
            }

#if !NETFRAMEWORK
            /// <summary>The hash, computed by whichever thread claims it first; null for the other one.</summary>
            private byte[]? HashUnlessClaimed() =>
                Interlocked.CompareExchange(ref _claimed, 1, 0) == 0 ? Sha256(_blob, _contentLength) : null;
#endif
        }
    }
}
