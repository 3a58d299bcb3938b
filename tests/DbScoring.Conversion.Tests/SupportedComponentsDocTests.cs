using System;
using System.IO;
using Xunit;

namespace DbScoring.Conversion.Tests
{
    /// <summary>README's "What converts" is generated from <see cref="SupportedComponents"/>, the converter's dispatch tables.</summary>
    public sealed class SupportedComponentsDocTests
    {
        private const string Begin = "<!-- generated from SupportedComponents.Markdown(): begin -->";
        private const string End = "<!-- generated from SupportedComponents.Markdown(): end -->";

        [Fact]
        public void The_README_lists_exactly_what_the_dispatch_tables_convert()
        {
            string readme = File.ReadAllText(Path.Combine(RepositoryFolder.Root, "README.md")).Replace("\r\n", "\n");
            int begin = readme.IndexOf(Begin, StringComparison.Ordinal), end = readme.IndexOf(End, StringComparison.Ordinal);
            Assert.True(begin >= 0 && end > begin, $"README.md has no block between '{Begin}' and '{End}'.");
            string block = readme.Substring(begin + Begin.Length, end - begin - Begin.Length).Trim('\n');
            string expected = SupportedComponents.Markdown().Trim('\n');
            Assert.True(expected == block, "README.md's 'What converts' block is out of date; replace it with:\n" + expected);
        }
    }
}
