using System.Collections.Generic;
using System.IO;
using Xunit;

namespace DbScoring.SqlServer.Tests;

public class SafeAssemblyTests
{
    private static readonly string? ReferenceAssemblies = SafeAssemblyInspector.FindNet48ReferenceAssemblies();

    [Fact]
    public void The_net48_reference_assemblies_are_available_for_the_HostProtection_check()
    {
        Assert.NotNull(ReferenceAssemblies);
        Assert.True(File.Exists(Path.Combine(ReferenceAssemblies!, "mscorlib.dll")));
    }

    [Fact]
    public void The_SqlClr_assembly_passes_the_SAFE_inspection()
    {
        Assert.True(File.Exists(Repo.SqlClrAssembly), "not built: " + Repo.SqlClrAssembly);
        List<string> problems = new SafeAssemblyInspector(ReferenceAssemblies).Inspect(Repo.SqlClrAssembly);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_inspection_reports_lambda_caches_and_unsupported_references_in_an_ordinary_assembly()
    {
        // The installer builder is ordinary net10 code with non-capturing lambdas: a known-bad sample.
        string sample = typeof(DbScoring.InstallerBuilder.InstallerGenerator).Assembly.Location;
        List<string> problems = new SafeAssemblyInspector(ReferenceAssemblies).Inspect(sample);
        Assert.Contains(problems, p => p.Contains("<>c") && p.Contains("writable static field"));
        Assert.Contains(problems, p => p.Contains("references System.Runtime"));
    }

    [Fact]
    public void The_inspection_catches_every_rule_in_a_deliberately_unsafe_net48_sample()
    {
        string sample = Path.Combine(Repo.Root, "tests", "DbScoring.SqlClr.UnsafeSample", "bin", Repo.Configuration, "net48", "DbScoring.SqlClr.UnsafeSample.dll");
        Assert.True(File.Exists(sample), "not built: " + sample);
        List<string> problems = new SafeAssemblyInspector(ReferenceAssemblies).Inspect(sample);
        string all = string.Join("\n", problems);
        Assert.Contains(problems, p => p.Contains("_calls is a writable static field"));
        Assert.Contains(problems, p => p.Contains("<>c") && p.Contains("writable static field"));
        Assert.Contains(problems, p => p.Contains("Everything stores to a static field outside a static constructor"));
        Assert.Contains(problems, p => p.Contains("GetTickCount is a P/Invoke"));
        Assert.Contains(problems, p => p.Contains("has a finalizer"));
        Assert.True(problems.Exists(p => p.Contains("System.Threading.Monitor")), "lock (Monitor) not caught:\n" + all);
        Assert.True(problems.Exists(p => p.Contains("System.Collections.Concurrent.ConcurrentDictionary")), "ConcurrentDictionary not caught:\n" + all);
        Assert.True(problems.Exists(p => p.Contains("System.Lazy")), "Lazy<T> not caught:\n" + all);
    }
}
