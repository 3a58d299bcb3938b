using System.Data.SqlTypes;
using System.Linq;
using System.Threading.Tasks;
using System;
using DbScoring.SqlClr;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// The lock-free cache and scorer pool under the load of a parallel plan: many threads, several model versions,
/// each prediction equal to the single-threaded one (a scorer shared by two threads would mix rows up).
/// </summary>
public class ModelCacheConcurrencyTests
{
    [Fact]
    public void Parallel_scoring_over_several_versions_gives_the_single_threaded_results()
    {
        byte[][] blobs = { ChurnModels.Churn, ChurnModels.ChurnRetrained };
        SqlBinary[] keys = blobs.Select(b => new SqlBinary(System.Security.Cryptography.SHA256.HashData(b))).ToArray();
        int[] versionIds = { 9001, 9002 };
        byte[][] inputs = Enumerable.Range(1, 4000).Select(i =>
        {
            var f = ChurnModels.Features(i);
            return ClrEntryPointTests.Pack(f.Age, f.Plan, f.Tenure);
        }).ToArray();

        string[,] expected = new string[2, inputs.Length];
        for (int m = 0; m < 2; m++)
        {
            for (int i = 0; i < inputs.Length; i++)
            {
                expected[m, i] = Convert.ToHexString(ScoringFunctions.Predict(versionIds[m], keys[m], new SqlBytes(blobs[m]), new SqlBinary(inputs[i])).Value);
            }
        }

        int mismatches = 0;
        Parallel.For(0, inputs.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 16 }, n =>
        {
            int i = n % inputs.Length, m = (n / 7) % 2;
            string actual = Convert.ToHexString(ScoringFunctions.Predict(versionIds[m], keys[m], new SqlBytes(blobs[m]), new SqlBinary(inputs[i])).Value);
            if (actual != expected[m, i])
            {
                System.Threading.Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
        Assert.InRange(ModelCache.Shared.Count, 2, ModelCache.Capacity);
    }
}
