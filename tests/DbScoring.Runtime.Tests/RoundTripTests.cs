using System.Linq;
using DbScoring.Runtime.Format;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    public class RoundTripTests
    {
        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void Writing_what_was_read_gives_the_same_bytes(string name)
        {
            byte[] first = ModelSerializer.Write(TestModels.ByName(name));
            byte[] second = ModelSerializer.Write(ScoringModel.Load(first).Definition);
            Assert.Equal(first, second);
        }

        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void Two_writes_of_equal_definitions_give_the_same_bytes(string name)
        {
            Assert.Equal(ModelSerializer.Write(TestModels.ByName(name)), ModelSerializer.Write(TestModels.ByName(name)));
        }

        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void A_reloaded_model_predicts_exactly_what_the_original_predicts(string name)
        {
            var rows = TestModels.Rows(500);
            var original = ScoringModel.Load(ModelSerializer.Write(TestModels.ByName(name)));
            var reloaded = ScoringModel.Load(ModelSerializer.Write(original.Definition));
            Assert.Equal(TestModels.ScoreAll(original, rows), TestModels.ScoreAll(reloaded, rows));
        }

        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void The_trailer_is_the_SHA256_of_everything_before_it(string name)
        {
            byte[] blob = ModelSerializer.Write(TestModels.ByName(name));
            int content = blob.Length - FormatConstants.TrailerLength;
            byte[] expected = BlobSurgery.Sha256(blob, content);
            Assert.Equal(expected, blob.Skip(content).ToArray());
            string hex = string.Concat(expected.Select(b => b.ToString("x2")));
            Assert.Equal(hex, ScoringModel.Load(blob).ContentHashHex);
        }

        [Fact]
        public void The_blob_starts_with_the_magic_and_this_runtimes_version_and_lists_five_sections_in_order()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
            Assert.Equal(FormatConstants.Magic(), blob.Take(8).ToArray());
            Assert.Equal(FormatConstants.MajorVersion, System.BitConverter.ToUInt16(blob, 8));
            Assert.Equal(FormatConstants.MinorVersion, System.BitConverter.ToUInt16(blob, 10));
            var ids = BlobSurgery.Sections(blob).Select(s => (SectionId)s.Id).ToArray();
            Assert.Equal(new[] { SectionId.Metadata, SectionId.Schema, SectionId.Columns, SectionId.Pipeline, SectionId.Predictor }, ids);
            var last = BlobSurgery.Sections(blob).Last();
            Assert.Equal(blob.Length - FormatConstants.TrailerLength, last.PayloadOffset + last.Length);
        }

        [Fact]
        public void Metadata_and_schema_survive_the_round_trip()
        {
            var definition = TestModels.OneVersusAll();
            var model = ScoringModel.Load(ModelSerializer.Write(definition));
            Assert.Equal(definition.Metadata, model.Metadata.ToDictionary(p => p.Key, p => p.Value));
            Assert.Equal(definition.Inputs.Select(i => i.Name), model.Inputs.Select(i => i.Name));
            Assert.Equal(definition.Inputs.Select(i => i.Kind), model.Inputs.Select(i => i.Kind));
            Assert.Equal(TestModels.Plans, model.Inputs[TestModels.Plan].Categories);
            Assert.Equal(18, model.Inputs[TestModels.Age].TrainingMin);
            Assert.Equal(new[] { "a", "b", "c" }, model.ClassLabels);
            Assert.Equal(PredictionKind.MulticlassClassification, model.Kind);
            Assert.Equal(TestModels.Tenure, model.FindInput("TENURE"));
            Assert.Equal(-1, model.FindInput("Nope"));
        }
    }
}
