using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using DbScoring.InstallerBuilder;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// The generated installer as sqlcmd reads it: session settings established before anything is created, pure
/// ASCII text, and the assembly swap as one transaction placed before any table or module changes.
/// </summary>
public class InstallerTextTests
{
    private static readonly string Installer = InstallerGenerator.Generate(Repo.Sql, File.ReadAllBytes(Repo.SqlClrAssembly));

    [Fact]
    public void Every_procedure_function_view_trigger_and_table_is_created_under_the_required_session_settings()
    {
        List<string> problems = SessionSettingsAnalyzer.Problems(Installer);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_check_counts_modules_inside_dynamic_SQL_too()
    {
        // The CLR functions are created with EXEC (N'...') inside the assembly transaction, the ledger tables likewise.
        string withoutSettings = Installer.Replace("SET QUOTED_IDENTIFIER ON;", "", System.StringComparison.Ordinal);
        List<string> problems = SessionSettingsAnalyzer.Problems(withoutSettings);
        Assert.Contains(problems, p => p.Contains("function scoring.Private_Predict ") && p.Contains("QuotedIdentifier ON"));
        Assert.Contains(problems, p => p.Contains("procedure scoring.ScoreTable") && p.Contains("QuotedIdentifier ON"));
        Assert.Contains(problems, p => p.Contains("table scoring.PredictionLog") && p.Contains("QuotedIdentifier ON"));
    }

    [Fact]
    public void A_setting_changed_inside_an_IF_block_does_not_count_and_a_late_SET_does_not_help_earlier_modules()
    {
        const string script = "IF 1 = 1 SET QUOTED_IDENTIFIER ON;\nGO\nCREATE VIEW dbo.V AS SELECT 1 AS One;\nGO\n"
                              + "SET QUOTED_IDENTIFIER, ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL ON;\n"
                              + "SET NUMERIC_ROUNDABORT OFF;\nGO\nCREATE VIEW dbo.W AS SELECT 1 AS One;\nGO\nSET ANSI_PADDING OFF;\nGO\n"
                              + "CREATE TABLE dbo.T (B varbinary(10) NULL);\n";
        List<string> problems = SessionSettingsAnalyzer.Problems(script);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("line 3: view dbo.V", System.StringComparison.Ordinal) && p.Contains("QuotedIdentifier ON"));
        Assert.Contains(problems, p => p.Contains("table dbo.T is created without AnsiPadding ON"));
    }

