using System;
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
}
