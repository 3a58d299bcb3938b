using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DbScoring.InstallerBuilder;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlServer.Tests;

public class BuildOrderTests
{
    private static readonly string[] Order = InstallerGenerator.ReadBuildOrder(Repo.Sql).ToArray();

    [Fact]
    public void Every_installer_script_is_in_the_build_order_exactly_once_and_every_entry_exists()
    {
        string[] files = Repo.InstallerScripts().Select(Repo.Relative).ToArray();
        string[] entries = Order.Where(e => e != "@Assembly").ToArray();
        Assert.Equal(entries.Length, entries.Distinct().Count());
        Assert.Empty(files.Except(entries));
        Assert.Empty(entries.Except(files));
        Assert.Single(Order, e => e == "@Assembly");
    }

    [Fact]
    public void Every_script_carries_the_product_version_stamp()
    {
        foreach (string path in Repo.InstallerScripts())
        {
            Assert.True(InstallerGenerator.ReadStamp(File.ReadAllText(path)) == Repo.Version, Repo.Relative(path) + " is not stamped " + Repo.Version);
        }

        Assert.Contains($"RETURN N'{Repo.Version}';", File.ReadAllText(Path.Combine(Repo.Sql, "Functions", "scoring.Version.Function.sql")));
    }

    [Fact]
    public void Every_file_holds_one_object_of_the_kind_its_name_says()
    {
        foreach (string path in Repo.InstallerScripts())
        {
            string name = Path.GetFileName(path);
            string text = File.ReadAllText(path);
            string? expected = name.Split('.')[^2] switch
            {
                "Procedure" => "CREATE OR ALTER PROCEDURE",
                "Function" or "ClrFunction" => "CREATE OR ALTER FUNCTION",
                "View" => "CREATE OR ALTER VIEW",
                "Trigger" => "CREATE OR ALTER TRIGGER",
                "Table" => "CREATE TABLE",
                "Role" => "CREATE ROLE",
                "Schema" => "CREATE SCHEMA",
                _ => null,
            };
            if (expected is null)
            {
                continue;
            }

            Assert.True(Regex.Matches(text, Regex.Escape(expected)).Count == 1, $"{name}: expected exactly one {expected}");
            string objectName = name.Substring(0, name.LastIndexOf('.', name.Length - 5));
            if (expected is not "CREATE SCHEMA")
            {
                Assert.Contains(expected + " " + objectName, text.Replace("\n", " ").Replace("  ", " "), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Internal_objects_are_prefixed_Private_and_CLR_functions_are_all_internal()
    {
        string[] clr = Directory.GetFiles(Path.Combine(Repo.Sql, "ClrFunctions")).Select(Path.GetFileName).ToArray()!;
        Assert.All(clr, f => Assert.StartsWith("scoring.Private_", f));
        Assert.All(Directory.GetFiles(Path.Combine(Repo.Sql, "Triggers")).Select(Path.GetFileName), f => Assert.StartsWith("scoring.Private_", f));
    }

    [Fact]
    public void Every_public_procedure_offers_Help_and_Execute_and_raises_each_problem_whole()
    {
        foreach (string path in Directory.GetFiles(Path.Combine(Repo.Sql, "Procedures")))
        {
            string text = File.ReadAllText(path);
            string name = Path.GetFileName(path);
            Assert.DoesNotContain("TRUSTWORTHY", text);
            // Never one aggregate cut to the message limit: each problem is raised on its own (Ola Hallengren's way).
            Assert.DoesNotMatch(@"LEFT\(STRING_AGG\(e\.Message", text);
            if (name.StartsWith("scoring.Private_", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(text.Contains("@Help") && text.Contains("IF @Help = 1"), name + ": @Help");
            Assert.True(text.Contains("@Execute") && text.Contains("@Execute = 'N'"), name + ": @Execute dry run");
            Assert.True(text.Contains("DECLARE @Errors TABLE") && text.Contains("EXEC scoring.Private_RaiseErrors"), name + ": @Errors pattern");
        }
    }

    [Fact]
    public void Every_error_number_thrown_is_listed_in_the_operations_doc()
    {
        string doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "operations.md"));
        var thrown = Directory.GetFiles(Repo.Sql, "*.sql", SearchOption.AllDirectories)
            .SelectMany(p => Regex.Matches(File.ReadAllText(p), @"THROW (5\d{4})").Select(m => m.Groups[1].Value))
            .Distinct().ToArray();
        Assert.NotEmpty(thrown);
        Assert.All(thrown, n => Assert.Contains("| " + n + " |", doc));
        Match next = Regex.Match(doc, @"Next free error number: (5\d{4})");
        Assert.True(next.Success, "operations.md must name the next free error number");
        Assert.All(thrown, n => Assert.True(int.Parse(n) < int.Parse(next.Groups[1].Value)));
    }
}
