using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace DbScoring.Testing;

/// <summary>Paths in the repository the tests read.</summary>
public static class Repo
{
    public static readonly string Root = FindRoot();

    public static string Sql => Path.Combine(Root, "sql");

    /// <summary>Files the tests read as they are (tests/fixtures, each folder with a README saying where they come from).</summary>
    public static string Fixture(params string[] path) => Path.Combine(new[] { Root, "tests", "fixtures" }.Concat(path).ToArray());

    public static string Version =>
        XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("Version").First().Value;

#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>The SqlClr assembly built with the tests' configuration (a build dependency of this project).</summary>
    public static string SqlClrAssembly =>
        Path.Combine(Root, "src", "DbScoring.SqlClr", "bin", Configuration, "net48", "DbScoring.SqlClr.dll");

    /// <summary>Every .sql file under sql/ that belongs to the installer (not sql/bench).</summary>
    public static string[] InstallerScripts() =>
        Directory.GetFiles(Sql, "*.sql", SearchOption.AllDirectories)
            .Where(p => !Relative(p).StartsWith("bench/", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToArray();

    public static string Relative(string path) => Path.GetRelativePath(Sql, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(d.FullName, "sql")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
