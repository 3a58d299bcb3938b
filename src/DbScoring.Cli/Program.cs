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
                return CliApp.Run(args, new CliContext(Console.Out, Console.Error));
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine("unexpected error (please report it): " + ex);
                return ExitCodes.Unexpected;
            }
        }
    }
}
