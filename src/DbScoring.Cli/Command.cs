using System;
using System.Collections.Generic;
using System.IO;

namespace DbScoring.Cli
{
    /// <summary>Where a command writes and what it may read from the environment (injected so tests run in-process).</summary>
    public sealed class CliContext
    {
        /// <summary>Creates a context.</summary>
        public CliContext(TextWriter output, TextWriter error, Func<string, string?>? environment = null)
        {
            Out = output;
            Error = error;
            Environment = environment ?? System.Environment.GetEnvironmentVariable;
        }

        /// <summary>Results: tables or JSON.</summary>
        public TextWriter Out { get; }

        /// <summary>Progress, warnings and errors.</summary>
        public TextWriter Error { get; }

        /// <summary>Reads an environment variable.</summary>
        public Func<string, string?> Environment { get; }
    }

    /// <summary>One <c>dbscoring</c> command.</summary>
    public abstract class Command
    {
        /// <summary>The word that selects the command.</summary>
        public abstract string Name { get; }

        /// <summary>One line for the command list.</summary>
        public abstract string Summary { get; }

        /// <summary>Full help: usage, options, examples.</summary>
        public abstract string Help { get; }

        /// <summary>Options that take a value.</summary>
        public virtual IEnumerable<string> ValuedOptions => Array.Empty<string>();

        /// <summary>Options that take no value (besides --help and --json).</summary>
        public virtual IEnumerable<string> FlagOptions => Array.Empty<string>();

        /// <summary>Runs the command; returns an exit code from <see cref="ExitCodes"/>.</summary>
        public abstract int Run(CommandLine args, CliContext context);
    }
}
