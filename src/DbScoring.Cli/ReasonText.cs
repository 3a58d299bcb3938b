using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace DbScoring.Cli
{
    /// <summary>Reason codes for people: "Tenure −0.812, Plan +0.504, Age +0.031" from an explanation's JSON (docs/explanations.md).</summary>
    public static class ReasonText
    {
        /// <summary>The <paramref name="count"/> strongest reasons of <paramref name="explanationJson"/>; empty for null.</summary>
        public static string Top(string? explanationJson, int count)
        {
            if (explanationJson == null) return "";
            using var json = JsonDocument.Parse(explanationJson);
            return string.Join(", ", json.RootElement.GetProperty("contributions").EnumerateArray().Take(count).Select(c =>
            {
                var value = c.GetProperty("contribution");
                string number = value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture) : "undefined";
                return c.GetProperty("input").GetString() + " " + number;
            }));
        }
    }
}
