using System;
using System.Text;
using DbScoring.Runtime.Format;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// On .NET the blob's SHA-256 is computed on another thread while the content is parsed (ModelSerializer.ContentDigest).
    /// Whichever finishes first, a blob whose digest does not match is refused with the same error as when the hash ran
    /// first — whether its altered content parses or not — and nothing parsed is handed out.
    /// </summary>
    public class ContentDigestTests
    {
        private const string DigestMismatch = "The blob's SHA-256 does not match its content: it is corrupt or has been altered. Register the original model file again.";

        /// <summary>A tree model blob with a metadata note of <paramref name="noteLength"/> characters ('a'), so that hashing takes longer than parsing when it is long.</summary>
        private static byte[] BlobWithNote(int noteLength)
        {
            var definition = TestModels.BinaryQuickScorer();
            definition.Metadata["note"] = new string('a', noteLength);
            return ModelSerializer.Write(definition);
        }

        /// <summary>Offset of the note's last character: changing it keeps a model that parses and loads.</summary>
        private static int InsideTheNote(byte[] blob, int noteLength)
        {
            for (int at = 0; at + noteLength <= blob.Length; at++)
            {
                int run = 0;
                while (run < noteLength && blob[at + run] == (byte)'a') run++;
                if (run == noteLength) return at + noteLength - 1;
            }
            throw new InvalidOperationException("the note is not in the blob");
        }

        [Theory]
        [InlineData(16)]
        [InlineData(1 << 20)]
        public void A_tampered_blob_whose_content_still_parses_is_refused_with_the_digest_error(int noteLength)
        {
            byte[] original = BlobWithNote(noteLength);
            byte[] tampered = (byte[])original.Clone();
            tampered[InsideTheNote(tampered, noteLength)] = (byte)'b';

            // Behind a recomputed hash the same change loads: so the parse succeeds and only the digest refuses it.
            var rehashed = ScoringModel.Load(BlobSurgery.Rehash((byte[])tampered.Clone()));
            Assert.Equal(noteLength, rehashed.Metadata["note"].Length);
            Assert.EndsWith("b", rehashed.Metadata["note"]);

            for (int i = 0; i < 40; i++) // both orders of the race: the parse done first, or the hash
            {
                var ex = Assert.Throws<ModelFormatException>(() => ScoringModel.Load(tampered));
                Assert.Equal(DigestMismatch, ex.Message);
                Assert.Throws<ModelFormatException>(() => ModelSerializer.Read(tampered, out _));
            }
            Assert.Equal(ScoringModel.Load(original).ContentHashHex, Hex(BlobSurgery.Sha256(original, BlobSurgery.ContentLength(original))));
        }

        [Theory]
        [InlineData(16)]
        [InlineData(1 << 20)]
        public void A_tampered_blob_whose_content_no_longer_parses_is_refused_with_the_digest_error_not_the_parse_error(int noteLength)
        {
            byte[] tampered = BlobWithNote(noteLength);
            var predictor = BlobSurgery.Find(tampered, SectionId.Predictor);
            BlobSurgery.PutUInt32(tampered, predictor.PayloadOffset, 0xFFFFFFFF); // the predictor's first field: no longer readable

            // Behind a recomputed hash the parse refuses it, with an error of its own.
            var parseError = Assert.Throws<ModelFormatException>(() => ScoringModel.Load(BlobSurgery.Rehash((byte[])tampered.Clone())));
            Assert.NotEqual(DigestMismatch, parseError.Message);

            for (int i = 0; i < 40; i++)
                Assert.Equal(DigestMismatch, Assert.Throws<ModelFormatException>(() => ScoringModel.Load(tampered)).Message);
        }

        private static string Hex(byte[] bytes)
        {
            var text = new StringBuilder();
            foreach (byte b in bytes) text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return text.ToString();
        }
    }
}
