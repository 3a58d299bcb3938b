using System;
using System.IO;

namespace DbScoring.Conversion.Tests
{
    /// <summary>Finds ../shared/data (the project's real public data sets), which is never copied into the repository.</summary>
    public static class SharedData
    {
        /// <summary>The folder, or null when absent (a fresh clone without it).</summary>
        public static string? Folder { get; } = Find();

        /// <summary>Why data tests are skipped when <see cref="Folder"/> is null.</summary>
        public const string SkipReason = "../shared/data is absent (set DBSCORING_DATA to the folder holding adult.txt, iris.txt, breast-cancer.txt).";

        /// <summary>Path of a data file; only call when <see cref="Folder"/> is not null.</summary>
        public static string File(string name) => Path.Combine(Folder!, name);

        private static string? Find()
        {
            string? configured = Environment.GetEnvironmentVariable("DBSCORING_DATA");
            if (!string.IsNullOrEmpty(configured) && Directory.Exists(configured)) return configured;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (System.IO.File.Exists(Path.Combine(candidate, "adult.txt"))) return candidate;
            }
            return null;
        }
    }
}
