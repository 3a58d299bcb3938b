using System.Collections;
using System.Data.SqlTypes;
using Microsoft.SqlServer.Server;

namespace DbScoring.SqlClr;

/// <summary>Replay's entry point (scoring.ReplayPrediction): a logged row scored again, refusals included.</summary>
public static partial class ScoringFunctions
{
    /// <summary>
    /// <c>scoring.Private_TryPredictRow(...same arguments as Private_Predict...) RETURNS TABLE (PredictedClass int,
    /// PredictedLabel nvarchar(400), Score real, Probability real, Reason nvarchar(2000))</c>: one typed row, as
    /// scoring.Private_PredictRow gives it, or — for a row the model cannot score — NULL outputs and the reason ScoreTable
    /// records for it (scoring.Private_TryPredict's refusal), so that replaying a refused row says "refused again, why"
    /// instead of failing. Any NULL argument → no row.
    /// </summary>
    /// <param name="modelVersionId">scoring.ModelVersion.ModelVersionId.</param>
    /// <param name="blobSha256">HASHBYTES('SHA2_256', ModelBlob) of that version.</param>
    /// <param name="blob">The version's ModelBlob (a LOB handle; unread on a cache hit).</param>
    /// <param name="inputs">The packed input row.</param>
    [SqlFunction(Name = "Private_TryPredictRow", IsDeterministic = true, IsPrecise = false,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None,
        FillRowMethodName = nameof(FillTryPredictionRow),
        TableDefinition = "PredictedClass int, PredictedLabel nvarchar(400), Score real, Probability real, Reason nvarchar(2000)")]
    public static IEnumerable TryPredictRow(
        SqlInt32 modelVersionId,
        [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary blobSha256,
        [SqlFacet(MaxSize = -1)] SqlBytes blob,
        [SqlFacet(MaxSize = 8000)] SqlBinary inputs)
    {
        if (modelVersionId.IsNull || blobSha256.IsNull || blob is null || blob.IsNull || inputs.IsNull)
        {
            return new PredictionRow[0];
        }

        CachedModel cached = ModelCache.Shared.GetOrLoad(modelVersionId.Value, blobSha256.Value, blob);
        return new[] { Scoring.TryPredictRow(cached, inputs.Value) };
    }

    /// <summary>Fill-row method of <see cref="TryPredictRow"/>: a refused row has NULL outputs and its reason.</summary>
    /// <param name="row">A row produced by <see cref="TryPredictRow"/>.</param>
    /// <param name="predictedClass">Binary 0/1, multiclass index, regression -1; NULL when refused.</param>
    /// <param name="predictedLabel">Label; NULL for regression or when refused.</param>
    /// <param name="score">Raw score; NULL when NaN or refused.</param>
    /// <param name="probability">Probability; NULL when the model has none or when refused.</param>
    /// <param name="reason">Why the row could not be scored; NULL when it was scored.</param>
    public static void FillTryPredictionRow(
        object row,
        out SqlInt32 predictedClass,
        [SqlFacet(MaxSize = 400)] out SqlString predictedLabel,
        out SqlSingle score,
        out SqlSingle probability,
        [SqlFacet(MaxSize = PredictionCodec.MaxReasonChars)] out SqlString reason)
    {
        var p = (PredictionRow)row;
        FillPredictionRow(row, out predictedClass, out predictedLabel, out score, out probability);
        if (p.Reason is null)
        {
            reason = SqlString.Null;
            return;
        }

        predictedClass = SqlInt32.Null;
        reason = new SqlString(p.Reason);
    }
}
