using System;
using System.Collections.Generic;
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

        Assert.Contains($"RETURN N'{Repo.Version}' {InstallerGenerator.BuildMarker};", File.ReadAllText(Path.Combine(Repo.Sql, "Functions", "scoring.Version.Function.sql")));
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
            // The dry run is its own, or handed on whole to the procedure that does the work (CreatePredictFunction's writer).
            Assert.True(text.Contains("@Execute") && (text.Contains("@Execute = 'N'") || text.Contains("@Execute = @Execute")), name + ": @Execute dry run");
            Assert.True(text.Contains("DECLARE @Errors TABLE") && text.Contains("EXEC scoring.Private_RaiseErrors"), name + ": @Errors pattern");
        }
    }

    [Fact]
    public void The_operations_guide_names_every_public_table_procedure_view_and_function_the_installer_creates()
    {
        string doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "operations.md"));
        string parts = doc.Substring(doc.IndexOf("| schema `scoring` |", StringComparison.Ordinal));
        parts = parts.Substring(0, parts.IndexOf("| roles |", StringComparison.Ordinal));
        foreach (string folder in new[] { "Tables", "Procedures", "Views", "Functions" })
        {
            foreach (string name in Directory.GetFiles(Path.Combine(Repo.Sql, folder)).Select(f => Path.GetFileName(f).Split('.')[1]))
            {
                if (name.StartsWith("Private_", StringComparison.Ordinal)) continue;
                Assert.True(Regex.IsMatch(parts, "`" + name + @"[`(]"), $"docs/operations.md's table of what the installer creates does not name scoring.{name} ({folder})");
            }
        }
    }

    [Fact]
    public void Every_error_number_raised_in_sql_or_in_the_CLR_is_listed_once_in_the_operations_doc_with_its_meaning()
    {
        string doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "operations.md"));
        // The error table: one row per number, "| number | raised by | meaning |".
        var rows = Regex.Matches(doc, @"^\| (5\d{4}) \| ([^|]+) \| ([^|]+) \|\s*$", RegexOptions.Multiline)
            .Select(m => (Number: m.Groups[1].Value, RaisedBy: m.Groups[2].Value.Trim(), Meaning: m.Groups[3].Value.Trim())).ToArray();
        Assert.NotEmpty(rows);
        foreach (var group in rows.GroupBy(r => r.Number))
        {
            Assert.True(group.Count() == 1, $"error {group.Key} is listed {group.Count()} times in operations.md; list each number once");
        }

        Assert.All(rows, r => Assert.True(r.Meaning.Length >= 20, $"error {r.Number}: say what it means and what to do"));

        // Raised: THROW <number> in any T-SQL script, in the CLR sources (statements the generator writes), and RAISERROR
        // with a message text, which is error 50000.
        string[] sources = Directory.GetFiles(Repo.Sql, "*.sql", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(Repo.Root, "src", "DbScoring.SqlClr"), "*.cs", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(Repo.Root, "src", "DbScoring.Runtime"), "*.cs", SearchOption.AllDirectories))
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                        && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToArray();
        var raised = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in sources)
        {
            string text = File.ReadAllText(path);
            foreach (Match m in Regex.Matches(text, @"\bTHROW\s+(5\d{4})\b", RegexOptions.IgnoreCase))
            {
                raised.Add(m.Groups[1].Value);
            }

            if (Regex.IsMatch(text, @"\bRAISERROR\s*\(\s*N?'", RegexOptions.IgnoreCase))
            {
                raised.Add("50000");
            }
        }

        Assert.NotEmpty(raised);
        var listed = rows.Select(r => r.Number).ToHashSet(StringComparer.Ordinal);
        Assert.All(raised, n => Assert.True(listed.Contains(n), $"error {n} is raised but not listed in operations.md"));

        // Every listed number is raised or recorded somewhere (no stale rows).
        string all = string.Concat(sources.Select(File.ReadAllText));
        Assert.All(listed, n => Assert.True(raised.Contains(n) || all.Contains(n, StringComparison.Ordinal), $"error {n} is listed but nothing raises or records it"));

        Match next = Regex.Match(doc, @"Next free error number: (5\d{4})");
        Assert.True(next.Success, "operations.md must name the next free error number");
        Assert.DoesNotContain(next.Groups[1].Value, listed); // numbers are taken in ranges (5007x audit, 5008x champions): the next free one is free
    }
}
