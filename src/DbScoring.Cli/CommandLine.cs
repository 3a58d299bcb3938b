using System;
using System.Collections.Generic;
using System.Globalization;

namespace DbScoring.Cli
{
    /// <summary>A caller mistake on the command line; printed with the command's usage, exit code 2.</summary>
    public sealed class UsageException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public UsageException(string message) : base(message) { }
    }

    /// <summary>
    /// Parsed arguments of one command: positionals and <c>--option value</c> / <c>--flag</c> options. Options a
    /// command does not declare are refused, so a typo never silently changes behaviour.
    /// </summary>
    public sealed class CommandLine
    {
        private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
        private readonly List<string> _positionals = new();

        /// <summary>Parses <paramref name="args"/>; <paramref name="flags"/> take no value, <paramref name="valued"/> take one.</summary>
        public CommandLine(IReadOnlyList<string> args, IEnumerable<string> valued, IEnumerable<string> flags)
        {
            var valuedSet = new HashSet<string>(valued, StringComparer.Ordinal);
            var flagSet = new HashSet<string>(flags, StringComparer.Ordinal) { "--help", "-h", "--json" };
            for (int i = 0; i < args.Count; i++)
            {
                string arg = args[i];
                if (arg.StartsWith("-", StringComparison.Ordinal) && arg.Length > 1 && !IsNumber(arg))
                {
                    string name = arg, inlineValue = "";
                    bool hasInline = false;
                    int equals = arg.IndexOf('=');
                    if (equals > 0) { name = arg.Substring(0, equals); inlineValue = arg.Substring(equals + 1); hasInline = true; }
                    if (flagSet.Contains(name))
                    {
                        if (hasInline) throw new UsageException($"The option {name} takes no value.");
                        _options[name] = null;
                    }
                    else if (valuedSet.Contains(name))
                    {
                        if (hasInline) _options[name] = inlineValue;
                        else if (i + 1 < args.Count) _options[name] = args[++i];
                        else throw new UsageException($"The option {name} needs a value.");
                    }
                    else throw new UsageException($"Unknown option '{name}'.");
                }
                else _positionals.Add(arg);
            }
        }

        /// <summary>Whether --help or -h was given.</summary>
        public bool WantsHelp => _options.ContainsKey("--help") || _options.ContainsKey("-h");

        /// <summary>Whether --json was given.</summary>
        public bool Json => _options.ContainsKey("--json");

        /// <summary>Whether a flag was given.</summary>
        public bool Flag(string name) => _options.ContainsKey(name);

        /// <summary>The value of an option, or null.</summary>
        public string? Option(string name) => _options.TryGetValue(name, out var value) ? value : null;

        /// <summary>The value of a required option.</summary>
        public string Required(string name) =>
            Option(name) is { Length: > 0 } value ? value : throw new UsageException($"The option {name} is required.");

        /// <summary>An integer option within [min, max], or <paramref name="fallback"/>.</summary>
        public int Int(string name, int fallback, int min, int max)
        {
            string? text = Option(name);
            if (text == null) return fallback;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
                throw new UsageException($"The option {name} must be a whole number from {min} to {max}; '{text}' is not.");
            return value;
        }

        /// <summary>Positional argument <paramref name="index"/>, required, described as <paramref name="what"/>.</summary>
        public string Positional(int index, string what) =>
            index < _positionals.Count ? _positionals[index] : throw new UsageException($"Missing {what}.");

        /// <summary>Fails when more than <paramref name="count"/> positionals were given.</summary>
        public void ExpectPositionals(int count)
        {
            if (_positionals.Count > count) throw new UsageException($"Unexpected argument '{_positionals[count]}'.");
        }

        private static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}
