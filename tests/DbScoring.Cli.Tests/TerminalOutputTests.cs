using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>
    /// Spectre.Console output only where a person reads it: on a terminal, drawn tables, a live progress bar with rows/s and
    /// time left, colours unless NO_COLOR; redirected (every other test), the plain text scripts parse — and --json / --csv
    /// byte for byte the same either way.
    /// </summary>
    [Collection("trained models")]
    public sealed class TerminalOutputTests
    {
        private const char Escape = '\u001b';
        private static readonly Dictionary<string, string> Colour = new();
        private static readonly Dictionary<string, string> NoColour = new() { ["NO_COLOR"] = "1" };

        private readonly TrainedModels _models;
        private readonly string _folder;
        private readonly string _db;
        private readonly string _store;

        public TerminalOutputTests(TrainedModels models)
        {
            _models = models;
            _folder = models.NewFolder();
            _db = Path.Combine(_folder, "store.db");
            _store = "sqlite:" + _db;
            Cli.Expect(0, "register", _models.BinaryZip, "--name", "churn", "--sample", _models.Customers, "--store", _store);
            RawSql.LoadCustomers(_db, _models.Customers, 600);
        }

        /// <summary>Runs the tool with both streams on a (pretend) terminal 200 columns wide, colour as the environment says.</summary>
        private static CliResult OnTerminal(Dictionary<string, string> environment, params string[] args)
        {
            string? Env(string name) => environment.TryGetValue(name, out var v) ? v : null;
            var output = TerminalWriter.For(new StringWriter(), isTerminal: true, Env, width: 200);
            var error = TerminalWriter.For(new StringWriter(), isTerminal: true, Env, width: 200);
            int code = CliApp.Run(args, new CliContext(output, error, Env));
            return new CliResult(code, output.ToString()!, error.ToString()!);
        }

        private string[] WithStore(params string[] args) => args.Concat(new[] { "--store", _store }).ToArray();

        [Fact]
        public void Tables_are_drawn_on_a_terminal_coloured_unless_NO_COLOR_and_plain_when_redirected()
        {
            var drawn = OnTerminal(Colour, WithStore("versions", "churn"));
            Assert.Equal(0, drawn.Code);
            Assert.Contains("╭", drawn.Out);
            Assert.Contains("│ VERSION", drawn.Out.Replace(Escape + "[1m", ""));
            Assert.Contains(Escape + "[1mVERSION", drawn.Out); // bold header

            var noColour = OnTerminal(NoColour, WithStore("versions", "churn"));
            Assert.Contains("╭", noColour.Out);
            Assert.DoesNotContain(Escape, noColour.Out);

            var redirected = Cli.Expect(0, WithStore("versions", "churn"));
            Assert.DoesNotContain("╭", redirected.Out);
            Assert.DoesNotContain(Escape, redirected.Out);
            Assert.Contains("\nVERSION  ", redirected.Out);
            Assert.Contains("-------  ", redirected.Out);
        }

        [Theory]
        [InlineData("versions", "churn", "--json")]
        [InlineData("show", "churn:1", "--json")]
        [InlineData("sql", "SELECT CustomerId, Age, Plan, Region FROM customers ORDER BY CustomerId LIMIT 20", "--csv")]
        [InlineData("sql", "SELECT VersionNumber, ContentHash FROM ModelVersion", "--json")]
        public void Json_and_csv_are_byte_for_byte_the_same_on_a_terminal(params string[] args)
        {
            var redirected = Cli.Expect(0, WithStore(args));
            var terminal = OnTerminal(Colour, WithStore(args));
            Assert.Equal(0, terminal.Code);
            Assert.Equal(redirected.Out, terminal.Out);
        }

        [Fact]
        public void Score_table_shows_a_progress_bar_with_rows_per_second_and_time_left_on_a_terminal_and_plain_lines_otherwise()
        {
            var live = OnTerminal(Colour, WithStore("score-table", "churn:1", "--source", "customers", "--key", "CustomerId", "--target", "scores", "--batch-size", "100"));
            Assert.Equal(0, live.Code);
            string bar = Strip(live.Err);
            Assert.Contains("customers → scores", bar);
            Assert.Contains("100%", bar);
            Assert.Contains("600 rows", bar);
            Assert.Contains("rows/s", bar);
            Assert.Contains("00:00:0", bar); // the time-left column
            Assert.DoesNotContain("batch 1 committed", bar);
            Assert.Contains("600 rows scored into scores", live.Out);

            var plain = Cli.Expect(0, WithStore("score-table", "churn:1", "--source", "customers", "--key", "CustomerId", "--target", "scores2", "--batch-size", "100"));
            Assert.Contains("  run 2: batch 6 committed, 600 rows scored", plain.Err);
            Assert.DoesNotContain(Escape, plain.Err);
            Assert.DoesNotContain("100%", plain.Err);
        }

        [Fact]
        public void Score_shows_its_progress_through_the_file_on_a_terminal()
        {
            string blob = Path.Combine(_folder, "churn.dbsm");
            Cli.Expect(0, "convert", _models.BinaryZip, "--output", blob, "--sample", _models.Customers);
            string output = Path.Combine(_folder, "scores.csv");
            var live = OnTerminal(Colour, "score", "--model", blob, "--input", _models.Customers, "--output", output, "--key", "CustomerId");
            Assert.Equal(0, live.Code);
            string bar = Strip(live.Err);
            Assert.Contains("customers.csv → scores.csv", bar);
            Assert.Contains("100%", bar);
            Assert.Contains("rows/s", bar);
            Assert.Equal(601, File.ReadAllLines(output).Length);
        }

        [Fact]
        public void Register_with_a_sample_and_drift_on_a_file_show_their_progress_on_a_terminal()
        {
            var register = OnTerminal(Colour, WithStore("register", _models.BinaryZip2, "--name", "trees", "--sample", _models.Customers));
            Assert.Equal(0, register.Code);
            string bar = Strip(register.Err);
            Assert.Contains("binary-trees.zip: reading customers.csv", bar);
            Assert.Contains("100%", bar);
            Assert.Contains("600 rows", bar);
            Assert.Contains("rows/s", bar);
            Assert.Contains("Registered trees version 1", register.Out);

            string blob = Path.Combine(_folder, "churn.dbsm");
            Cli.Expect(0, "convert", _models.BinaryZip, "--output", blob, "--sample", _models.Customers);
            var drift = OnTerminal(Colour, "drift", "--model", blob, "--input", _models.Customers);
            Assert.Equal(0, drift.Code);
            Assert.Contains("100%", Strip(drift.Err));
            Assert.Contains("600 rows", Strip(drift.Err));

            var plain = Cli.Expect(0, "drift", "--model", blob, "--input", _models.Customers);
            Assert.Equal("", plain.Err);
        }

        [Fact]
        public void Errors_are_marked_in_red_on_a_terminal_and_not_with_NO_COLOR()
        {
            var red = OnTerminal(Colour, WithStore("show", "nosuchmodel:1"));
            Assert.Equal(5, red.Code);
            Assert.Matches(Escape + @"\[[0-9;]*m" + "error:", red.Err);

            var plain = OnTerminal(NoColour, WithStore("show", "nosuchmodel:1"));
            Assert.Equal(5, plain.Code);
            Assert.StartsWith("error: ", plain.Err);
            Assert.DoesNotContain(Escape, plain.Err);
        }

        /// <summary>The text a person sees: escape sequences (styles, cursor moves) removed.</summary>
        private static string Strip(string text) => System.Text.RegularExpressions.Regex.Replace(text, Escape + @"\[[0-9;?]*[A-Za-z]", "");
    }
}
