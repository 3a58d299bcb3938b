using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System;
using DbScoring.InstallerBuilder;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// The installer trusts the assembly by its SHA-512, so the bytes must not depend on where or when they are built:
/// two Release builds from two different folders must give the same hash, and the installer must carry it.
/// </summary>
public class DeterministicBuildTests
{
    [Fact]
    public void Two_Release_builds_from_two_folders_give_the_same_SHA512_which_the_installer_carries()
    {
        string a = BuildCopy("a");
        string b = BuildCopy("another-longer-folder");
        byte[] first = File.ReadAllBytes(a);
        byte[] second = File.ReadAllBytes(b);
        string hashA = InstallerGenerator.HexLiteral(SHA512.HashData(first));
        string hashB = InstallerGenerator.HexLiteral(SHA512.HashData(second));
        Assert.Equal(hashA, hashB);

        string installer = InstallerGenerator.Generate(Repo.Sql, first);
        Match header = Regex.Match(installer, @"SHA-512 (0x[0-9A-F]{128})");
        Assert.True(header.Success);
        Assert.Equal(hashA, header.Groups[1].Value);
        Assert.Contains("DECLARE @Hash varbinary(64) = " + hashA + ";", installer);
        Assert.Contains("HASHBYTES('SHA2_512', f.content) = " + hashA, installer);

        // Outputs already in the tree must carry the same hash when they are newer than every source they come from.
        DateTime sources = new[] { "DbScoring.SqlClr", "DbScoring.Runtime" }
            .Select(p => Path.Combine(Repo.Root, "src", p)).Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar))
            .Concat(new[] { Path.Combine(Repo.Root, "Directory.Build.props"), Path.Combine(Repo.Root, "Directory.Packages.props") })
            .Max(File.GetLastWriteTimeUtc);
        string repoBuild = Path.Combine(Repo.Root, "src", "DbScoring.SqlClr", "bin", "Release", "net48", "DbScoring.SqlClr.dll");
        if (File.Exists(repoBuild) && File.GetLastWriteTimeUtc(repoBuild) > sources)
        {
            Assert.Equal(hashA, InstallerGenerator.HexLiteral(SHA512.HashData(File.ReadAllBytes(repoBuild))));
        }

        string packaged = Path.Combine(Repo.Root, "artifacts", "DbScoring.Install.sql");
        if (File.Exists(packaged) && File.GetLastWriteTimeUtc(packaged) > sources)
        {
            Assert.Contains("SHA-512 " + hashA, File.ReadAllText(packaged));
        }
    }

    private static string BuildCopy(string folder)
    {
        string root = Path.Combine(Path.GetTempPath(), "dbscoring-determinism-" + Environment.ProcessId, folder);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        foreach (string file in new[] { "Directory.Build.props", "Directory.Packages.props" })
        {
            Directory.CreateDirectory(root);
            File.Copy(Path.Combine(Repo.Root, file), Path.Combine(root, file));
        }

        foreach (string project in new[] { "DbScoring.SqlClr", "DbScoring.Runtime" })
        {
            string source = Path.Combine(Repo.Root, "src", project);
            if (Directory.Exists(source))
            {
                CopySources(source, Path.Combine(root, "src", project));
            }
        }

        var start = new ProcessStartInfo("dotnet", "build src/DbScoring.SqlClr/DbScoring.SqlClr.csproj -c Release -m:1 -nologo -v:q")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output);
        return Path.Combine(root, "src", "DbScoring.SqlClr", "bin", "Release", "net48", "DbScoring.SqlClr.dll");
    }

    private static void CopySources(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            string top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj")
            {
                continue;
            }

            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
