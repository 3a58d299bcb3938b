using System;
using System.Collections.Generic;
using System.Data.SqlTypes;
using System.Globalization;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Monitoring;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// Fallback, refusal, split and the shadow comparison on SQL Server, through the CLR entry points ScoreTable calls
/// (scoring.Private_TryPredict, Private_SplitArm, Private_ShadowScorePsi), against the runtime the embedded store uses.
/// </summary>
public class ChampionsEntryPointTests
{
    private static readonly byte[] Blob = ChurnModels.Churn;

    private static SqlBinary Sha256(byte[] blob) => new(System.Security.Cryptography.SHA256.HashData(blob));

    private static byte[] TryPredict(params object?[] values) =>
        ScoringFunctions.TryPredict(41, Sha256(Blob), new SqlBytes(Blob), new SqlBinary(InputCodec.Encode(values))).Value;

    [Fact]
    public void A_row_that_scores_gives_exactly_what_Predict_gives()
    {
        byte[] packed = InputCodec.Encode(new object?[] { 41.0, "plus", 12.0 });
        byte[] predicted = ScoringFunctions.Predict(41, Sha256(Blob), new SqlBytes(Blob), new SqlBinary(packed)).Value;
        Assert.Equal(predicted, TryPredict(41.0, "plus", 12.0));
        Assert.Null(PredictionCodec.RefusalReason(predicted));
    }

    [Fact]
    public void Text_for_a_number_input_is_parsed_per_row_like_the_runtime_and_text_that_is_no_number_refuses_that_row_only()
    {
        ScoringModel model = ScoringModel.Load(Blob);
        int age = model.FindInput("Age");
        Assert.Equal(0, age);

        // Text that is a number scores as that number; a missing token as missing (flag 1), as Scorer.SetText reads them.
        Assert.Equal(TryPredict(41.0, "plus", 12.0).Take(13), TryPredict("41", "plus", 12.0).Take(13));
        PredictionCodec.Unpack(TryPredict("NA", "plus", 12.0), out byte[] flags);
        Assert.Equal(InputCodec.FlagMissing, flags[age]);

        // Text that is no number: a refusal whose reason is the runtime's own message (the embedded store records the same).
        string expected = Assert.Throws<FormatException>(() => model.CreateScorer().SetText(age, "abc")).Message;
        byte[] refused = TryPredict("abc", "plus", 12.0);
        Assert.Equal(PredictionCodec.RefusalFormat, refused[0]);
        Assert.Equal(expected, PredictionCodec.RefusalReason(refused));
        Assert.Contains("Age", expected, StringComparison.Ordinal);

        // Longer than any number: refused without parsing (the generated T-SQL keeps one character more than this).
        string tooLong = new string('1', InputCodec.MaxNumberTextChars + 1);
        Assert.Contains("more than " + InputCodec.MaxNumberTextChars, PredictionCodec.RefusalReason(TryPredict(tooLong, "plus", 12.0)));
        Assert.Throws<FormatException>(() => ScoringFunctions.Predict(41, Sha256(Blob), new SqlBytes(Blob), new SqlBinary(InputCodec.Encode(new object?[] { tooLong, "plus", 12.0 }))));
    }

    [Fact]
    public void A_malformed_row_is_refused_with_the_reason_and_NULL_arguments_give_NULL()
    {
        byte[] refused = ScoringFunctions.TryPredict(41, Sha256(Blob), new SqlBytes(Blob), new SqlBinary(InputCodec.Encode(new object?[] { 41.0, "plus" }))).Value;
        Assert.Contains("end after 2 of 3 fields", PredictionCodec.RefusalReason(refused));
        Assert.True(ScoringFunctions.TryPredict(41, Sha256(Blob), SqlBytes.Null, new SqlBinary(InputCodec.Encode(new object?[] { 1.0, "plus", 2.0 }))).IsNull);
        // A blob that is not the version's stays an error of the statement, not of a row.
        Assert.Throws<ArgumentException>(() => ScoringFunctions.TryPredict(987653, new SqlBinary(new byte[32]), new SqlBytes(Blob), new SqlBinary(InputCodec.Encode(new object?[] { 1.0, "plus", 2.0 }))));
    }

    [Fact]
    public void A_refusal_reason_is_cut_at_the_column_width()
    {
        byte[] packed = PredictionCodec.PackRefusal(new string('x', PredictionCodec.MaxReasonChars + 50));
        Assert.Equal(PredictionCodec.MaxReasonChars, PredictionCodec.RefusalReason(packed)!.Length);
    }

    [Fact]
    public void The_split_arm_is_the_runtime_rule_of_key_and_model_and_case_does_not_change_it()
    {
        int toB = 0;
        for (int i = 1; i <= 5000; i++)
        {
            string key = i.ToString(CultureInfo.InvariantCulture);
            bool b = SplitBucket.Of(SplitBucket.SaltOf("churn"), key) < SplitBucket.Threshold(12.5);
            Assert.Equal(b ? "B" : "A", ScoringFunctions.SplitArm("churn", key, 12.5).Value);
            Assert.Equal(b ? "B" : "A", ScoringFunctions.SplitArm("Churn", key, 12.5).Value);
            toB += b ? 1 : 0;
        }

        Assert.InRange(toB, 500, 750); // about 12.5 % of 5,000
        Assert.True(ScoringFunctions.SplitArm("churn", SqlString.Null, 10).IsNull);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoringFunctions.SplitArm("churn", "1", 100));
    }

    [Fact]
    public void The_shadow_score_PSI_is_the_runtime_comparison_of_the_pairs_as_the_view_aggregates_them()
    {
        var random = new Random(7);
        var primary = Enumerable.Range(0, 400).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var shadow = primary.Select(p => p + 0.5 + random.NextDouble()).ToArray();
        // As scoring.ShadowComparison writes them: CONVERT(varchar, float, 3) is a round-trip form.
        string pairs = string.Join(";", primary.Select((p, i) => p.ToString("R", CultureInfo.InvariantCulture) + "," + shadow[i].ToString("R", CultureInfo.InvariantCulture)));
        double expected = ShadowScorePsi.Between(primary, shadow)!.Value;
        Assert.True(expected > 0.1);
        Assert.Equal(expected, ScoringFunctions.ShadowScorePsiOf(pairs).Value);
        Assert.Equal(0.0, ScoringFunctions.ShadowScorePsiOf(string.Join(";", primary.Select(p => p.ToString("R", CultureInfo.InvariantCulture) + "," + p.ToString("R", CultureInfo.InvariantCulture)))).Value, 12);
        Assert.True(ScoringFunctions.ShadowScorePsiOf(SqlString.Null).IsNull);
        Assert.True(ScoringFunctions.ShadowScorePsiOf(string.Empty).IsNull);
    }
}
