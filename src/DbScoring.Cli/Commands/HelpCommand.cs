using System.Collections.Generic;
using System.CommandLine;
using System.Linq;

namespace DbScoring.Cli.Commands
{
    /// <summary><c>dbscoring help [command]</c>: the same text as <c>dbscoring [command] --help</c>.</summary>
    public sealed class HelpCommand : CliCommand
    {
        private readonly Argument<string[]> _command = new("command")
        {
            Description = "the command (and sub-command) to explain, e.g. register or audit runs; none: the command list",
            Arity = ArgumentArity.ZeroOrMore,
        };

        /// <inheritdoc />
        public override string Name => "help";

        /// <inheritdoc />
        public override string Summary => "Show the help of a command (or the command list): options, exit codes, examples.";

        /// <inheritdoc />
        public override IEnumerable<Symbol> Symbols => new Symbol[] { _command };

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 no such command.";

        /// <inheritdoc />
        public override string Examples => "dbscoring help\ndbscoring help register\ndbscoring help audit runs\n";

        /// <inheritdoc />
        public override int Run(CommandInput input, CliContext context) => CliApp.Help(input.Value(_command) ?? new string[0], context);
    }
}
