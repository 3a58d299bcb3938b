using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Testing;
using Xunit;
using StoreModels = DbScoring.Store.Tests.TestModels;

namespace DbScoring.SqliteExtension.Tests
{
    /// <summary>
    /// The packed dotnet tool carries the extension: installed from a local package folder (no other source), its
    /// <c>dbscoring sqlite-extension --path</c> names a library that the sqlite3 shell loads and scores with.
    /// </summary>
    [Collection(SqliteExtensionCollection.Name)]
    public sealed class ToolPackageTests : IClassFixture<FunctionStore>
    {
        private readonly FunctionStore _store;

        public ToolPackageTests(FunctionStore store) { _store = store; }

        [SkippableFact]
        public void The_packed_tool_installs_from_a_local_folder_and_its_sqlite_extension_loads_in_the_sqlite3_shell()
        {
            var shell = new Sqlite3ShellHost();
            Skip.If(shell.SkipReason != null, shell.SkipReason); // publishes the extension first, so the pack's publish is incremental
            string folder = Path.Combine(Path.GetTempPath(), "dbscoring-pack-" + Guid.NewGuid().ToString("N"));
            string packages = Path.Combine(folder, "packages");
            string tool = Path.Combine(folder, "tool");
            try
            {
                string cli = Path.Combine(Repo.Root, "src", "DbScoring.Cli", "DbScoring.Cli.csproj");
                ToolResult pack;
                using (Tools.ExclusiveLock(Path.Combine(Path.GetTempPath(), "dbscoring-sqlite-extension-publish.lock")))
                    pack = Tools.Run("dotnet", new[] { "pack", cli, "-c", "Release", "--no-build", "-o", packages, "-nologo", "-m:1" }, timeoutSeconds: 900);
                Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack);
                string package = Assert.Single(Directory.GetFiles(packages, "DbScoring.Cli.*.nupkg"));
                using (var zip = ZipFile.OpenRead(package))
                    Assert.Contains(zip.Entries, e => e.FullName == "tools/net10.0/any/sqlite-extension/linux-x64/dbscoring.so");

                string config = Path.Combine(folder, "nuget.config");
                File.WriteAllText(config, $"<configuration><packageSources><clear /><add key=\"local\" value=\"{packages}\" /></packageSources></configuration>");
                var install = Tools.Run("dotnet", new[] { "tool", "install", "DbScoring.Cli", "--tool-path", tool, "--configfile", config }, timeoutSeconds: 300);
                Assert.True(install.ExitCode == 0, "dotnet tool install failed:\n" + install);

                var located = Tools.Run(Path.Combine(tool, "dbscoring"), new[] { "sqlite-extension", "--path" });
                Assert.True(located.ExitCode == 0, located.ToString());
                string library = located.Out.Trim();
                Assert.StartsWith(tool, library, StringComparison.Ordinal);
                Assert.EndsWith(Path.Combine("sqlite-extension", "linux-x64", "dbscoring.so"), library, StringComparison.Ordinal);

                var scored = Sqlite3ShellHost.RunScript(_store.StorePath, $".load {library}\nSELECT dbscoring_score('churn:1', 'Age', 30, 'Tenure', 1, 'Plan', 'basic') AS s;\n");
                Assert.True(scored.ExitCode == 0 && scored.Err.Length == 0, scored.ToString());
                float expected = StoreModels.Expected(ScoringModel.Load(StoreModels.Churn()).CreateScorer(), (1, 30, 1, "basic")).Score;
                using var json = System.Text.Json.JsonDocument.Parse(scored.Out);
                Assert.Equal(expected, (float)json.RootElement[0].GetProperty("s").GetDouble());
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        }
    }
}
