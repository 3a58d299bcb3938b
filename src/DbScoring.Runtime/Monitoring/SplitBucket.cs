using System;
using System.Text;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>
    /// Which arm of a split (A/B) a row key belongs to, deterministically: the same key and salt always give the same
    /// bucket, in every store. bucket = (first 8 bytes of SHA-256(UTF-8(salt + "\n" + key)), little-endian) mod 10,000;
    /// a split of p % sends the keys with bucket &lt; p·100 to arm B. The salt is per model (<see cref="SaltOf"/>), so two
    /// models split the same keys independently.
    /// </summary>
    public static class SplitBucket
    {
        /// <summary>Buckets: 0 … 9,999, so that percentages with two decimals are exact.</summary>
        public const int Buckets = 10_000;

        /// <summary>The bucket of <paramref name="rowKey"/> (key values as text joined with '|', as PredictionLog.RowKey).</summary>
        public static int Of(string salt, string rowKey)
        {
            if (salt == null) throw new ArgumentNullException(nameof(salt));
            if (rowKey == null) throw new ArgumentNullException(nameof(rowKey));
            byte[] text = Encoding.UTF8.GetBytes(salt + "\n" + rowKey);
            byte[] hash = Sha256.Fastest(text, 0, text.Length);
            ulong value = 0;
            for (int i = 7; i >= 0; i--) value = (value << 8) | hash[i];
            return (int)(value % Buckets);
        }

        /// <summary>The split salt of a model: "dbscoring-split/" + its name in lower case (invariant).</summary>
        public static string SaltOf(string model) =>
            "dbscoring-split/" + (model ?? throw new ArgumentNullException(nameof(model))).ToLowerInvariant();

        /// <summary>The bucket threshold of a percentage: keys with a bucket below it go to arm B.</summary>
        public static int Threshold(double percent)
        {
            if (!(percent > 0 && percent < 100)) throw new ArgumentOutOfRangeException(nameof(percent), percent, "A split is a percentage above 0 and below 100.");
            return (int)Math.Round(percent * 100, MidpointRounding.AwayFromZero);
        }
    }
}
