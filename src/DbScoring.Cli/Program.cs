using System;

namespace DbScoring.Cli
{
    /// <summary>Entry point of the <c>dbscoring</c> tool.</summary>
    public static class Program
    {
        /// <summary>Runs the command line and returns its exit code.</summary>
        public static int Main(string[] args)
        {
            try
            {
                // A stream is drawn on (tables, bars, colours) only while it is a terminal; redirected, it gets plain text.
                Func<string, string?> environment = Environment.GetEnvironmentVariable;
                return CliApp.Run(args, new CliContext(
                    TerminalWriter.For(Console.Out, !Console.IsOutputRedirected, environment),
                    TerminalWriter.For(Console.Error, !Console.IsErrorRedirected, environment),
                    environment));
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine("unexpected error (please report it): " + ex);
                return ExitCodes.Unexpected;
            }
        }
    }
}
