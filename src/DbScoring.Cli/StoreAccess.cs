using System;
using System.Collections.Generic;
using System.IO;
using System.CommandLine;
using System.Linq;
using DbScoring.Store;
using DbScoring.Store.SqlServer;

namespace DbScoring.Cli
{
    /// <summary>The store, model, version or alias a command names does not exist (exit code 5).</summary>
    public sealed class NotFoundException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public NotFoundException(string message) : base(message) { }
    }

    /// <summary>A command that works on a model store: takes <c>--store</c> and <c>--store-file</c> (also before the command name).</summary>
    public abstract class StoreCommand : CliCommand
    {
        /// <summary>--store: shared by the root command and every store command, so it may stand before or after the command name.</summary>
        public static readonly Option<string> StoreOption = new("--store")
        {
            Description = "the store: sqlite:<path> (append ?mode=ro for read-only) or a SQL Server connection string;\n" +
                          "default: the environment variable DBSCORING_STORE, else sqlite:./dbscoring.db.\n" +
                          "Connection strings are never printed; a password given here draws a warning.",
            HelpName = "spec",
        };

        /// <summary>--store-file: the spec from the first line of a file, which keeps passwords off the command line.</summary>
        public static readonly Option<string> StoreFileOption = new("--store-file")
        {
            Description = "read the store spec from the first non-comment line of a file (keeps passwords off the command line)",
            HelpName = "path",
        };

        /// <summary>The command's own arguments and options; the store options are added after them.</summary>
        protected abstract IEnumerable<Symbol> CommandSymbols { get; }

        /// <inheritdoc />
        public sealed override IEnumerable<Symbol> Symbols => CommandSymbols.Concat(new Symbol[] { StoreOption, StoreFileOption });

        /// <summary>Opens the store the command line names; the caller disposes it.</summary>
        protected static IModelStore OpenStore(CommandInput input, CliContext context) =>
            ModelStoreFactory.Open(StoreAccess.ResolveSpec(input, context));
    }

    /// <summary>Store lookups that tell "not found" (exit 5) apart from caller mistakes and store failures.</summary>
    public static class StoreAccess
    {
        /// <summary>
        /// The store spec: --store, else the first non-blank line of --store-file, else DBSCORING_STORE, else the default.
        /// Warns on stderr when --store carries a password.
        /// </summary>
        public static string ResolveSpec(CommandInput input, CliContext context)
        {
            string? spec = input.Value(StoreCommand.StoreOption), file = input.Value(StoreCommand.StoreFileOption);
            if (spec != null && file != null) throw new UsageException("Give either --store or --store-file, not both.");
            if (spec != null)
            {
                if (spec.Trim().Length == 0) throw new UsageException("The option --store needs a value.");
                if (spec.IndexOf("password=", StringComparison.OrdinalIgnoreCase) >= 0 || spec.IndexOf("pwd=", StringComparison.OrdinalIgnoreCase) >= 0)
                    context.Error.WriteLine("warning: --store holds a password; command lines leak into shell history and process lists. " +
                                            "Set DBSCORING_STORE or use --store-file <path> instead.");
                return spec.Trim();
            }
            if (file != null)
            {
                ModelFiles.RequireFile(file);
                string? line = File.ReadAllLines(file).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal));
                return line ?? throw new UsageException($"The store file '{file}' holds no store spec.");
            }
            string? env = context.Environment(ModelStoreFactory.EnvironmentVariable);
            return string.IsNullOrWhiteSpace(env) ? ModelStoreFactory.DefaultSpec : env.Trim();
        }

        /// <summary>Parses a model reference (model, model@alias, model:version); a malformed one is a usage error.</summary>
        public static ModelRef ParseRef(string text)
        {
            try
            {
                return ModelRef.Parse(text);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(CleanMessage(e));
            }
        }

        /// <summary>Checks a model name; a malformed one is a usage error.</summary>
        public static string CheckModelName(string name)
        {
            if (!StoreNames.IsValid(name))
                throw new UsageException($"The model name '{name}' is not supported: give a letter, then letters, digits and _ (at most {StoreNames.MaxLength}).");
            return name;
        }

        /// <summary>Checks an alias name; a malformed one is a usage error.</summary>
        public static string CheckAliasName(string name)
        {
            if (!StoreNames.IsValid(name))
                throw new UsageException($"The alias name '{name}' is not supported: give a letter, then letters, digits and _ (at most {StoreNames.MaxLength}).");
            return name;
        }

        /// <summary>The model as the store spells it; <see cref="NotFoundException"/> when there is none.</summary>
        public static ModelSummary RequireModel(IModelStore store, string model)
        {
            CheckModelName(model);
            return store.ListModels().FirstOrDefault(m => string.Equals(m.Model, model, StringComparison.OrdinalIgnoreCase))
                   ?? throw new NotFoundException($"No model is named '{model}' in {store.DisplayName}.");
        }

        /// <summary>The version a reference names; <see cref="NotFoundException"/> when the model, alias or version does not exist.</summary>
        public static ModelVersionInfo Resolve(IModelStore store, ModelRef reference)
        {
            var model = RequireModel(store, reference.Model);
            try
            {
                return store.GetVersion(reference);
            }
            catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException))
            {
                // The reference is well-formed and the model exists: the store's refusal can only mean the alias or version is missing.
                string what = reference.Version.HasValue
                    ? $"Model '{model.Model}' has no version {reference.Version} (latest is {model.LatestVersion})."
                    : $"Model '{model.Model}' has no alias '{reference.Alias}'" + (model.Aliases.Length > 0 ? $" (aliases: {model.Aliases})." : " (no alias yet: promote a version first).");
                throw new NotFoundException(what);
            }
        }

        /// <summary>An ArgumentException's message without the " (Parameter 'x')" suffix .NET appends.</summary>
        public static string CleanMessage(Exception e)
        {
            string message = e.Message;
            if (e is ArgumentException a && a.ParamName != null)
            {
                string suffix = $" (Parameter '{a.ParamName}')";
                if (message.EndsWith(suffix, StringComparison.Ordinal)) message = message.Substring(0, message.Length - suffix.Length);
            }
            return ConnectionStringMask.Mask(message);
        }

        /// <summary>UTC time as people read it in tables.</summary>
        public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>UTC time with milliseconds (JSON and --at round trips).</summary>
        public static string PreciseTime(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
