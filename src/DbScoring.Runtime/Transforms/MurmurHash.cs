namespace DbScoring.Runtime.Transforms
{
    /// <summary>
    /// ML.NET's MurmurHash3 x86_32 variants, bit for bit. Follows ML.NET src/Microsoft.ML.Core/Utilities/Hashing.cs
    /// (MurmurRound, MixHash, MurmurHash over UTF-16 code units) and src/Microsoft.ML.Data/Transforms/Hashing.cs.
    /// All arithmetic is unsigned 32-bit.
    /// </summary>
    internal static class MurmurHash
    {
        internal static uint Round(uint hash, uint chunk)
        {
            unchecked
            {
                chunk *= 0xCC9E2D51;
                chunk = Rotl(chunk, 15);
                chunk *= 0x1B873593;
                hash ^= chunk;
                hash = Rotl(hash, 13);
                hash = hash * 5 + 0xE6546B64;
                return hash;
            }
        }

        /// <summary>The final avalanche mix with the byte length.</summary>
        internal static uint Mix(uint hash, int length)
        {
            unchecked
            {
                hash ^= (uint)length;
                hash ^= hash >> 16;
                hash *= 0x85EBCA6B;
                hash ^= hash >> 13;
                hash *= 0xC2B2AE35;
                hash ^= hash >> 16;
                return hash;
            }
        }

        /// <summary>
        /// Hashes <paramref name="text"/>[<paramref name="start"/>, +<paramref name="count"/>) as ML.NET does: UTF-16
        /// code units one at a time (surrogates not combined) encoded UTF-8-like into a 64-bit accumulator.
        /// </summary>
        internal static uint HashText(uint seed, string text, int start, int count)
        {
            unchecked
            {
                uint hash = seed;
                ulong acc = 0;
                int pending = 0, length = 0;
                for (int i = start; i < start + count; i++)
                {
                    uint u = text[i];
                    if (u < 0x80)
                    {
                        acc |= (ulong)u << (pending * 8);
                        pending += 1;
                    }
                    else if (u < 0x800)
                    {
                        ulong v = 0xC080u | ((u << 2) & 0x1F00u) | (u & 0x3Fu);
                        acc |= v << (pending * 8);
                        acc = ((acc & 0xFF) << 8) | (acc >> 8);
                        pending += 2;
                    }
                    else
                    {
                        ulong v = 0xE08080u | ((u << 4) & 0x0F0000u) | ((u << 2) & 0x3F00u) | (u & 0x3Fu);
                        acc |= v << (pending * 8);
                        acc = ((acc & 0xFF) << 16) | (((acc >> 8) & 0xFF) << 8) | (acc >> 16);
                        pending += 3;
                    }
                    while (pending >= 4)
                    {
                        hash = Round(hash, (uint)acc);
                        acc >>= 32;
                        pending -= 4;
                        length += 4;
                    }
                }
                length += pending;
                if (pending > 0)
                {
                    uint chunk = (uint)(acc & ((1UL << (pending * 8)) - 1));
                    chunk *= 0xCC9E2D51;
                    chunk = Rotl(chunk, 15);
                    chunk *= 0x1B873593;
                    hash ^= chunk;
                }
                return Mix(hash, length);
            }
        }

        /// <summary>Hashes a float's bits (−0 as +0), one round then the final mix with length 4.</summary>
        internal static uint HashSingle(uint seed, float value)
        {
            if (value == 0f) value = 0f; // −0 hashes as +0
            return Mix(Round(seed, FloatBits.ToBits(value)), 4);
        }

        private static uint Rotl(uint x, int r) => (x << r) | (x >> (32 - r));
    }
}
