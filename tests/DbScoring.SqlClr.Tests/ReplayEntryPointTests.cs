using System.Data.SqlTypes;
using System.Linq;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// scoring.Private_TryPredictRow, which scoring.ReplayPrediction replays with: a scored row exactly as Private_PredictRow gives it,
/// a refused row with NULL outputs and the reason Private_TryPredict (what ScoreTable logs) gives for it.
/// </summary>
public class ReplayEntryPointTests
{
    private static readonly byte[] Blob = ChurnModels.Churn;
    private static readonly SqlBinary BlobSha256 = new(System.Security.Cryptography.SHA256.HashData(Blob));

    private static (SqlInt32 Class, SqlString Label, SqlSingle Score, SqlSingle Probability, SqlString Reason) TryPredictRow(object?[] values)
    {
        object row = ScoringFunctions.TryPredictRow(41, BlobSha256, new SqlBytes(Blob), new SqlBinary(InputCodec.Encode(values))).Cast<object>().Single();
        ScoringFunctions.FillTryPredictionRow(row, out SqlInt32 cls, out SqlString label, out SqlSingle score, out SqlSingle probability, out SqlString reason);
        return (cls, label, score, probability, reason);
    }

    [Fact]
    public void A_row_that_scores_gives_what_Private_PredictRow_gives_and_no_reason()
    {
        object?[] values = { 41.0, "plus", 12.0 };
        object expected = ScoringFunctions.PredictRow(41, BlobSha256, new SqlBytes(Blob), new SqlBinary(InputCodec.Encode(values))).Cast<object>().Single();
        ScoringFunctions.FillPredictionRow(expected, out SqlInt32 cls, out SqlString label, out SqlSingle score, out SqlSingle probability);
        var row = TryPredictRow(values);
        Assert.Equal((cls, label, score, probability), (row.Class, row.Label, row.Score, row.Probability));
        Assert.True(row.Reason.IsNull);
        Assert.False(row.Score.IsNull);
    }

    [Fact]
    public void A_row_the_model_cannot_score_gives_NULL_outputs_and_the_reason_ScoreTable_logs()
    {
        object?[] values = { "abc", "plus", 12.0 };
        byte[] logged = ScoringFunctions.TryPredict(41, BlobSha256, new SqlBytes(Blob), new SqlBinary(InputCodec.Encode(values))).Value;
        var row = TryPredictRow(values);
        Assert.Equal(PredictionCodec.RefusalReason(logged), row.Reason.Value);
        Assert.Contains("Age", row.Reason.Value, System.StringComparison.Ordinal);
        Assert.True(row.Class.IsNull && row.Label.IsNull && row.Score.IsNull && row.Probability.IsNull);
        Assert.Empty(ScoringFunctions.TryPredictRow(41, BlobSha256, SqlBytes.Null, new SqlBinary(InputCodec.Encode(values))).Cast<object>());
    }
}
