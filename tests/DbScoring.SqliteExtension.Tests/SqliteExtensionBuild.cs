using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using DbScoring.Testing;

namespace DbScoring.SqliteExtension.Tests
{
    /// <summary>
    /// The loadable extension, published with Native AOT once per test run (dotnet publish is incremental: a second run
    /// with unchanged sources only re-evaluates the project). The library stays in the extension project's
    /// bin/Release/net10.0/linux-x64/publish/, the build output that caches it between runs.
    /// Without the Native AOT prerequisites the extension tests are skipped with the reason; CI installs them.
    /// </summary>
    public static class SqliteExtensionBuild
    {
        private static readonly Lazy<(string? Path, string? SkipReason)> Published = new Lazy<(string?, string?)>(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>dbscoring.so, published for this test run; null when <see cref="SkipReason"/> says why not.</summary>
        public static string? LibraryPath => Published.Value.Path;

        /// <summary>Why the extension cannot be built on this machine; null when it was built.</summary>
        public static string? SkipReason => Published.Value.SkipReason;

        /// <summary>Seconds the publish took in this run (incremental when nothing changed).</summary>
        public static double PublishSeconds { get; private set; }

        private static (string?, string?) Publish()
        {
            if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
                return (null, $"the extension tests build the linux-x64 library; this is {RuntimeInformation.RuntimeIdentifier}");
            if (Tools.Find("clang") == null)
                return (null, "Native AOT needs clang and zlib1g-dev (apt-get install clang zlib1g-dev); .ci/run installs them");
            if (!File.Exists("/usr/include/zlib.h"))
                return (null, "Native AOT needs zlib1g-dev (apt-get install zlib1g-dev); .ci/run installs it");

            string project = Path.Combine(Repo.Root, "src", "DbScoring.SqliteExtension", "DbScoring.SqliteExtension.csproj");
            string library = Path.Combine(Repo.Root, "src", "DbScoring.SqliteExtension", "bin", "Release", "net10.0", "linux-x64", "publish", "dbscoring.so");
            // Another test process (or a pack) may publish the same project at the same time: one at a time.
            using var gate = Tools.ExclusiveLock(Path.Combine(Path.GetTempPath(), "dbscoring-sqlite-extension-publish.lock"));
            var clock = Stopwatch.StartNew();
            var result = Tools.Run("dotnet", new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "-nologo", "-m:1" }, timeoutSeconds: 900);
            PublishSeconds = clock.Elapsed.TotalSeconds;
            if (result.ExitCode != 0 || !File.Exists(library))
                throw new InvalidOperationException($"dotnet publish of the SQLite extension failed (exit {result.ExitCode}):\n{result.Out}\n{result.Err}");
            return (library, null);
        }
    }
}
