using System;
using System.Collections.Generic;
using System.CommandLine;

namespace DbScoring.Cli
{
    /// <summary>
    /// One <c>dbscoring</c> command (or a group of sub-commands such as <c>audit</c>). It declares its arguments and
    /// options as System.CommandLine symbols; <see cref="CliApp"/> turns it into the parser's command, prints its help
    /// (description, usage, arguments, options, then <see cref="ExitCodeHelp"/> and <see cref="Examples"/>) and calls
    /// <see cref="Run"/> with the parsed values.
    /// </summary>
    public abstract class CliCommand
    {
        /// <summary>The word that selects the command.</summary>
        public abstract string Name { get; }

        /// <summary>One line for the command list (and the first line of the command's help).</summary>
        public abstract string Summary { get; }

        /// <summary>Paragraphs shown after the summary in the command's help; empty for none.</summary>
        public virtual string Details => "";

        /// <summary>The exit codes this command returns and what each means, for its help ("0 ok, 2 bad arguments, ...").</summary>
        public abstract string ExitCodeHelp { get; }

        /// <summary>Example command lines, one per line, for the command's help.</summary>
        public abstract string Examples { get; }

        /// <summary>The command's arguments and options, in the order its help lists them.</summary>
        public virtual IEnumerable<Symbol> Symbols => Array.Empty<Symbol>();

        /// <summary>Sub-commands (a group such as <c>audit</c>); empty for a plain command.</summary>
        public virtual IReadOnlyList<CliCommand> Subcommands => Array.Empty<CliCommand>();

        /// <summary>Runs the command with the parsed command line; returns an exit code from <see cref="Cli.ExitCodes"/>.</summary>
        public abstract int Run(CommandInput input, CliContext context);

        /// <summary>A new <c>--json</c> flag for a command whose result can be printed as JSON.</summary>
        protected static Option<bool> JsonOption(string description = "print the result as JSON") => new("--json") { Description = description };
    }

    /// <summary>A command that only groups sub-commands (e.g. <c>audit</c>); run without one, it is a usage error.</summary>
    public abstract class CliCommandGroup : CliCommand
    {
        /// <inheritdoc />
        public override int Run(CommandInput input, CliContext context) =>
            throw new UsageException($"Name what to do: {string.Join(", ", System.Linq.Enumerable.Select(Subcommands, s => s.Name))}.");
    }
}
