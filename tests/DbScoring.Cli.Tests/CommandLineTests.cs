using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>The command-line conventions of a .NET tool: help, global options, typo suggestions, response files, completion.</summary>
    [Collection("trained models")]
    public sealed class CommandLineTests
    {
        private readonly TrainedModels _models;
        private readonly string _folder;

        public CommandLineTests(TrainedModels models)
        {
            _models = models;
            _folder = models.NewFolder();
        }

        /// <summary>Every command and sub-command with its path ("audit runs").</summary>
        private static IEnumerable<(string Path, CliCommand Command)> AllCommands(IEnumerable<CliCommand> commands, string parent = "")
        {
            foreach (var command in commands)
            {
                string path = parent.Length == 0 ? command.Name : parent + " " + command.Name;
                yield return (path, command);
                foreach (var sub in AllCommands(command.Subcommands, path)) yield return sub;
            }
        }

        [Fact]
        public void Every_command_prints_help_with_usage_options_exit_codes_and_examples()
        {
            foreach (var (path, command) in AllCommands(CliApp.Commands))
            {
                var words = path.Split(' ');
                var result = Cli.Expect(0, words.Append("--help").ToArray());
                Assert.Contains("Usage:\n  dbscoring " + path, result.Out);
                Assert.Contains("Exit codes:\n  0 ", result.Out);
                Assert.Contains("Examples:\n  dbscoring " + path, result.Out.Replace("source <(dbscoring completion", "dbscoring completion"));
                // 'dbscoring help <command>' prints the same text.
                Assert.Equal(result.Out, Cli.Expect(0, new[] { "help" }.Concat(words).ToArray()).Out);
            }
            var overview = Cli.Expect(0, "--help").Out;
            Assert.Contains("score-table", overview);
            Assert.Contains("5 not found", overview);
            Assert.Equal(overview, Cli.Expect(0, "help").Out);
            Assert.Equal(overview, Cli.Expect(2).Out); // no arguments at all: the overview, as a usage error
        }

        [Fact]
        public void Store_options_may_stand_before_or_after_the_command()
        {
            string store = "sqlite:" + Path.Combine(_folder, "store.db");
            Cli.Expect(0, "install", "--store", store);
            Assert.Contains("No models", Cli.Expect(0, "--store", store, "models").Out);
            Assert.Contains("No models", Cli.Expect(0, "models", "--store", store).Out);
            string file = Path.Combine(_folder, "store.conn");
            File.WriteAllText(file, store + "\n");
            Assert.Contains("No models", Cli.Expect(0, "--store-file", file, "audit", "runs").Out.Replace("No scoring runs recorded.", "No models"));
            // A command without a store refuses them instead of ignoring them.
            Assert.Contains("does not use a store", Cli.Expect(2, "--store", store, "inspect", "x.dbsm").Err);
        }

        [Theory]
        [InlineData("modles", "models")]
        [InlineData("scoretable", "score-table")]
        [InlineData("audit runz", "runs")]
        [InlineData("models --jsn", "--json")]
        [InlineData("register m.zip --nmae churn", "--name")]
        public void A_misspelt_command_or_option_is_a_usage_error_that_suggests_the_right_one(string line, string suggestion)
        {
            var result = Cli.Expect(2, line.Split(' '));
            Assert.Contains("Did you mean", result.Err);
            Assert.Contains("\n" + suggestion + "\n", result.Err);
            Assert.Contains("--help' for usage", result.Err);
            Assert.Equal("", result.Out);
        }

        [Fact]
        public void Arguments_can_come_from_a_response_file()
        {
            string db = Path.Combine(_folder, "rsp.db");
            string rsp = Path.Combine(_folder, "install.rsp");
            File.WriteAllLines(rsp, new[] { "install", "--store", "sqlite:" + db, "--json" });
            var result = Cli.Expect(0, "@" + rsp);
            Assert.Contains("\"changed\": true", result.Out);
            Assert.True(File.Exists(db));
        }

        [Fact]
        public void The_completion_directive_lists_commands_and_options()
        {
            var commands = Cli.Expect(0, "[suggest:12]", "dbscoring mo").Out.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("models", commands); // (and every command containing "mo": the shell keeps those that start with it)
            Assert.DoesNotContain("score", commands);
            var options = Cli.Expect(0, "[suggest:25]", "dbscoring score-table x --").Out;
            Assert.Contains("--batch-size", options);
            Assert.Contains("--log-inputs", options);
            Assert.Contains("--store", options);
            Assert.Equal(2, Cli.Run("completion", "fish").Code);
        }

        /// <summary>The bash script from 'dbscoring completion bash', sourced in a real bash that runs the real tool.</summary>
        [Fact]
        public void The_bash_completion_script_completes_through_the_tool()
        {
            if (System.OperatingSystem.IsWindows()) throw new System.PlatformNotSupportedException("The bash completion test needs a Unix shell.");
            string bin = Path.Combine(_folder, "bin");
            Directory.CreateDirectory(bin);
            string tool = Path.Combine(System.AppContext.BaseDirectory, "dbscoring.dll");
            Assert.True(File.Exists(tool), tool);
            File.WriteAllText(Path.Combine(bin, "dbscoring"), $"#!/bin/sh\nexec dotnet \"{tool}\" \"$@\"\n");
            File.SetUnixFileMode(Path.Combine(bin, "dbscoring"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string script = Path.Combine(_folder, "completion.bash");
            File.WriteAllText(script, Cli.Expect(0, "completion", "bash").Out);
            string Complete(string line)
            {
                var start = new ProcessStartInfo("bash")
                {
                    ArgumentList = { "-c", $"source '{script}'; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; read -ra COMP_WORDS <<< \"$COMP_LINE\"; " +
                                           "[[ \"$COMP_LINE\" == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _dbscoring_complete; printf '%s\\n' \"${COMPREPLY[@]}\"" },
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                start.Environment["PATH"] = bin + ":" + System.Environment.GetEnvironmentVariable("PATH");
                using var process = Process.Start(start)!;
                string output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                return output;
            }
            Assert.Equal("score\nscore-table\n", Complete("dbscoring sco"));
            Assert.Contains("--log-inputs\n", Complete("dbscoring score-table churn --lo"));
        }
    }
}
