using System;
using System.Runtime.InteropServices;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>
    /// <c>dbscoring sqlite-extension</c> where the installation has no library (a build from source, as here): a
    /// "not found" that says what to do. The installed tool's path is tested in DbScoring.SqliteExtension.Tests
    /// (pack, tool install, .load in the sqlite3 shell).
    /// </summary>
    public sealed class SqliteExtensionCommandTests
    {
        [Fact]
        public void Without_a_packaged_library_it_exits_not_found_and_says_how_to_build_one()
        {
            var result = Cli.Expect(ExitCodes.NotFound, "sqlite-extension", "--path");
            Assert.Equal("", result.Out);
            Assert.Contains($"This installation has no SQLite extension for {RuntimeInformation.RuntimeIdentifier}", result.Err, StringComparison.Ordinal);
            Assert.Contains($"dotnet publish src/DbScoring.SqliteExtension -c Release -r {RuntimeInformation.RuntimeIdentifier}", result.Err, StringComparison.Ordinal);
        }

        [Fact]
        public void Its_help_states_the_exit_codes_and_how_to_load_the_library()
        {
            var result = Cli.Expect(ExitCodes.Ok, "help", "sqlite-extension");
            Assert.Contains("0 found, 5 no library for this platform in this installation.", result.Out, StringComparison.Ordinal);
            Assert.Contains(".load $(dbscoring sqlite-extension --path)", result.Out, StringComparison.Ordinal);
        }
    }
}
