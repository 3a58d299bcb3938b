using System;
using DbScoring.Runtime.Audit;
using Xunit;
using FrameworkSha256 = System.Security.Cryptography.SHA256;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// SHA-256 given in pieces (<see cref="IncrementalSha256"/>) against the framework's one-shot digest of the pieces joined,
    /// with pieces that cross, fill and skip block boundaries; and an audit record too long to hold, which hashes its bytes as
    /// they come and must give the digest of the same record held whole. Runs on net10 and, under Mono, on net48 (our
    /// compression function there).
    /// </summary>
    public class IncrementalSha256Tests
    {
        private static byte[] Framework(byte[] bytes)
        {
            using (FrameworkSha256 sha = FrameworkSha256.Create())
            {
                return sha.ComputeHash(bytes);
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(63)]
        [InlineData(64)]
        [InlineData(65)]
        [InlineData(1000)]
        [InlineData(200_003)]
        public void Pieces_of_any_size_hash_like_the_whole(int length)
        {
            var bytes = new byte[length];
            var random = new Random(length);
            random.NextBytes(bytes);
            for (int round = 0; round < 20; round++)
            {
                using (var sha = new IncrementalSha256())
                {
                    for (int at = 0; at < length;)
                    {
                        int piece = Math.Min(length - at, random.Next(0, round % 2 == 0 ? 130 : 70_000));
                        sha.Append(bytes, at, piece);
                        at += piece;
                    }

                    Assert.Equal(Framework(bytes), sha.Finish());
                }
            }
        }

        [Fact]
        public void A_finished_hash_takes_nothing_more_and_bad_ranges_are_refused()
        {
            using (var sha = new IncrementalSha256())
            {
                Assert.Throws<ArgumentOutOfRangeException>(() => sha.Append(new byte[4], 2, 3));
                Assert.Throws<ArgumentNullException>(() => sha.Append(null!, 0, 0));
                sha.Finish();
                Assert.Throws<InvalidOperationException>(() => sha.Append(new byte[1], 0, 1));
                Assert.Throws<InvalidOperationException>(() => sha.Finish());
            }
        }

        [Fact]
        public void An_audit_record_longer_than_it_holds_gives_the_digest_of_the_same_record_held_whole()
        {
            var whole = new AuditRecord("PredictionBatch.1", int.MaxValue);
            var streamed = new AuditRecord("PredictionBatch.1", heldBytes: 1000);
            var random = new Random(5);
            for (int row = 0; row < 5_000; row++)
            {
                string text = new string('a', random.Next(0, 80)) + row.ToString(System.Globalization.CultureInfo.InvariantCulture);
                double real = random.NextDouble();
                var blob = new byte[random.Next(0, 40)];
                random.NextBytes(blob);
                foreach (var record in new[] { whole, streamed })
                {
                    record.AddText(text).AddInteger(row).AddReal(real).AddBlob(blob);
                }
            }

            Assert.Throws<InvalidOperationException>(() => streamed.ToArray()); // it hashed its bytes as they came
            Assert.Equal(AuditRecord.Hex(Framework(whole.ToArray())), whole.Digest());
            Assert.Equal(whole.Digest(), streamed.Digest());
            Assert.Equal(whole.Digest(), streamed.Digest()); // taken twice, the same
        }
    }
}
