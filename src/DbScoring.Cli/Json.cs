using System.IO;
using System.Text.Json;
using DbScoring.Conversion.Parity;

namespace DbScoring.Cli
{
    /// <summary>Machine-readable output (<c>--json</c>): indented, camelCase.</summary>
    public static class Json
    {
        private static readonly JsonSerializerOptions Options = new()
        {
            WriteIndented = true,
            // Output for people and programs, not for embedding in HTML: apostrophes and non-ASCII text stay as they are.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };

        /// <summary>Writes <paramref name="value"/> as JSON and a newline.</summary>
        public static void Write(TextWriter writer, object value) => writer.WriteLine(JsonSerializer.Serialize(value, Options));

        /// <summary><paramref name="value"/> as a JSON object with one more property (appended last, so the others keep their order).</summary>
        public static object With(object value, string name, object extra)
        {
            var node = JsonSerializer.SerializeToNode(value, Options)!.AsObject();
            node[name] = JsonSerializer.SerializeToNode(extra, Options);
            return node;
        }

        /// <summary>The parity figures as a JSON-friendly object.</summary>
        public static object Parity(ParityReport parity) => new
        {
            rows = parity.Rows,
            sample = parity.Sample,
            sampleRows = parity.SampleRows,
            sampleFileRows = parity.SampleFileRows,
            coverage = parity.Coverage,
            maxScoreDifference = parity.MaxScoreDifference,
            maxProbabilityDifference = parity.MaxProbabilityDifference,
            labelMismatches = parity.LabelMismatches,
            tolerance = parity.Tolerance,
            passed = parity.Passed,
        };
    }
}
