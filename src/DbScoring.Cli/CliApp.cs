using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.IO;
using System.Linq;
using DbScoring.Conversion;
using DbScoring.Runtime;
using DbScoring.Store;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace DbScoring.Cli
{
    /// <summary>
    /// Parses a command line with System.CommandLine (help, typo suggestions, response files, completion), dispatches
    /// it to its command and maps failures to the documented exit codes.
    /// </summary>
    public static class CliApp
    {
        /// <summary>
        /// Every command, in the order <c>dbscoring --help</c> lists them.
        /// To add a command: write a class deriving from <see cref="CliCommand"/> (or <see cref="StoreCommand"/> when it
        /// opens a store) that declares its arguments and options in <see cref="CliCommand.Symbols"/>, its help texts and
        /// <see cref="CliCommand.Run"/>; then add one instance here — or to a group's <see cref="CliCommand.Subcommands"/>
        /// (e.g. <see cref="Commands.AuditCommand"/> for <c>audit &lt;what&gt;</c>). Parsing, help, completion, typo
        /// suggestions and exit codes follow from the declaration.
        /// </summary>
        public static IReadOnlyList<CliCommand> Commands { get; } = new CliCommand[]
        {
            new Commands.ConvertCommand(),
            new Commands.InspectCommand(),
            new Commands.ScoreCommand(),
            new Commands.DriftCommand(),
            new Commands.InstallCommand(),
            new Commands.RegisterCommand(),
            new Commands.ModelsCommand(),
            new Commands.VersionsCommand(),
            new Commands.ShowCommand(),
            new Commands.PromoteCommand(),
            new Commands.RollbackCommand(),
            new Commands.ScoreTableCommand(),
            new Commands.AuditCommand(),
            new Commands.RetentionCommand(),
            new Commands.MonitorCommand(),
            new Commands.OutcomesCommand(),
            new Commands.ExportCommand(),
            new Commands.SqliteExtensionCommand(),
            new Commands.DemoCommand(),
            new Commands.SqlCommand(),
            new Commands.HelpCommand(),
            new Commands.CompletionCommand(),
        };

        /// <summary>Exit codes as the overview lists them.</summary>
        public const string ExitCodeSummary = "0 ok, 1 unexpected error (a bug), 2 bad arguments, 3 bad model, 4 bad data, 5 not found, 6 store error.";

        private const string Description =
            "dbscoring — convert, register, score and audit ML.NET models inside databases.\n\n" +
            "Store commands take --store <spec> or --store-file <path> (before or after the command), else the\n" +
            "environment variable DBSCORING_STORE, else sqlite:./dbscoring.db. Arguments can be read from a response\n" +
            "file: dbscoring @args.rsp (one argument per line). Shell completion: dbscoring completion --help.";

        private static readonly Lazy<Parser> Tree = new(() => new Parser(Commands));

        /// <summary>Runs <paramref name="args"/>; returns the exit code.</summary>
        public static int Run(string[] args, CliContext context)
        {
            var tree = Tree.Value;
            if (args.Length == 0)
            {
                WriteHelp(tree, tree.Root.Parse(new[] { "--help" }), context);
                return ExitCodes.BadArguments;
            }
            var parse = tree.Root.Parse(args);
            var command = tree.CommandOf(parse);
            switch (parse.Action)
            {
                case HelpAction:
                    WriteHelp(tree, parse, context);
                    return ExitCodes.Ok;
                case ParseErrorAction or RunCommand:
                    break;
                case not null: // --version, the [suggest] directive of shell completion
                    return parse.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error });
            }
            if (parse.Errors.Count > 0 || parse.Action is not RunCommand)
            {
                // "Required command was not provided" adds nothing next to "Unrecognized command 'modles'".
                var errors = parse.Errors.Count > 1 ? parse.Errors.Where(e => e.SymbolResult is not System.CommandLine.Parsing.CommandResult { Tokens.Count: 0 } || !e.Message.StartsWith("Required command", StringComparison.Ordinal)) : parse.Errors;
                foreach (var error in errors) TerminalWriter.WriteError(context.Error, error.Message);
                WriteTypoCorrections(parse, context.Error);
                context.Error.WriteLine($"Run '{tree.Usage(command)} --help' for usage.");
                return ExitCodes.BadArguments;
            }
            try
            {
                // --store and --store-file may stand before the command name (they belong to the root then): refuse them
                // for a command that has no store rather than ignore them.
                foreach (var option in tree.Root.Options)
                    if (parse.GetResult(option) != null && !command!.Symbols.Contains(option))
                        throw new UsageException($"'{tree.Usage(command)}' does not use a store; {option.Name} applies to store commands only.");
                return command!.Run(new CommandInput(parse), context);
            }
            catch (UsageException ex)
            {
                TerminalWriter.WriteError(context.Error, ex.Message);
                context.Error.WriteLine($"Run '{tree.Usage(command)} --help' for usage.");
                return ExitCodes.BadArguments;
            }
            catch (Exception ex) when (ExitCodeOf(ex) is int code)
            {
                TerminalWriter.WriteError(context.Error, StoreAccess.CleanMessage(ex));
                return code;
            }
        }

        /// <summary>
        /// <c>dbscoring help [command...]</c>: the help of the named command (the overview for none); an unknown name is a
        /// usage error with "did you mean".
        /// </summary>
        internal static int Help(IReadOnlyList<string> words, CliContext context)
        {
            var tree = Tree.Value;
            System.CommandLine.Command current = tree.Root;
            foreach (string word in words)
            {
                var next = current.Subcommands.FirstOrDefault(c => c.Name == word);
                if (next == null)
                {
                    TerminalWriter.WriteError(context.Error, $"'{string.Join(" ", words)}' is not a dbscoring command.");
                    WriteTypoCorrections(tree.Root.Parse(words.ToArray()), context.Error);
                    context.Error.WriteLine("Run 'dbscoring --help' for the list.");
                    return ExitCodes.BadArguments;
                }
                current = next;
            }
            WriteHelp(tree, tree.Root.Parse(words.Append("--help").ToArray()), context);
            return ExitCodes.Ok;
        }

        /// <summary>The exit code for a failure a user can act on; null for a bug.</summary>
        public static int? ExitCodeOf(Exception ex) => ex switch
        {
            Commands.DemoStepFailedException demo => demo.ExitCode,
            NotFoundException => ExitCodes.NotFound,
            // A stored blob that no longer matches its recorded SHA-256 is a tampered model (ExitCodes.BadModel documents it).
            BlobIntegrityException => ExitCodes.BadModel,
            ModelStoreException or SqliteException or SqlException => ExitCodes.StoreError,
            ModelConversionException or ModelFormatException => ExitCodes.BadModel,
            // A model that cannot explain its rows (trees without node covers) is a model problem with a remedy in the message.
            DbScoring.Runtime.Explanations.ExplanationUnavailableException => ExitCodes.BadModel,
            // The store refuses caller mistakes with a plain ArgumentException (subclasses such as
            // ArgumentOutOfRangeException stay unexpected: they are bugs here, because the CLI validates ranges first).
            ArgumentException a when a.GetType() == typeof(ArgumentException) => ExitCodes.BadArguments,
            FileNotFoundException or DirectoryNotFoundException or InvalidDataException or FormatException => ExitCodes.BadData,
            UnauthorizedAccessException or IOException => ExitCodes.BadData,
            _ => null,
        };

        /// <summary>Writes the help of the command a parse result names (the overview for none), as <c>--help</c> does.</summary>
        internal static void WriteHelp(Parser tree, ParseResult parse, CliContext context)
        {
            var command = tree.CommandOf(parse);
            var o = context.Out;
            var standard = new StringWriter();
            parse.Invoke(new InvocationConfiguration { Output = standard, Error = context.Error });
            // The parser shows the one-line summary (as in the command list); the details follow it in the Description section.
            string text = standard.ToString();
            int endOfDescription = text.IndexOf("\n\n", StringComparison.Ordinal);
            if (command is { Details.Length: > 0 } && endOfDescription > 0)
                text = text.Substring(0, endOfDescription) + "\n\n" + Indent(command.Details.TrimEnd('\n')) + text.Substring(endOfDescription);
            o.Write(text);
            if (command == null)
            {
                o.WriteLine("Exit codes:");
                o.WriteLine("  " + ExitCodeSummary);
                o.WriteLine();
                o.WriteLine("Run 'dbscoring help <command>' (or 'dbscoring <command> --help') for a command's options and examples.");
                return;
            }
            o.WriteLine("Exit codes:");
            o.WriteLine(Indent(command.ExitCodeHelp));
            o.WriteLine();
            if (command.Examples.Length > 0)
            {
                o.WriteLine("Examples:");
                o.WriteLine(Indent(command.Examples.TrimEnd('\n')));
            }
        }

        private static string Indent(string lines) => "  " + lines.Replace("\n", "\n  ", StringComparison.Ordinal);

        /// <summary>"Did you mean" lines for a misspelt command or option, as System.CommandLine computes them.</summary>
        private static void WriteTypoCorrections(ParseResult parse, TextWriter error)
        {
            if (parse.Action is not ParseErrorAction action) return;
            action.ShowHelp = false;
            action.ShowTypoCorrections = true;
            // The action writes the corrections to Output and the error lines (already printed, with "error:") to Error.
            var suggestions = new StringWriter();
            parse.Invoke(new InvocationConfiguration { Output = suggestions, Error = TextWriter.Null });
            string text = suggestions.ToString().Trim();
            if (text.Length > 0) error.WriteLine(text);
        }

        /// <summary>The System.CommandLine tree built from <see cref="Commands"/>, with the way back from a parsed command to ours.</summary>
        internal sealed class Parser
        {
            private readonly Dictionary<Command, CliCommand> _commands = new();
            private readonly Dictionary<CliCommand, string> _paths = new();

            public Parser(IEnumerable<CliCommand> commands)
            {
                Root = new RootCommand(Description) { HelpName = "dbscoring" };
                Root.Options.Add(StoreCommand.StoreOption);
                Root.Options.Add(StoreCommand.StoreFileOption);
                foreach (var command in commands) Root.Subcommands.Add(Build(command, ""));
            }

            public RootCommand Root { get; }

            public CliCommand? CommandOf(ParseResult parse) => _commands.GetValueOrDefault(parse.CommandResult.Command);

            /// <summary>"dbscoring audit runs" for the command audit runs; "dbscoring" for none.</summary>
            public string Usage(CliCommand? command) => command != null && _paths.TryGetValue(command, out var path) ? "dbscoring " + path : "dbscoring";

            private Command Build(CliCommand cli, string parentPath)
            {
                var command = new Command(cli.Name, cli.Summary);
                foreach (var symbol in cli.Symbols)
                {
                    if (symbol is Argument argument) command.Arguments.Add(argument);
                    else if (symbol is Option option) command.Options.Add(option);
                    else throw new InvalidOperationException($"Command {cli.Name} declares a {symbol.GetType().Name}, which is neither an argument nor an option.");
                }
                string path = parentPath.Length == 0 ? cli.Name : parentPath + " " + cli.Name;
                _paths[cli] = path;
                foreach (var sub in cli.Subcommands) command.Subcommands.Add(Build(sub, path));
                if (cli is not CliCommandGroup) command.Action = new RunCommand();
                _commands[command] = cli;
                return command;
            }
        }

        /// <summary>Marks a runnable command in the tree; <see cref="Run"/> calls the <see cref="CliCommand"/> itself (with the context).</summary>
        private sealed class RunCommand : SynchronousCommandLineAction
        {
            public override int Invoke(ParseResult parseResult) => throw new InvalidOperationException("CliApp.Run runs commands itself.");
        }
    }
}
