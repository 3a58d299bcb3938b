using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DbScoring.Cli
{
    /// <summary>The value of <c>--feature-names</c>: "a,b,c", or "@names.txt" (one name per line, or comma-separated).</summary>
    public static class FeatureNameList
    {
        /// <summary>The names in order; null when the option was not given.</summary>
        public static IReadOnlyList<string>? Parse(string? value)
        {
            if (value == null) return null;
            string text = value;
            if (value.StartsWith("@", StringComparison.Ordinal))
            {
                string path = value.Substring(1);
                ModelFiles.RequireFile(path);
                text = File.ReadAllText(path);
            }
            var names = text.Split(new[] { ',', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim()).Where(n => n.Length > 0).ToList();
            if (names.Count == 0) throw new UsageException($"--feature-names {value} holds no names; give them as a,b,c or @names.txt (one per line).");
            return names;
        }
    }
}
