using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace DbScoring.Cli
{
    /// <summary>A caller mistake on the command line; printed with a pointer to the command's help, exit code 2.</summary>
    public sealed class UsageException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public UsageException(string message) : base(message) { }
    }

    /// <summary>The parsed command line a command runs with: the values of its arguments and options.</summary>
    public sealed class CommandInput
    {
        /// <summary>Wraps a parse result without errors.</summary>
        public CommandInput(ParseResult parse) => Parse = parse;

        /// <summary>The System.CommandLine parse result.</summary>
        public ParseResult Parse { get; }

        /// <summary>The value of an option (its default when not given).</summary>
        public T? Value<T>(Option<T> option) => Parse.GetValue(option);

        /// <summary>The value of an argument (its default when not given).</summary>
        public T? Value<T>(Argument<T> argument) => Parse.GetValue(argument);

        /// <summary>Whether the option was given on the command line (not merely defaulted).</summary>
        public bool Given(Option option) => Parse.GetResult(option) is { Implicit: false };

        /// <summary>The text of a required text option (declared <c>Required</c>, so the parser has checked it is there).</summary>
        public string Required(Option<string> option) =>
            Value(option) is { Length: > 0 } value ? value : throw new UsageException($"The option {option.Name} needs a value.");
    }

    /// <summary>Options shared by several commands, built the same way everywhere.</summary>
    public static class CliOptions
    {
        /// <summary>
        /// A whole-number option within [min, max] with a default; a value outside is refused at parse time with a
        /// message that states the range (exit code 2).
        /// </summary>
        public static Option<int> Int(string name, string description, int fallback, int min, int max, string helpName = "n") => new(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => fallback,
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max) return value;
                result.AddError($"The option {name} must be a whole number from {min.ToString("N0", CultureInfo.InvariantCulture)} to " +
                                $"{max.ToString("N0", CultureInfo.InvariantCulture)}; '{text}' is not.");
                return fallback;
            },
        };

        /// <summary>A text option that must be given.</summary>
        public static Option<string> RequiredText(string name, string description, string helpName, params string[] aliases) =>
            new(name, aliases) { Description = description, HelpName = helpName, Required = true };

        /// <summary>A text option that may be given.</summary>
        public static Option<string> Text(string name, string description, string helpName, params string[] aliases) =>
            new(name, aliases) { Description = description, HelpName = helpName };

        /// <summary>A flag (no value).</summary>
        public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

        /// <summary>A required positional argument.</summary>
        public static Argument<string> Argument(string name, string description) => new(name) { Description = description };
    }
}
