using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace DbScoring.Cli.Commands
{
    /// <summary>
    /// <c>dbscoring sqlite-extension</c>: where the loadable SQLite extension that came with this tool is, so that any
    /// SQLite client can <c>.load</c> it (docs/embedded-store.md).
    /// </summary>
    public sealed class SqliteExtensionCommand : CliCommand
    {
        private readonly Option<bool> _path = CliOptions.Flag("--path", "print only the library's full path (for scripts: .load $(dbscoring sqlite-extension --path))");
        private readonly Option<bool> _json = JsonOption();

        /// <inheritdoc />
        public override string Name => "sqlite-extension";

        /// <inheritdoc />
        public override string Summary => "Locate the loadable SQLite extension: the dbscoring_ SQL functions in the sqlite3 shell, Python, DB Browser, Datasette.";

        /// <inheritdoc />
        public override IEnumerable<Symbol> Symbols => new Symbol[] { _path, _json };

        /// <inheritdoc />
        public override string Details =>
            "The tool package carries the extension for the platforms it was built on (Native AOT builds on each OS\n" +
            "for itself): linux-x64 in the published package. Load it into any SQLite connection and open (or ATTACH)\n" +
            "a store file; the functions read the models from it, verify each blob's SHA-256 and score like the store.\n" +
            "Where the package has no library for this platform, build one (docs/embedded-store.md); the store's\n" +
            "own connections have the same functions on every platform.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 found, 5 no library for this platform in this installation.";

        /// <inheritdoc />
        public override string Examples =>
            "dbscoring sqlite-extension\n" +
            "sqlite3 dbscoring.db -cmd \".load $(dbscoring sqlite-extension --path)\"\n" +
            "dbscoring sqlite-extension --json\n";

        /// <summary>The platform's runtime identifier as the package names its folders (linux-x64, win-x64, osx-arm64).</summary>
        public static string Platform => RuntimeInformation.RuntimeIdentifier;

        /// <summary>The file SQLite loads on this OS: dbscoring.so, dbscoring.dll or dbscoring.dylib.</summary>
        public static string FileName =>
            "dbscoring" + (OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so");

        /// <summary>Where the tool package puts the extension: sqlite-extension/&lt;rid&gt;/ beside dbscoring.dll.</summary>
        public static string Folder => Path.Combine(System.AppContext.BaseDirectory, "sqlite-extension");

        /// <summary>Where the same functions run without the extension (the store registers them on its own connections).</summary>
        private static string InProcessAlternative => CliApp.Commands.Any(c => c.Name == "sql")
            ? "'dbscoring sql' runs your queries with the functions on every platform"
            : "the store's own connections have the functions on every platform (score-table; SqliteModelStore.OpenConnection() in .NET)";

        /// <inheritdoc />
        public override int Run(CommandInput args, CliContext context)
        {
            string library = Path.Combine(Folder, Platform, FileName);
            if (!File.Exists(library))
                throw new NotFoundException(
                    $"This installation has no SQLite extension for {Platform} (looked for {library}). " +
                    $"Build it on this machine: dotnet publish src/DbScoring.SqliteExtension -c Release -r {Platform} " +
                    "(docs/embedded-store.md says what each OS needs). Without it, " + InProcessAlternative + ".");
            if (args.Value(_path))
            {
                context.Out.WriteLine(library);
                return ExitCodes.Ok;
            }
            string loadPath = library.Substring(0, library.Length - Path.GetExtension(library).Length);
            if (args.Value(_json))
            {
                Json.Write(context.Out, new { platform = Platform, path = library, loadPath });
                return ExitCodes.Ok;
            }
            context.Out.WriteLine($"SQLite extension for {Platform}: {library}");
            context.Out.WriteLine();
            context.Out.WriteLine("sqlite3 shell:   .load " + loadPath);
            context.Out.WriteLine("Python:          connection.enable_load_extension(True); connection.load_extension(\"" + loadPath.Replace("\\", "\\\\") + "\")");
            context.Out.WriteLine("then, on a store file (or with the store ATTACHed):");
            context.Out.WriteLine("  SELECT dbscoring_probability('churn@production', 'Age', Age, 'Plan', Plan) FROM customers;");
            return ExitCodes.Ok;
        }
    }
}
