using System;

namespace DbScoring.Runtime
{
    /// <summary>
    /// SHA-256 (FIPS 180-4, section 6.2) in plain managed code. The .NET Framework's <c>SHA256Managed</c> throws
    /// <see cref="InvalidOperationException"/> on servers with the Windows FIPS policy on, and the FIPS-validated
    /// <c>SHA256Cng</c>/<c>SHA256CryptoServiceProvider</c> call native code that a SAFE SQL CLR assembly may not use,
    /// so model loading and registration inside SQL Server hash with this class. A hash is not an encryption
    /// algorithm: computing one with our own code is allowed under the FIPS policy, which restricts which
    /// framework classes may be used, not which digests may be computed. Verifiable IL only: no pointers, no spans,
    /// no writable statics (the round constants are a read-only table).
    /// </summary>
    public static class Sha256
    {
        /// <summary>Bytes in a digest.</summary>
        public const int HashBytes = 32;

        private const int BlockBytes = 64;

        // First 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4, 4.2.2).
        private static readonly uint[] RoundConstants =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        /// <summary>
        /// The SHA-256 of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>, as fast as
        /// the platform allows: on .NET the platform's implementation (FIPS-compliant, SHA-NI/ARMv8 instructions, about ten
        /// times this class's speed), on .NET Framework (SQL Server CLR) this class, which works under the FIPS policy where
        /// SHA256Managed throws. The one place that chooses; blob checks and audit digests hash through it.
        /// </summary>
        public static byte[] Fastest(byte[] data, int offset, int count)
        {
#if NETFRAMEWORK
            return Hash(data, offset, count);
#else
            CheckRange(data, offset, count);
            return System.Security.Cryptography.SHA256.HashData(new ReadOnlySpan<byte>(data, offset, count));
#endif
        }

        private static void CheckRange(byte[] data, int offset, int count)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            if (offset < 0 || offset > data.Length) throw new ArgumentOutOfRangeException(nameof(offset));
            if (count < 0 || count > data.Length - offset) throw new ArgumentOutOfRangeException(nameof(count));
        }

        /// <summary>The SHA-256 of all of <paramref name="data"/>.</summary>
        /// <param name="data">Bytes to hash (may be empty, not null).</param>
        /// <returns>32 bytes.</returns>
        public static byte[] Hash(byte[] data)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            return Hash(data, 0, data.Length);
        }

        /// <summary>The SHA-256 of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <param name="data">Buffer holding the bytes.</param>
        /// <param name="offset">First byte to hash.</param>
        /// <param name="count">How many bytes to hash (0 or more).</param>
        /// <returns>32 bytes.</returns>
        public static byte[] Hash(byte[] data, int offset, int count)
        {
            CheckRange(data, offset, count);

            uint[] state = InitialState();
            uint[] schedule = new uint[64];

            int end = offset + count;
            int fullBlocksEnd = offset + (count / BlockBytes) * BlockBytes;
            for (int block = offset; block < fullBlocksEnd; block += BlockBytes)
            {
                Compress(state, schedule, data, block);
            }

            return Finish(state, schedule, data, fullBlocksEnd, end - fullBlocksEnd, (ulong)count);
        }

        /// <summary>Initial hash value: fractional parts of the square roots of the first 8 primes (FIPS 180-4, 5.3.3).</summary>
        internal static uint[] InitialState() => new uint[] { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

        /// <summary>
        /// Padding (5.1.1) and the digest: the message's last <paramref name="rest"/> (&lt; 64) bytes at <paramref name="at"/>, 0x80,
        /// zeros, then the length of the whole message in bits as a big-endian 64-bit number.
        /// </summary>
        internal static byte[] Finish(uint[] state, uint[] schedule, byte[] data, int at, int rest, ulong messageBytes)
        {
            byte[] tail = new byte[rest + 9 <= BlockBytes ? BlockBytes : 2 * BlockBytes];
            Array.Copy(data, at, tail, 0, rest);
            tail[rest] = 0x80;
            ulong bits = messageBytes * 8;
            for (int i = 0; i < 8; i++)
            {
                tail[tail.Length - 1 - i] = (byte)(bits >> (8 * i));
            }

            for (int block = 0; block < tail.Length; block += BlockBytes)
            {
                Compress(state, schedule, tail, block);
            }

            byte[] digest = new byte[HashBytes];
            for (int i = 0; i < 8; i++)
            {
                digest[4 * i] = (byte)(state[i] >> 24);
                digest[4 * i + 1] = (byte)(state[i] >> 16);
                digest[4 * i + 2] = (byte)(state[i] >> 8);
                digest[4 * i + 3] = (byte)state[i];
            }

            return digest;
        }

        /// <summary>One application of the compression function (6.2.2) to the 64-byte block at <paramref name="at"/>.</summary>
        internal static void Compress(uint[] state, uint[] w, byte[] data, int at)
        {
            for (int t = 0; t < 16; t++)
            {
                int i = at + 4 * t;
                w[t] = ((uint)data[i] << 24) | ((uint)data[i + 1] << 16) | ((uint)data[i + 2] << 8) | data[i + 3];
            }

            for (int t = 16; t < 64; t++)
            {
                uint s0 = RotateRight(w[t - 15], 7) ^ RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
                uint s1 = RotateRight(w[t - 2], 17) ^ RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
                w[t] = unchecked(w[t - 16] + s0 + w[t - 7] + s1);
            }

            uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
            for (int t = 0; t < 64; t++)
            {
                uint sum1 = RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25);
                uint choose = (e & f) ^ (~e & g);
                uint t1 = unchecked(h + sum1 + choose + RoundConstants[t] + w[t]);
                uint sum0 = RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22);
                uint majority = (a & b) ^ (a & c) ^ (b & c);
                uint t2 = unchecked(sum0 + majority);
                h = g;
                g = f;
                f = e;
                e = unchecked(d + t1);
                d = c;
                c = b;
                b = a;
                a = unchecked(t1 + t2);
            }

            unchecked
            {
                state[0] += a;
                state[1] += b;
                state[2] += c;
                state[3] += d;
                state[4] += e;
                state[5] += f;
                state[6] += g;
                state[7] += h;
            }
        }

        private static uint RotateRight(uint x, int n) => (x >> n) | (x << (32 - n));
    }
}
