using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace DbScoring.SqlServer.Tests;

/// <summary>Paths in the repository the tests read.</summary>
internal static class Repo
{
    internal static readonly string Root = FindRoot();

    internal static string Sql => Path.Combine(Root, "sql");

    internal static string Version =>
        XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("Version").First().Value;

#if DEBUG
    internal const string Configuration = "Debug";
#else
    internal const string Configuration = "Release";
#endif

    /// <summary>The SqlClr assembly built with the tests' configuration (a build dependency of this project).</summary>
    internal static string SqlClrAssembly =>
        Path.Combine(Root, "src", "DbScoring.SqlClr", "bin", Configuration, "net48", "DbScoring.SqlClr.dll");

    /// <summary>Every .sql file under sql/ that belongs to the installer (not sql/bench).</summary>
    internal static string[] InstallerScripts() =>
        Directory.GetFiles(Sql, "*.sql", SearchOption.AllDirectories)
            .Where(p => !Relative(p).StartsWith("bench/", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToArray();

    internal static string Relative(string path) => Path.GetRelativePath(Sql, path).Replace('\\', '/');

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
