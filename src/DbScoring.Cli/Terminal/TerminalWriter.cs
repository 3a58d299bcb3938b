using System;
using System.IO;
using System.Text;
using Spectre.Console;

namespace DbScoring.Cli
{
    /// <summary>
    /// A stream that is an interactive terminal: tables are drawn, progress is a live bar, and colours are used unless the
    /// user turned them off (NO_COLOR, https://no-color.org; TERM=dumb). A redirected stream is never wrapped — it gets plain
    /// text, byte for byte what scripts and tests parse — so "is it a terminal" is simply "is it a TerminalWriter".
    /// </summary>
    public sealed class TerminalWriter : TextWriter
    {
        /// <summary>Wraps <paramref name="inner"/>, a terminal; <paramref name="width"/> overrides the detected width (tests).</summary>
        public TerminalWriter(TextWriter inner, bool colour, int? width = null)
        {
            Inner = inner;
            Colour = colour;
            Width = width;
        }

        /// <summary>
        /// <paramref name="writer"/> itself when it is not a terminal, else wrapped; colour as <see cref="ColourAllowed"/> says.
        /// </summary>
        public static TextWriter For(TextWriter writer, bool isTerminal, Func<string, string?> environment, int? width = null) =>
            isTerminal ? new TerminalWriter(writer, ColourAllowed(environment), width) : writer;

        /// <summary>False when NO_COLOR is set to anything non-empty or TERM is "dumb".</summary>
        public static bool ColourAllowed(Func<string, string?> environment) =>
            string.IsNullOrEmpty(environment("NO_COLOR")) && !string.Equals(environment("TERM"), "dumb", StringComparison.OrdinalIgnoreCase);

        /// <summary>The terminal's writer.</summary>
        public TextWriter Inner { get; }

        /// <summary>Whether colours (and other text styles) may be used.</summary>
        public bool Colour { get; }

        /// <summary>Width in columns; null = as detected.</summary>
        public int? Width { get; }

        /// <summary>
        /// A Spectre.Console console on this terminal. <paramref name="live"/> (a progress bar) needs cursor control, which
        /// is ANSI even without colour; anything else is drawn without escape sequences when colour is off.
        /// </summary>
        internal IAnsiConsole Console(bool live = false)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = Colour || live ? AnsiSupport.Yes : AnsiSupport.No,
                ColorSystem = Colour ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.Yes,
                Out = new AnsiConsoleOutput(Inner),
            });
            if (Width is int w) console.Profile.Width = w;
            return console;
        }

        /// <summary>Writes "error: " (red when colour is on) and the message, on a line.</summary>
        public static void WriteError(TextWriter writer, string message)
        {
            if (writer is TerminalWriter { Colour: true } t) t.Console().Markup("[red bold]error:[/] ");
            else writer.Write("error: ");
            writer.WriteLine(message);
        }

        /// <inheritdoc />
        public override Encoding Encoding => Inner.Encoding;

        /// <inheritdoc />
        public override string NewLine
        {
            get => Inner.NewLine;
#pragma warning disable CS8765 // the base setter accepts null the same way
            set => Inner.NewLine = value;
#pragma warning restore CS8765
        }

        /// <inheritdoc />
        public override void Write(char value) => Inner.Write(value);

        /// <inheritdoc />
        public override void Write(string? value) => Inner.Write(value);

        /// <inheritdoc />
        public override void Write(char[] buffer, int index, int count) => Inner.Write(buffer, index, count);

        /// <inheritdoc />
        public override void Write(ReadOnlySpan<char> buffer) => Inner.Write(buffer);

        /// <inheritdoc />
        public override void WriteLine() => Inner.WriteLine();

        /// <inheritdoc />
        public override void WriteLine(string? value) => Inner.WriteLine(value);

        /// <inheritdoc />
        public override void Flush() => Inner.Flush();

        /// <summary>What the terminal's writer holds (a StringWriter's text, in tests).</summary>
        public override string ToString() => Inner.ToString() ?? "";
    }
}
