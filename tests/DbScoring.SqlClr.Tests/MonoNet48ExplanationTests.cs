using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Conversion;
using DbScoring.SqlClr.MonoHarness;
using DbScoring.Testing;
using Microsoft.ML;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// Reason codes from the net48 build (the runtime inside the shipped DbScoring.SqlClr assembly, run under Mono) are
/// bit-identical to the net10 build's: contributions, base, raw score and ranking, for a linear model and for a
/// FastTree model with node covers. Skipped without Mono.
/// </summary>
public class MonoNet48ExplanationTests
{
    [SkippableTheory]
    [InlineData("linear")]
    [InlineData("trees")]
    public void The_net48_runtime_under_Mono_explains_rows_bit_for_bit_like_net10(string kind)
    {
        string? mono = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "mono")).FirstOrDefault(File.Exists);
        Skip.If(mono is null, "Mono is not installed (apt-get install -y --no-install-recommends mono-devel); the net48 build cannot run here.");
        string harness = Path.Combine(Repo.Root, "tests", "DbScoring.SqlClr.MonoHarness", "bin", Repo.Configuration, "net48", "DbScoring.SqlClr.MonoHarness.exe");
        Assert.True(File.Exists(harness), "not built: " + harness);

        byte[] blob = kind == "linear" ? ChurnModels.Churn : TreesWithCovers();
        string folder = Path.Combine(Path.GetTempPath(), "dbscoring-mono-explain-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        string blobPath = Path.Combine(folder, kind + ".dbsm");
        File.WriteAllBytes(blobPath, blob);
        string[] rows = Enumerable.Range(1, 300).Select(i => Tsv(ChurnModels.Features(i)))
            .Concat(new[] { "\\N\t\\N\t\\N", "1e30\tnever-seen\t-1e30", "-Infinity\t\t0", "NaN\tbasic\t1e-30" }).ToArray();
        string rowsPath = Path.Combine(folder, kind + ".tsv");
        File.WriteAllLines(rowsPath, rows);

        var start = new ProcessStartInfo(mono!, $"\"{harness}\" --explain \"{blobPath}\" \"{rowsPath}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        string net48 = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);

        string net10 = ExplainRows.Run(blob, rows);
        Assert.Equal(rows.Length, net10.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(net10, net48);
    }

    private static string Tsv((float? Age, string? Plan, float Tenure, float MonthlyCharges) f) =>
        string.Join("\t", f.Age?.ToString("R", CultureInfo.InvariantCulture) ?? "\\N", f.Plan ?? "\\N", f.Tenure.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>FastTree on Age, Plan, Tenure, converted with a sample so that the blob carries node covers.</summary>
    private static byte[] TreesWithCovers()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(1, 2000).Select(i =>
        {
            var f = ChurnModels.Features(i);
            float risk = (f.Plan == "basic" ? 1.2f : f.Plan == "plus" ? 0.2f : -0.8f) - f.Tenure / 30f;
            return new TreeRow { Age = f.Age ?? float.NaN, Plan = f.Plan ?? "", Tenure = f.Tenure, Churn = risk + (i % 7 - 3) / 5f > 0 };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Categorical.OneHotEncoding("PlanVec", "Plan")
            .Append(ml.Transforms.Concatenate("Features", "Age", "Tenure", "PlanVec"))
            .Append(ml.BinaryClassification.Trainers.FastTree("Churn", numberOfLeaves: 8, numberOfTrees: 30, minimumExampleCountPerLeaf: 5));
        var model = pipeline.Fit(data);
        string folder = Path.Combine(Path.GetTempPath(), "dbscoring-sql-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        string zip = Path.Combine(folder, "churn-trees.zip"), sample = Path.Combine(folder, "churn-trees-sample.csv");
        ml.Model.Save(model, data.Schema, zip);
        File.WriteAllLines(sample, new[] { "Age,Plan,Tenure" }.Concat(Enumerable.Range(5000, 400).Select(i => Tsv(ChurnModels.Features(i)).Replace("\\N", "").Replace('\t', ','))));
        return ModelConverter.Convert(zip, new ConversionOptions { Name = "churn-trees", SamplePath = sample }).Blob;
    }

    private sealed class TreeRow
    {
        public float Age { get; set; }
        public string Plan { get; set; } = "";
        public float Tenure { get; set; }
        public bool Churn { get; set; }
    }
}
