using System.IO;
using System.Linq;
using System.Text.Json;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>
    /// A blob written by the format 1.0 writer itself (Fixtures/format-1.0, README there says how): it loads, scores
    /// like today's conversion of the same ML.NET zip, and every command reports its own version, 1.0 — not the reader's.
    /// </summary>
    [Collection("trained models")]
    public sealed class OlderFormatTests
    {
        private static readonly string Fixtures = Path.Combine(System.AppContext.BaseDirectory, "Fixtures", "format-1.0");
        private static readonly string OldBlob = Path.Combine(Fixtures, "churn-logistic-1.0.dbsm");
        private static readonly string Zip = Path.Combine(Fixtures, "churn-logistic.zip");

        private readonly TrainedModels _models;
        private readonly string _folder;

        public OlderFormatTests(TrainedModels models)
        {
            _models = models;
            _folder = models.NewFolder();
        }

        [Fact]
        public void The_fixture_really_is_a_format_1_0_blob()
        {
            byte[] blob = File.ReadAllBytes(OldBlob);
            Assert.Equal(new byte[] { 1, 0, 0, 0 }, blob.Skip(8).Take(4).ToArray()); // header after the 8-byte magic: major u16, minor u16
            var model = ScoringModel.Load(blob);
            Assert.Equal("1.0", model.FormatVersion);
            Assert.Null(model.Definition.Profile);
        }

        [Fact]
        public void Inspect_reports_the_blobs_own_format_version()
        {
            Assert.Contains("format:     1.0,", Cli.Expect(0, "inspect", OldBlob).Out);
            Assert.Equal("1.0", Json(Cli.Expect(0, "inspect", OldBlob, "--json").Out).GetProperty("formatVersion").GetString());

            string today = Path.Combine(_folder, "today.dbsm");
            Cli.Expect(0, "convert", Zip, "--output", today, "--sample", _models.Customers);
            Assert.Equal(ScoringModel.Load(File.ReadAllBytes(today)).FormatVersion,
                Json(Cli.Expect(0, "inspect", today, "--json").Out).GetProperty("formatVersion").GetString());
            Assert.NotEqual("1.0", ScoringModel.Load(File.ReadAllBytes(today)).FormatVersion);
        }

        [Fact]
        public void A_registered_1_0_blob_is_stored_and_shown_as_1_0()
        {
            string store = "sqlite:" + Path.Combine(_folder, "store.db");
            Cli.Expect(0, "register", OldBlob, "--name", "churn", "--store", store);
            Cli.Expect(0, "register", Zip, "--name", "churn", "--sample", _models.Customers, "--store", store);

            Assert.Contains("format:        1.0,", Cli.Expect(0, "show", "churn:1", "--store", store).Out);
            Assert.Equal("1.0", Json(Cli.Expect(0, "show", "churn:1", "--json", "--store", store).Out).GetProperty("formatVersion").GetString());
            Assert.DoesNotContain("format:        1.0,", Cli.Expect(0, "show", "churn:2", "--store", store).Out);
            var stored = Cli.Expect(0, "sql", "SELECT VersionNumber, FormatVersion FROM ModelVersion ORDER BY VersionNumber", "--csv", "--store", store).Out;
            string writerVersion = FormatConstants.MajorVersion + "." + FormatConstants.MinorVersion;
            Assert.Equal("VersionNumber,FormatVersion\n1,1.0\n2," + writerVersion + "\n", stored.Replace("\r\n", "\n"));
        }

        [Fact]
        public void A_1_0_blob_scores_exactly_as_todays_conversion_of_the_same_zip()
        {
            string today = Path.Combine(_folder, "today.dbsm");
            Cli.Expect(0, "convert", Zip, "--output", today, "--sample", _models.Customers);
            string oldScores = Path.Combine(_folder, "old.csv"), newScores = Path.Combine(_folder, "new.csv");
            Cli.Expect(0, "score", "--model", OldBlob, "--input", _models.Customers, "--output", oldScores, "--key", "CustomerId");
            Cli.Expect(0, "score", "--model", today, "--input", _models.Customers, "--output", newScores, "--key", "CustomerId");
            var lines = File.ReadAllLines(oldScores);
            Assert.Equal(601, lines.Length);
            Assert.Equal(File.ReadAllLines(newScores), lines);
        }

        private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
    }
}
