using System.Collections.Generic;
using System.CommandLine;

namespace DbScoring.Cli.Commands
{
    /// <summary>
    /// <c>dbscoring completion bash|zsh|pwsh</c>: prints a script that makes the shell ask dbscoring itself what can come
    /// next (System.CommandLine's <c>[suggest]</c> directive), so completions always match the installed version.
    /// </summary>
    public sealed class CompletionCommand : CliCommand
    {
        /// <summary>The bash function that completes dbscoring command lines.</summary>
        public const string Bash =
            "# dbscoring completion for bash. Load it with:  source <(dbscoring completion bash)   (e.g. in ~/.bashrc)\n" +
            "_dbscoring_complete()\n" +
            "{\n" +
            "    local IFS=$'\\n'\n" +
            "    local candidates\n" +
            "    candidates=$(dbscoring \"[suggest:${COMP_POINT}]\" \"${COMP_LINE}\" 2>/dev/null)\n" +
            "    COMPREPLY=( $(compgen -W \"${candidates}\" -- \"${COMP_WORDS[COMP_CWORD]}\") )\n" +
            "}\n" +
            "complete -o default -F _dbscoring_complete dbscoring\n";

        /// <summary>The zsh completion function.</summary>
        public const string Zsh =
            "# dbscoring completion for zsh. Load it with:  source <(dbscoring completion zsh)   (e.g. in ~/.zshrc, after compinit)\n" +
            "_dbscoring() {\n" +
            "  local -a candidates\n" +
            "  candidates=(\"${(@f)$(dbscoring \"[suggest:${CURSOR}]\" \"${BUFFER}\" 2>/dev/null)}\")\n" +
            "  compadd -a candidates\n" +
            "}\n" +
            "compdef _dbscoring dbscoring\n";

        /// <summary>The PowerShell argument completer.</summary>
        public const string PowerShell =
            "# dbscoring completion for PowerShell. Load it with:  dbscoring completion pwsh | Out-String | Invoke-Expression   (e.g. in $PROFILE)\n" +
            "Register-ArgumentCompleter -Native -CommandName dbscoring -ScriptBlock {\n" +
            "    param($wordToComplete, $commandAst, $cursorPosition)\n" +
            "    $position = $cursorPosition - $commandAst.Extent.StartOffset\n" +
            "    dbscoring \"[suggest:$position]\" \"$commandAst\" 2>$null | ForEach-Object {\n" +
            "        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)\n" +
            "    }\n" +
            "}\n";

        private readonly Argument<string> _shell = new Argument<string>("shell") { Description = "bash, zsh or pwsh" }.AcceptOnlyFromAmong("bash", "zsh", "pwsh");

        /// <inheritdoc />
        public override string Name => "completion";

        /// <inheritdoc />
        public override string Summary => "Print the shell completion script for bash, zsh or PowerShell (commands, options, values).";

        /// <inheritdoc />
        public override IEnumerable<Symbol> Symbols => new Symbol[] { _shell };

        /// <inheritdoc />
        public override string Details => "The script asks dbscoring for completions as you type, so they match the installed version.";

        /// <inheritdoc />
        public override string ExitCodeHelp => "0 ok, 2 unknown shell.";

        /// <inheritdoc />
        public override string Examples =>
            "source <(dbscoring completion bash)        # in ~/.bashrc\n" +
            "source <(dbscoring completion zsh)         # in ~/.zshrc, after compinit\n" +
            "dbscoring completion pwsh | Out-String | Invoke-Expression   # in $PROFILE\n";

        /// <inheritdoc />
        public override int Run(CommandInput input, CliContext context)
        {
            context.Out.Write(input.Value(_shell) switch { "bash" => Bash, "zsh" => Zsh, _ => PowerShell });
            return ExitCodes.Ok;
        }
    }
}
