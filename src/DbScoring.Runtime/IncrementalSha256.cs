using System;

namespace DbScoring.Runtime
{
    /// <summary>
    /// SHA-256 of a message given in pieces, for records too large to hold at once (an audit batch of a million rows): on
    /// .NET the platform's <c>IncrementalHash</c>, on .NET Framework (SQL Server CLR, SAFE) <see cref="Sha256"/>'s own
    /// compression function, for the reasons given there. Gives exactly <see cref="Sha256.Fastest"/> of the pieces joined.
    /// </summary>
    public sealed class IncrementalSha256 : IDisposable
    {
#if NETFRAMEWORK
        private const int BlockBytes = 64;
        private readonly uint[] _state = Sha256.InitialState();
        private readonly uint[] _schedule = new uint[64];
        private readonly byte[] _partial = new byte[BlockBytes];
        private int _partialLength;
        private ulong _messageBytes;
#else
        private readonly System.Security.Cryptography.IncrementalHash _hash =
            System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
#endif
        private bool _finished;

        /// <summary>Appends <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public void Append(byte[] data, int offset, int count)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            if (offset < 0 || offset > data.Length) throw new ArgumentOutOfRangeException(nameof(offset));
            if (count < 0 || count > data.Length - offset) throw new ArgumentOutOfRangeException(nameof(count));
            if (_finished) throw new InvalidOperationException("This SHA-256 is finished; start another one.");
#if NETFRAMEWORK
            _messageBytes += (ulong)count;
            if (_partialLength > 0)
            {
                int take = Math.Min(count, BlockBytes - _partialLength);
                Array.Copy(data, offset, _partial, _partialLength, take);
                _partialLength += take;
                offset += take;
                count -= take;
                if (_partialLength < BlockBytes) return;
                Sha256.Compress(_state, _schedule, _partial, 0);
                _partialLength = 0;
            }

            int end = offset + count - count % BlockBytes;
            for (; offset < end; offset += BlockBytes)
            {
                Sha256.Compress(_state, _schedule, data, offset);
            }

            _partialLength = count % BlockBytes;
            Array.Copy(data, offset, _partial, 0, _partialLength);
#else
            _hash.AppendData(data, offset, count);
#endif
        }

        /// <summary>The digest of everything appended (32 bytes). Call once.</summary>
        public byte[] Finish()
        {
            if (_finished) throw new InvalidOperationException("This SHA-256 is finished; start another one.");
            _finished = true;
#if NETFRAMEWORK
            return Sha256.Finish(_state, _schedule, _partial, 0, _partialLength, _messageBytes);
#else
            return _hash.GetHashAndReset();
#endif
        }

        /// <summary>Releases the platform hash (nothing to release on .NET Framework).</summary>
        public void Dispose()
        {
#if !NETFRAMEWORK
            _hash.Dispose();
#endif
        }
    }
}
