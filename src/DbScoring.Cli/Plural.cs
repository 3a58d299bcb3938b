using System.Globalization;

namespace DbScoring.Cli
{
    /// <summary>Counts as people write them: "1 batch", "2 batches", "1,000 rows".</summary>
    public static class Plural
    {
        /// <summary><paramref name="count"/> with thousands separators and the singular or plural noun.</summary>
        public static string Count(long count, string singular, string? plural = null) =>
            count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");
    }
}
