using System;
using System.Text;
using Xunit;
using FrameworkSha256 = System.Security.Cryptography.SHA256;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// Our managed SHA-256 (used inside SQL Server, where SHA256Managed throws under the FIPS policy) against the
    /// framework's implementation: every length around the block and padding boundaries, random bytes, offsets,
    /// large inputs, and the FIPS 180-2 example digests. Runs on net10 and, under Mono, on net48.
    /// </summary>
    public class Sha256Tests
    {
        private static byte[] Framework(byte[] bytes, int offset, int count)
        {
            using (FrameworkSha256 sha = FrameworkSha256.Create())
            {
                return sha.ComputeHash(bytes, offset, count);
            }
        }

        private static byte[] RandomBytes(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        [Fact]
        public void Every_length_from_0_to_300_hashes_like_the_framework()
        {
            for (int length = 0; length <= 300; length++)
            {
                byte[] bytes = RandomBytes(length, seed: length);
                Assert.Equal(Framework(bytes, 0, length), Sha256.Hash(bytes));
            }
        }

        [Fact]
        public void Slices_at_any_offset_hash_like_the_framework()
        {
            byte[] bytes = RandomBytes(1000, seed: 7);
            var random = new Random(11);
            for (int i = 0; i < 300; i++)
            {
                int offset = random.Next(0, 1000);
                int count = random.Next(0, 1000 - offset + 1);
                Assert.Equal(Framework(bytes, offset, count), Sha256.Hash(bytes, offset, count));
            }
        }

        [Theory]
        [InlineData(1 << 16)]
        [InlineData((1 << 20) + 13)]
        [InlineData(5_000_003)]
        public void Large_random_inputs_hash_like_the_framework(int length)
        {
            byte[] bytes = RandomBytes(length, seed: length);
            Assert.Equal(Framework(bytes, 0, length), Sha256.Hash(bytes));
        }

        [Fact]
        public void Inputs_of_only_zero_or_only_0xFF_bytes_hash_like_the_framework()
        {
            foreach (byte fill in new byte[] { 0x00, 0xFF })
            {
                foreach (int length in new[] { 55, 56, 63, 64, 65, 119, 120, 128 })
                {
                    byte[] bytes = new byte[length];
                    for (int i = 0; i < length; i++)
                    {
                        bytes[i] = fill;
                    }

                    Assert.Equal(Framework(bytes, 0, length), Sha256.Hash(bytes));
                }
            }
        }

        [Theory]
        [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
        [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
        [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
        public void The_FIPS_180_2_examples_give_the_published_digests(string message, string digest)
        {
            Assert.Equal(digest, Hex(Sha256.Hash(Encoding.ASCII.GetBytes(message))));
        }

        [Fact]
        public void A_million_a_gives_the_published_digest()
        {
            byte[] bytes = new byte[1_000_000];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)'a';
            }

            Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Hex(Sha256.Hash(bytes)));
        }

        [Fact]
        public void Bad_arguments_are_refused_naming_the_parameter()
        {
            Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => Sha256.Hash(null!)).ParamName);
            Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => Sha256.Hash(new byte[4], 5, 0)).ParamName);
            Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Sha256.Hash(new byte[4], 1, 4)).ParamName);
        }

        [Fact]
        public void Fastest_gives_the_same_digests_as_this_class_and_refuses_the_same_arguments()
        {
            byte[] bytes = RandomBytes(3000, seed: 5);
            var random = new Random(13);
            for (int i = 0; i < 300; i++)
            {
                int offset = random.Next(0, 3000);
                int count = random.Next(0, 3000 - offset + 1);
                Assert.Equal(Sha256.Hash(bytes, offset, count), Sha256.Fastest(bytes, offset, count));
            }

            Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => Sha256.Fastest(null!, 0, 0)).ParamName);
            Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => Sha256.Fastest(new byte[4], 5, 0)).ParamName);
            Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Sha256.Fastest(new byte[4], 1, 4)).ParamName);
        }

        private static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes)
            {
                sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }
    }
}
