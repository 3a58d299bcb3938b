using System;
using System.Security.Cryptography;
using System.Text;
using DbScoring.Store.Sqlite;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>The purge digest follows the documented line format (docs/sql-reference.md, "Digest"), written out here by hand.</summary>
    public class PredictionLogDigestTests
    {
        [Fact]
        public void The_digest_is_the_SHA256_of_the_documented_lines_as_UTF16LE_joined_with_LF()
        {
            string blob = new string('a', 64), inputs = new string('0', 63) + "f";
            using var digest = new PredictionLogDigest(1);
            digest.Add(7, 3, "42|x", 5, blob, inputs, 1, "yes", 1.0, 0.75, "2026-03-01T09:00:00.000Z");
            digest.Add(8, 3, "43", 5, blob, inputs, null, null, null, null, "2026-03-01T09:00:00.001Z");
            string expected =
                "7|3|42|x|5|" + new string('A', 64) + "|" + new string('0', 63) + "F|1|yes|3F800000|3F400000|2026-03-01T09:00:00.000Z\n" +
                "8|3|43|5|" + new string('A', 64) + "|" + new string('0', 63) + "F|||||2026-03-01T09:00:00.001Z";
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.Unicode.GetBytes(expected))), digest.Finish());
        }
    

        [Fact]
        public void Line_format_2_adds_role_arm_status_reason_and_the_SHA256_of_the_explanation()
        {
            string blob = new string('a', 64), inputs = new string('0', 63) + "f";
            const string explanation = "{\"contributions\":[]}";
            using var digest = new PredictionLogDigest(2);
            digest.Add(7, 3, "42", 5, blob, inputs, 1, "yes", 1.0, 0.75, "2026-03-01T09:00:00.000Z",
                new PredictionLogDigest.RowStatus("Primary", "B", "Fallback", "Age: 'abc' is not a number", explanation));
            digest.Add(8, 3, "43", 5, blob, inputs, null, null, null, null, "2026-03-01T09:00:00.001Z", new PredictionLogDigest.RowStatus(null, null, null, null, null));
            string explanationHash = Convert.ToHexString(SHA256.HashData(Encoding.Unicode.GetBytes(explanation)));
            string expected =
                "7|3|42|5|" + new string('A', 64) + "|" + new string('0', 63) + "F|1|yes|3F800000|3F400000|2026-03-01T09:00:00.000Z|Primary|B|Fallback|Age: 'abc' is not a number|" + explanationHash + "\n" +
                "8|3|43|5|" + new string('A', 64) + "|" + new string('0', 63) + "F|||||2026-03-01T09:00:00.001Z|||||";
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.Unicode.GetBytes(expected))), digest.Finish());
        }

        [Fact]
        public void Format_1_ignores_the_status_fields_so_a_digest_recorded_before_versions_still_recomputes()
        {
            string blob = new string('a', 64), inputs = new string('0', 63) + "f";
            using var withStatus = new PredictionLogDigest(1);
            withStatus.Add(7, 3, "42", 5, blob, inputs, 1, "yes", 1.0, 0.75, "t", new PredictionLogDigest.RowStatus("Shadow", "A", "Refused", "r", "{}"));
            using var without = new PredictionLogDigest(1);
            without.Add(7, 3, "42", 5, blob, inputs, 1, "yes", 1.0, 0.75, "t");
            Assert.Equal(without.Finish(), withStatus.Finish());
            Assert.Throws<ArgumentOutOfRangeException>(() => new PredictionLogDigest(3));
        }
    }
}