    [Fact]
    public void The_installer_is_pure_ASCII()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Installer);
        int at = System.Array.FindIndex(bytes, b => b > 0x7F);
        Assert.True(at < 0, at < 0 ? "" : "non-ASCII byte at offset " + at + ": ..." + Installer.Substring(System.Math.Max(0, at - 60), 80));
    }

    [Fact]
    public void A_script_with_a_non_ASCII_character_is_refused_naming_file_line_and_column()
    {
        string copy = CopySqlFolder();
        string path = Path.Combine(copy, "Views", "scoring.Runs.View.sql");
        File.AppendAllText(path, "-- caf\u00e9\n");
        var ex = Assert.Throws<InvalidDataException>(() => InstallerGenerator.Generate(copy, File.ReadAllBytes(Repo.SqlClrAssembly)));
        int lines = File.ReadAllLines(path).Length;
        Assert.Contains($"Views/scoring.Runs.View.sql line {lines}, column 7: character U+00E9 is not ASCII", ex.Message);
    }

    [Fact]
    public void The_assembly_is_swapped_in_one_transaction_before_any_table_or_module_changes()
    {
        string[] batches = Installer.Split("\nGO\n");
        int assembly = System.Array.FindIndex(batches, b => b.Contains("CREATE ASSEMBLY [DbScoring.SqlClr]", System.StringComparison.Ordinal));
        int firstTable = System.Array.FindIndex(batches, b => b.Contains("CREATE TABLE scoring.", System.StringComparison.Ordinal));
        int firstModule = System.Array.FindIndex(batches, b => b.Contains("CREATE OR ALTER PROCEDURE", System.StringComparison.Ordinal));
        Assert.True(assembly > 0 && assembly < firstTable && assembly < firstModule, $"assembly batch {assembly}, first table {firstTable}, first procedure {firstModule}");

        string swap = batches[assembly];
        int begin = swap.IndexOf("BEGIN TRANSACTION;", System.StringComparison.Ordinal);
        int drop = swap.IndexOf("DROP ASSEMBLY", System.StringComparison.Ordinal);
        int create = swap.IndexOf("CREATE ASSEMBLY", System.StringComparison.Ordinal);
        int function = swap.IndexOf("CREATE OR ALTER FUNCTION scoring.Private_Predict", System.StringComparison.Ordinal);
        int commit = swap.IndexOf("COMMIT TRANSACTION;", System.StringComparison.Ordinal);
        int rollback = swap.IndexOf("ROLLBACK TRANSACTION;", System.StringComparison.Ordinal);
        Assert.True(begin > 0 && begin < drop && drop < create && create < function && function < commit && commit < rollback,
                    "expected BEGIN TRANSACTION < DROP < CREATE ASSEMBLY < CREATE FUNCTION < COMMIT < ROLLBACK (in CATCH)");
        Assert.Contains("BEGIN CATCH", swap);
        Assert.Contains("SET NOEXEC ON;", swap.Substring(rollback));
        string hash = InstallerGenerator.HexLiteral(System.Security.Cryptography.SHA512.HashData(File.ReadAllBytes(Repo.SqlClrAssembly)));
        Assert.Contains($"EXEC sys.sp_add_trusted_assembly @hash = {hash}, @description = N''DbScoring.SqlClr {Repo.Version}+", swap); // the build identity: see below
        foreach (string clr in Directory.GetFiles(Path.Combine(Repo.Sql, "ClrFunctions")))
        {
            string name = Path.GetFileName(clr).Replace(".ClrFunction.sql", "", System.StringComparison.Ordinal);
            Assert.Contains("CREATE OR ALTER FUNCTION " + name, swap);
        }
    }

    private static string CopySqlFolder()
    {
        string target = Path.Combine(Path.GetTempPath(), "dbscoring-sql-" + System.Guid.NewGuid().ToString("N"));
        foreach (string file in Directory.GetFiles(Repo.Sql, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(Repo.Sql, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    [Fact]
    public void Every_module_and_scoring_Version_carry_one_build_identity_that_changes_with_any_script()
    {
        string build = System.Text.RegularExpressions.Regex.Match(Installer, @"^-- DbScoring (\S+): one-file installer", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
        Assert.Matches(@"^0\.1\.0\+[0-9a-f]{12}$", build);
        List<string> stamps = Installer.Split('\n').Where(l => l.StartsWith("-- DbScoring version: ", System.StringComparison.Ordinal)).Distinct().ToList();
        Assert.Equal(new[] { "-- DbScoring version: " + build }, stamps);
        Assert.Contains("RETURN N'" + build + "';", Installer);
        Assert.DoesNotContain(InstallerGenerator.BuildMarker, Installer);

        // The same sources give the same identity; one changed comment in one procedure gives another.
        string copy = Path.Combine(Path.GetTempPath(), "dbscoring-build-" + System.Guid.NewGuid().ToString("N"));
        try
        {
            foreach (string file in Directory.GetFiles(Repo.Sql, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(copy, Path.GetRelativePath(Repo.Sql, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            byte[] assembly = File.ReadAllBytes(Repo.SqlClrAssembly);
            Assert.Equal(Installer, InstallerGenerator.Generate(copy, assembly));
            string procedure = Path.Combine(copy, "Procedures", "scoring.SetAlias.Procedure.sql");
            File.AppendAllText(procedure, "-- changed\n");
            string changed = InstallerGenerator.Generate(copy, assembly);
            Assert.DoesNotContain("-- DbScoring version: " + build + "\n", changed);
            Assert.Contains("-- DbScoring version: 0.1.0+", changed);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
