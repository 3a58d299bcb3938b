using System;
using System.Collections.Generic;
using System.Data.SqlTypes;
using System.Globalization;
using System.Linq;
using System.Text;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Monitoring;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// Drift on SQL Server through the CLR entry points, called as scoring.ScoreTable calls them: per-row codes
/// (Private_DriftCodes), per-batch bucket counts (Private_DriftBatchCounts), the run's PSI (Private_RunDrift). The result
/// must equal the runtime's <see cref="DriftCounter"/> fed with the same rows — the embedded store's path — to the last bit,
/// however the rows are cut into batches: one implementation of drift for both stores.
/// </summary>
public class DriftEntryPointTests
{
    private static readonly Lazy<byte[]> Profiled = new(() =>
    {
        var model = ScoringModel.Load(ChurnModels.Churn);
        var builder = new TrainingProfileBuilder(model);
        for (int i = 1; i <= 400; i++)
        {
            var f = ChurnModels.Features(i);
            builder.SetNumber(model.FindInput("Age"), f.Age ?? double.NaN);
            builder.SetText(model.FindInput("Plan"), f.Plan);
            builder.SetNumber(model.FindInput("Tenure"), f.Tenure);
            builder.AddRow();
        }

        return ModelSerializer.Write(model.Definition.WithProfile(builder.Build("file:churn.csv")));
    });

    private static SqlBinary Sha256(byte[] blob) => new(System.Security.Cryptography.SHA256.HashData(blob));

    /// <summary>Row i of a drifted month: older customers on even rows, a new plan and empty plans on some.</summary>
    private static object?[] DriftedRow(ScoringModel model, int i)
    {
        var f = ChurnModels.Features(i);
        var values = new object?[model.Inputs.Count];
        values[model.FindInput("Age")] = f.Age is null ? null : i % 2 == 0 ? f.Age + 35 : f.Age;
        values[model.FindInput("Plan")] = i % 7 == 0 ? "platinum" : i % 13 == 0 ? "" : f.Plan;
        values[model.FindInput("Tenure")] = (double)f.Tenure;
        return values;
    }

    [Fact]
    public void Codes_counted_per_batch_give_the_same_PSI_as_the_runtime_counter_for_any_batch_size()
    {
        byte[] blob = Profiled.Value;
        var model = ScoringModel.Load(blob);
        var rows = Enumerable.Range(1, 600).Select(i => DriftedRow(model, i)).ToList();

        // The embedded store's path: the runtime counter fed with the values as sent and the runtime's predictions.
        var counter = new DriftCounter(model);
        var scorer = model.CreateScorer();
        foreach (object?[] row in rows)
        {
            for (int k = 0; k < row.Length; k++)
            {
                switch (row[k])
                {
                    case null: scorer.SetMissing(k); counter.SetMissing(k); break;
                    case string { Length: 0 }: scorer.SetMissing(k); counter.SetText(k, ""); break; // packed as missing, counted as missing
                    case string s: scorer.SetText(k, s); counter.SetText(k, s); break;
                    default: scorer.SetNumber(k, Convert.ToDouble(row[k], CultureInfo.InvariantCulture)); counter.SetNumber(k, Convert.ToDouble(row[k], CultureInfo.InvariantCulture)); break;
                }
            }

            counter.CountPrediction(scorer.Predict());
        }

        DriftReport expected = counter.Report(new DriftThresholds());
        Assert.Equal(DriftLevel.Alert, expected.Level);

        foreach (int batchSize in new[] { 600, 97, 1 })
        {
            List<ReportRow> actual = ScoreAndReport(blob, rows, batchSize);
            var all = expected.Inputs.Concat(expected.Outputs).ToList();
            Assert.Equal(all.Select(d => (d.IsOutput, d.Name)), actual.Select(a => (a.IsOutput, a.Name)));
            for (int i = 0; i < all.Count; i++)
            {
                Assert.Equal(all[i].Rows, actual[i].Rows);
                Assert.Equal(all[i].Psi, actual[i].Psi);
                Assert.Equal(all[i].Level.ToString(), actual[i].Level);
                Assert.Equal(expected.Level.ToString(), actual[i].RunLevel);
                Assert.Equal(string.Join(",", expected.Causes), actual[i].RunCauses);
            }
        }
    }

    [Fact]
    public void Empty_text_counts_as_missing_and_a_new_plan_as_unseen()
    {
        byte[] blob = Profiled.Value;
        var model = ScoringModel.Load(blob);
        int plan = model.FindInput("Plan");
        var rows = new List<object?[]>();
        foreach (string? p in new[] { "", "platinum", null, "basic" })
        {
            var row = DriftedRow(model, 1);
            row[plan] = p;
            rows.Add(row);
        }

        ReportRow planDrift = ScoreAndReport(blob, rows, 4).Single(r => r.Name == "Plan");
        Assert.Equal(0.5, planDrift.MissingShare);
        Assert.Equal(0.25, planDrift.UnseenShare);
        Assert.True(planDrift.OutOfRange.IsNull);
    }

    [Fact]
    public void A_version_without_a_profile_gives_no_codes()
    {
        byte[] blob = ChurnModels.Churn;
        var model = ScoringModel.Load(blob);
        byte[] inputs = InputCodec.Encode(DriftedRow(model, 3));
        SqlBinary packed = ScoringFunctions.Predict(5, Sha256(blob), new SqlBytes(blob), new SqlBinary(inputs));
        Assert.True(ScoringFunctions.DriftCodesOfRow(5, Sha256(blob), new SqlBytes(blob), new SqlBinary(inputs), packed).IsNull);
        Assert.Empty(ScoringFunctions.DriftBatchCounts(5, Sha256(blob), new SqlBytes(blob), SqlString.Null).Cast<object>());
    }

