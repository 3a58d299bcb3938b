using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DbScoring.Conversion;
using DbScoring.Runtime;
using DbScoring.Store;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace DbScoring.Cli
{
    /// <summary>Dispatches a command line to its command and maps failures to documented exit codes.</summary>
    public static class CliApp
    {
        /// <summary>Every command, in the order <c>dbscoring --help</c> lists them.</summary>
        public static IReadOnlyList<Command> Commands { get; } = new Command[]
        {
            new Commands.ConvertCommand(),
            new Commands.InspectCommand(),
            new Commands.ScoreCommand(),
            new Commands.InstallCommand(),
            new Commands.RegisterCommand(),
            new Commands.ModelsCommand(),
            new Commands.VersionsCommand(),
            new Commands.ShowCommand(),
            new Commands.PromoteCommand(),
            new Commands.RollbackCommand(),
            new Commands.ScoreTableCommand(),
            new Commands.AuditCommand(),
            new Commands.ExportCommand(),
            new Commands.DemoCommand(),
        };

        /// <summary>Runs <paramref name="args"/>; returns the exit code.</summary>
        public static int Run(string[] args, CliContext context)
        {
            if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
            {
                context.Out.Write(Overview());
                return args.Length == 0 ? ExitCodes.BadArguments : ExitCodes.Ok;
            }
            if (args[0] == "--version")
            {
                context.Out.WriteLine("dbscoring " + typeof(CliApp).Assembly.GetName().Version?.ToString(3));
                return ExitCodes.Ok;
            }
            var command = Commands.FirstOrDefault(c => c.Name == args[0]);
            if (command == null)
            {
                context.Error.WriteLine($"error: Unknown command '{args[0]}'. Run 'dbscoring --help' for the list.");
                return ExitCodes.BadArguments;
            }
            try
            {
                var line = new CommandLine(args.Skip(1).ToArray(), command.ValuedOptions, command.FlagOptions);
                if (line.WantsHelp)
                {
                    context.Out.Write(command.Help);
                    return ExitCodes.Ok;
                }
                return command.Run(line, context);
            }
            catch (UsageException ex)
            {
                context.Error.WriteLine("error: " + ex.Message);
                context.Error.WriteLine($"Run 'dbscoring {command.Name} --help' for usage.");
                return ExitCodes.BadArguments;
            }
            catch (Exception ex) when (ExitCodeOf(ex) is int code)
            {
                context.Error.WriteLine("error: " + StoreAccess.CleanMessage(ex));
                return code;
            }
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
            // The store refuses caller mistakes with a plain ArgumentException (subclasses such as
            // ArgumentOutOfRangeException stay unexpected: they are bugs here, because the CLI validates ranges first).
            ArgumentException a when a.GetType() == typeof(ArgumentException) => ExitCodes.BadArguments,
            FileNotFoundException or DirectoryNotFoundException or InvalidDataException or FormatException => ExitCodes.BadData,
            UnauthorizedAccessException or IOException => ExitCodes.BadData,
            _ => null,
        };

        private static string Overview()
        {
            var width = Commands.Max(c => c.Name.Length) + 2;
            return "dbscoring — convert, register, score and audit ML.NET models inside databases.\n\n" +
                   "Usage: dbscoring <command> [arguments] [options]\n\nCommands:\n" +
                   string.Concat(Commands.Select(c => "  " + c.Name.PadRight(width) + c.Summary + "\n")) +
                   "\nStore commands take --store <spec> or --store-file <path>, else DBSCORING_STORE, else sqlite:./dbscoring.db.\n" +
                   "Run 'dbscoring <command> --help' for a command's options and examples.\n" +
                   "Exit codes: 0 ok, 1 unexpected, 2 bad arguments, 3 bad model, 4 bad data, 5 not found, 6 store error.\n";
        }
    }
}
