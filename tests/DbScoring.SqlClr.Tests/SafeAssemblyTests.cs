using System.Collections.Generic;
using System.IO;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlClr.Tests;

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

    [Fact]
    public void The_inspection_catches_unverifiable_IL_ValueTuple_and_non_FIPS_hashes_in_the_unsafe_sample()
    {
        string sample = Path.Combine(Repo.Root, "tests", "DbScoring.SqlClr.UnsafeSample", "bin", Repo.Configuration, "net48", "DbScoring.SqlClr.UnsafeSample.dll");
        List<string> problems = new SafeAssemblyInspector(ReferenceAssemblies).Inspect(sample);
        string all = string.Join("\n", problems);
        Assert.True(problems.Exists(p => p.Contains("Unverifiable.FirstNumber returns by reference")), "ref return not caught:\n" + all);
        Assert.True(problems.Exists(p => p.Contains("Window is a ref struct")), "ref struct not caught:\n" + all);
        Assert.True(problems.Exists(p => p.Contains("Unverifiable.Pointer: a parameter is a pointer")), "pointer not caught:\n" + all);
        Assert.True(problems.Exists(p => p.Contains("Unverifiable.FunctionPointer: a parameter is a function pointer")), "function pointer not caught:\n" + all);
        Assert.True(problems.Exists(p => p.Contains("StackBuffer uses the unverifiable opcode localloc")), "stackalloc not caught:\n" + all);
        Assert.True(problems.Exists(p => p.Contains("FunctionPointer uses the unverifiable opcode calli")), "calli not caught:\n" + all);
        Assert.True(problems.Exists(p => p.Contains("System.ValueTuple`2") && p.Contains("4.7")), "ValueTuple not caught:\n" + all);
        Assert.True(problems.Exists(p => p.Contains("System.Security.Cryptography.SHA256Managed") && p.Contains("FIPS")), "SHA256Managed not caught:\n" + all);
    }

    [Fact]
    public void The_SqlClr_assembly_is_built_with_PEVerify_compatible_code_generation()
    {
        string project = File.ReadAllText(Path.Combine(Repo.Root, "src", "DbScoring.SqlClr", "DbScoring.SqlClr.csproj"));
        Assert.Contains("<Features>peverify-compat</Features>", project);
    }
}