    [Fact]
    public void The_training_profile_function_gives_the_profile_alone_and_nothing_for_a_version_without_one()
    {
        byte[] blob = Profiled.Value;
        SqlBytes alone = ScoringFunctions.TrainingProfileOf(11, Sha256(blob), new SqlBytes(blob));
        TrainingProfile expected = ScoringModel.Load(blob).Profile!;
        Assert.Equal(expected.ToBytes(), alone.Value);
        Assert.Equal(expected.Inputs.Select(d => d.Name), TrainingProfile.FromBytes(alone.Value).Inputs.Select(d => d.Name));
        Assert.True(ScoringFunctions.TrainingProfileOf(12, Sha256(ChurnModels.Churn), new SqlBytes(ChurnModels.Churn)).IsNull);
        Assert.True(ScoringFunctions.TrainingProfileOf(11, Sha256(blob), SqlBytes.Null).IsNull);
    }

    [Fact]
    public void The_training_profile_function_refuses_a_blob_that_does_not_have_its_recorded_hash()
    {
        byte[] other = ChurnModels.Churn;
        var e = Assert.Throws<ArgumentException>(() => ScoringFunctions.TrainingProfileOf(13, Sha256(Profiled.Value), new SqlBytes(other)));
        Assert.Contains("does not have the SHA-256", e.Message);
    }

    [Fact]
    public void Numbers_outside_the_profile_range_are_counted_below_and_above_in_the_edge_bins()
    {
        Distribution age = ScoringModel.Load(Profiled.Value).Profile!.Inputs[ScoringModel.Load(Profiled.Value).FindInput("Age")];
        var counts = new DistributionCounts(age);
        counts.AddCode(age.CodeOfNumber(age.Min - 1), 2);
        counts.AddCode(age.CodeOfNumber(age.Max + 1), 3);
        counts.AddCode(age.CodeOfNumber(double.NaN), 1);
        Assert.Equal((2L, 3L), (counts.Below, counts.Above));
        Assert.Equal(2, counts.Buckets[0]);
        Assert.Equal(3, counts.Buckets[age.BucketCount - 2]);
        Assert.Equal(1, counts.Buckets[age.BucketCount - 1]);
        Assert.Equal((0xFFFE, 0xFFFF), (Distribution.BelowCode, Distribution.AboveCode)); // persisted numbers: never renumber
    }

    private sealed record ReportRow(bool IsOutput, string Name, long Rows, double Psi, string Level, double MissingShare, SqlDouble Unseen, SqlDouble OutOfRange,
                                    string RunLevel, string RunCauses)
    {
        internal double UnseenShare => Unseen.Value;
    }

    /// <summary>
    /// Scores <paramref name="rows"/> through Private_Predict, codes each row with Private_DriftCodes, counts the codes per
    /// batch (as the GROUP BY of scoring.Private_CountDriftCodes), turns them into stored counts with Private_DriftBatchCounts
    /// and reads the run with Private_RunDrift.
    /// </summary>
    private static List<ReportRow> ScoreAndReport(byte[] blob, List<object?[]> rows, int batchSize)
    {
        SqlBinary sha = Sha256(blob);
        var stored = new StringBuilder("[");
        for (int start = 0; start < rows.Count; start += batchSize)
        {
            var counts = new SortedDictionary<(int D, int C), long>();
            foreach (object?[] row in rows.Skip(start).Take(batchSize))
            {
                var inputs = new SqlBinary(InputCodec.Encode(row));
                SqlBinary packed = ScoringFunctions.Predict(11, sha, new SqlBytes(blob), inputs);
                byte[] codes = ScoringFunctions.DriftCodesOfRow(11, sha, new SqlBytes(blob), inputs, packed).Value;
                for (int d = 0; 2 * d < codes.Length; d++)
                {
                    var key = (d, (codes[2 * d] << 8) | codes[(2 * d) + 1]);
                    counts[key] = counts.TryGetValue(key, out long n) ? n + 1 : 1;
                }
            }

            string json = "[" + string.Join(",", counts.Select(c => $"{{\"d\":{c.Key.D},\"c\":{c.Key.C},\"n\":{c.Value}}}")) + "]";
            foreach (object batchRow in ScoringFunctions.DriftBatchCounts(11, sha, new SqlBytes(blob), json))
            {
                ScoringFunctions.FillDriftBatchRow(batchRow, out SqlBoolean isOutput, out SqlString name, out SqlString buckets, out SqlInt64 below, out SqlInt64 above);
                stored.Append(stored.Length > 1 ? "," : "").Append($"{{\"isOutput\":{(isOutput.Value ? "true" : "false")},\"name\":{System.Text.Json.JsonSerializer.Serialize(name.Value)},"
                    + $"\"buckets\":{buckets.Value},\"belowRange\":{below.Value},\"aboveRange\":{above.Value}}}");
            }
        }

        var result = new List<ReportRow>();
        foreach (object r in ScoringFunctions.RunDrift(11, sha, new SqlBytes(blob), stored.Append(']').ToString(), 0.1, 0.25))
        {
            ScoringFunctions.FillRunDriftRow(r, out SqlBoolean isOutput, out SqlString name, out SqlInt64 count, out SqlDouble psi, out SqlString level,
                out SqlDouble missing, out SqlDouble unseen, out SqlDouble outOfRange, out SqlString runLevel, out SqlString runCauses);
            result.Add(new ReportRow(isOutput.Value, name.Value, count.Value, psi.Value, level.Value, missing.Value, unseen, outOfRange, runLevel.Value,
                runCauses.IsNull ? "" : runCauses.Value));
        }

        return result;
    }
}
