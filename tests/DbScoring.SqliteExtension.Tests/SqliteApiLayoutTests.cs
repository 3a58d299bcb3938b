using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Xunit;

namespace DbScoring.SqliteExtension.Tests
{
    /// <summary>
    /// The extension calls SQLite through its copy of <c>struct sqlite3_api_routines</c>. A wrong offset would call the
    /// wrong routine, so every member of the C# mirror is checked against offsetof() from the real sqlite3ext.h.
    /// </summary>
    [Collection(SqliteExtensionCollection.Name)]
    public sealed class SqliteApiLayoutTests
    {
        private const string Header = "/usr/include/sqlite3ext.h";

        [SkippableFact]
        public void Every_member_of_the_api_table_mirror_sits_at_the_offset_the_sqlite_header_gives()
        {
            Skip.If(SqliteExtensionBuild.SkipReason != null, SqliteExtensionBuild.SkipReason);
            Skip.If(!File.Exists(Header), "sqlite3ext.h is missing (apt-get install libsqlite3-dev; .ci/run installs it)");

            // The IL of the published extension (the same build that went through Native AOT).
            string assembly = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(SqliteExtensionBuild.LibraryPath)!)!, "DbScoring.SqliteExtension.dll");
            var api = Assembly.LoadFrom(assembly).GetType("DbScoring.SqliteExtension.SqliteApi", throwOnError: true)!;
            var fields = api.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).OrderBy(f => f.MetadataToken).ToArray();
            Assert.True(fields.Length > 150, $"the mirror has only {fields.Length} members");

            var c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <sqlite3ext.h>\nint main(void) {\n");
            c.Append("  printf(\"sizeof %zu\\n\", sizeof(void*));\n");
            foreach (var f in fields) c.Append($"  printf(\"{f.Name} %zu\\n\", offsetof(sqlite3_api_routines, {f.Name}));\n");
            c.Append("  return 0;\n}\n");
            string folder = Path.Combine(Path.GetTempPath(), "dbscoring-api-layout-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                File.WriteAllText(Path.Combine(folder, "layout.c"), c.ToString());
                var compile = Tools.Run("clang", new[] { "-o", "layout", "layout.c" }, workingDirectory: folder);
                Assert.True(compile.ExitCode == 0, "a member name is not in sqlite3ext.h, or clang failed:\n" + compile);
                var run = Tools.Run(Path.Combine(folder, "layout"), Array.Empty<string>());
                Assert.Equal(0, run.ExitCode);
                var offsets = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => int.Parse(p[1]));
                Assert.Equal(IntPtr.Size, offsets["sizeof"]);
                foreach (var f in fields)
                    Assert.True(offsets[f.Name] == (int)Marshal.OffsetOf(api, f.Name), $"{f.Name}: header offset {offsets[f.Name]}, C# offset {Marshal.OffsetOf(api, f.Name)}");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
