using System.Data.SqlTypes;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System;
using DbScoring.SqlClr;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// The net48 DbScoring.SqlClr assembly — the bytes the installer ships — run under Mono (outside SQL Server)
/// must produce the same packed predictions as the net10 build of the same sources. Skipped without Mono.
/// </summary>
public class MonoNet48Tests
{
    [SkippableFact]
    public void The_net48_assembly_under_Mono_predicts_the_same_bytes_as_the_net10_build()
    {
        string? mono = FindMono();
        Skip.If(mono is null, "Mono is not installed (apt-get install -y --no-install-recommends mono-devel); the net48 build cannot run here.");
        string harness = Path.Combine(Repo.Root, "tests", "DbScoring.SqlClr.MonoHarness", "bin", Repo.Configuration, "net48", "DbScoring.SqlClr.MonoHarness.exe");
        Assert.True(File.Exists(harness), "not built: " + harness);

        string folder = Path.Combine(Path.GetTempPath(), "dbscoring-mono-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        string blobPath = Path.Combine(folder, "churn.dbsm");
        File.WriteAllBytes(blobPath, ChurnModels.Churn);
        object?[][] rows = Enumerable.Range(1, 500).Select(i =>
        {
            var f = ChurnModels.Features(i);
            return new object?[] { f.Age, f.Plan, f.Tenure };
        }).ToArray();

        // The values must follow the model's input order.
        var model = DbScoring.Runtime.ScoringModel.Load(ChurnModels.Churn);
        Assert.Equal(new[] { "Age", "Plan", "Tenure" }, model.Inputs.Select(c => c.Name).ToArray());

        string inputsPath = Path.Combine(folder, "rows.jsonl");
        File.WriteAllLines(inputsPath, rows.Select(r => System.Text.Json.JsonSerializer.Serialize(r)));

        var start = new ProcessStartInfo(mono!, $"\"{harness}\" \"{blobPath}\" \"{inputsPath}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);

        string[] net48 = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
        var hash = new SqlBinary(System.Security.Cryptography.SHA256.HashData(ChurnModels.Churn));
        string[] net10 = rows.Select(r => Convert.ToHexString(ScoringFunctions.Predict(1, hash, new SqlBytes(ChurnModels.Churn), new SqlBinary(InputCodec.Encode(r))).Value)).ToArray();
        Assert.Equal(net10.Length, net48.Length);
        Assert.Equal(net10, net48);
        Assert.Equal(Repo.Version, stderr.Trim());
    }

    private static string? FindMono() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "mono")).FirstOrDefault(File.Exists);
}
