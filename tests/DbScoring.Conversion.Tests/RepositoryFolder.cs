using System;
using System.IO;

namespace DbScoring.Conversion.Tests
{
    /// <summary>The repository's folders, found from the test binaries (the folder holding DbScoring.sln).</summary>
    internal static class RepositoryFolder
    {
        public static string Root
        {
            get
            {
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                    if (File.Exists(Path.Combine(dir.FullName, "DbScoring.sln"))) return dir.FullName;
                throw new InvalidOperationException("The repository root (DbScoring.sln) was not found above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>A path under tests/fixtures.</summary>
        public static string Fixture(params string[] path) => Path.Combine(Root, "tests", "fixtures", Path.Combine(path));
    }
}
