using System;
using DbScoring.Runtime;
using Xunit;
using StoreModels = DbScoring.Store.Tests.TestModels;

namespace DbScoring.SqliteExtension.Tests
{
    /// <summary>What only the loadable extension has to get right: loading, finding the registry, unloading.</summary>
    [Collection(SqliteExtensionCollection.Name)]
    public sealed class ExtensionLoadingTests : IClassFixture<FunctionStore>
    {
        private const string Churn = "dbscoring_score('churn:1', 'Age', 30, 'Tenure', 1, 'Plan', 'basic')";
        private readonly FunctionStore _store;

        public ExtensionLoadingTests(FunctionStore store) { _store = store; }

        private static string Library => SqliteExtensionBuild.LibraryPath!;

        private static float Expected() => StoreModels.Expected(ScoringModel.Load(StoreModels.Churn()).CreateScorer(), (1, 30, 1, "basic")).Score;

        private static ToolResult Shell(string database, string script)
        {
            var host = new Sqlite3ShellHost();
            Skip.If(host.SkipReason != null, host.SkipReason);
            return Sqlite3ShellHost.RunScript(database, script);
        }

        private static float Score(string output) => (float)double.Parse(output.Split(':')[1].TrimEnd('}', ']', '\n'), System.Globalization.CultureInfo.InvariantCulture);

        [SkippableFact]
        public void It_loads_by_the_name_sqlite_derives_and_by_the_generic_entry_point()
        {
            var byName = Shell(_store.StorePath, $".load {Sqlite3ShellHost.LoadPath}\nSELECT {Churn} AS s;\n");
            Assert.True(byName.ExitCode == 0 && byName.Err.Length == 0, byName.ToString());
            Assert.Equal(Expected(), Score(byName.Out));
            var generic = Shell(_store.StorePath, $".load {Library} sqlite3_extension_init\nSELECT {Churn} AS s;\n");
            Assert.True(generic.ExitCode == 0 && generic.Err.Length == 0, generic.ToString());
            Assert.Equal(Expected(), Score(generic.Out));
        }

        [SkippableFact]
        public void A_database_without_a_registry_is_an_error_that_says_to_open_or_attach_the_store()
        {
            var plain = Shell(_store.PlainPath, $".load {Sqlite3ShellHost.LoadPath}\nSELECT {Churn};\n");
            Assert.NotEqual(0, plain.ExitCode);
            Assert.Contains("The dbscoring_ functions read models from the database they run in, and '" + _store.PlainPath + "' has no DbScoring registry", plain.Err, StringComparison.Ordinal);
            Assert.Contains("Open the store file (dbscoring's --store), or ATTACH it.", plain.Err, StringComparison.Ordinal);
            var memory = Shell(":memory:", $".load {Sqlite3ShellHost.LoadPath}\nSELECT {Churn};\n");
            Assert.Contains("this database has no DbScoring registry", memory.Err, StringComparison.Ordinal);
        }

        [SkippableFact]
        public void A_store_attached_to_a_data_database_is_found()
        {
            var result = Shell(_store.PlainPath, $".load {Sqlite3ShellHost.LoadPath}\nATTACH '{_store.StorePath}' AS models;\nSELECT {Churn} AS s;\n");
            Assert.True(result.ExitCode == 0 && result.Err.Length == 0, result.ToString());
            Assert.Equal(Expected(), Score(result.Out));
        }

        [SkippableFact]
        public void Closing_a_connection_unloads_nothing_and_the_next_connection_loads_it_again()
        {
            // sqlite3_close() dlclose()s the extension; a Native AOT library must stay mapped (linked with -z nodelete).
            string load = $".load {Sqlite3ShellHost.LoadPath}\n";
            var result = Shell(_store.StorePath,
                load + load + $"SELECT {Churn} AS s;\n" +
                $".open {_store.PlainPath}\n.open {_store.StorePath}\n" + load + $"SELECT {Churn} AS s;\n");
            Assert.True(result.ExitCode == 0 && result.Err.Length == 0, result.ToString());
            Assert.Equal(2, result.Out.Split("\"s\":").Length - 1);
        }

        [SkippableFact]
        public void Python_connections_opened_and_closed_one_after_another_in_one_process_all_score()
        {
            var python = new PythonHost();
            Skip.If(python.SkipReason != null, python.SkipReason);
            const string script = @"
import sqlite3, sys
database, library, sql = sys.argv[1:4]
for i in range(3):
    connection = sqlite3.connect(database)
    connection.enable_load_extension(True)
    connection.load_extension(library)
    print(repr(connection.execute(sql).fetchone()[0]))
    connection.close()
";
            var result = Tools.Run(PythonHost.Python, new[] { "-c", script, _store.StorePath, Library, $"SELECT {Churn}" });
            Assert.True(result.ExitCode == 0, result.ToString());
            var scores = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, scores.Length);
            foreach (string score in scores) Assert.Equal(Expected(), (float)double.Parse(score, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
