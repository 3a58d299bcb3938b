using System.Data.SqlTypes;
using DbScoring.Runtime.Monitoring;
using Microsoft.SqlServer.Server;

namespace DbScoring.SqlClr;

/// <summary>Champion/challenger and fallback entry points (docs/monitoring.md): per-row outcome and split arm. No data access.</summary>
public static partial class ScoringFunctions
{
    /// <summary>
    /// <c>scoring.Private_TryPredict(@ModelVersionId int, @BlobSha256 binary(32), @Blob varbinary(max), @Inputs varbinary(8000))
    /// RETURNS varbinary(8000)</c>: as scoring.Private_Predict, but a row the model cannot score — a value of the wrong type,
    /// text that is not a number, an error inside the model — gives a refusal with the reason (<see cref="PredictionCodec.PackRefusal"/>)
    /// instead of failing the statement, so that ScoreTable records the row as refused or scores it with the fallback.
    /// Any NULL argument → NULL.
    /// </summary>
    /// <param name="modelVersionId">scoring.ModelVersion.ModelVersionId.</param>
    /// <param name="blobSha256">HASHBYTES('SHA2_256', ModelBlob) of that version.</param>
    /// <param name="blob">The version's ModelBlob (a LOB handle; unread on a cache hit).</param>
    /// <param name="inputs">The packed input row.</param>
    [SqlFunction(Name = "Private_TryPredict", IsDeterministic = true, IsPrecise = false,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 8000)]
    public static SqlBinary TryPredict(
        SqlInt32 modelVersionId,
        [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary blobSha256,
        [SqlFacet(MaxSize = -1)] SqlBytes blob,
        [SqlFacet(MaxSize = 8000)] SqlBinary inputs)
    {
        if (modelVersionId.IsNull || blobSha256.IsNull || blob is null || blob.IsNull || inputs.IsNull)
        {
            return SqlBinary.Null;
        }

        CachedModel cached = ModelCache.Shared.GetOrLoad(modelVersionId.Value, blobSha256.Value, blob);
        return new SqlBinary(Scoring.TryPredictPacked(cached, inputs.Value));
    }

    /// <summary>
    /// <c>scoring.Private_SplitArm(@ModelName nvarchar(100), @RowKey nvarchar(450), @Percent float) RETURNS char(1)</c>: the arm of a
    /// row in a split of <paramref name="percent"/> % to the challenger — 'B' when the key's bucket (<see cref="SplitBucket.Of"/> with
    /// the model's salt <see cref="SplitBucket.SaltOf"/>) is below the percentage's threshold, else 'A'. The embedded store calls the
    /// same function, so a key lands in the same arm in both stores. Any NULL argument → NULL.
    /// </summary>
    /// <param name="modelName">The model's name (the salt is its lower case).</param>
    /// <param name="rowKey">The row key as PredictionLog.RowKey writes it.</param>
    /// <param name="percent">Share of keys sent to the challenger, above 0 and below 100.</param>
    [SqlFunction(Name = "Private_SplitArm", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(IsFixedLength = true, MaxSize = 1)]
    public static SqlString SplitArm([SqlFacet(MaxSize = 100)] SqlString modelName, [SqlFacet(MaxSize = 450)] SqlString rowKey, SqlDouble percent)
    {
        if (modelName.IsNull || rowKey.IsNull || percent.IsNull)
        {
            return SqlString.Null;
        }

        return new SqlString(Champions.ArmOf(modelName.Value, rowKey.Value, percent.Value));
    }

    /// <summary>
    /// <c>scoring.Private_ShadowScorePsi(@ScorePairs nvarchar(max)) RETURNS float</c>: the PSI of the shadow's scores against the
    /// primary's (<see cref="ShadowScorePsi.Between"/>, as the embedded store's audit compare), from the pairs of a run as text
    /// "primary,shadow;primary,shadow;…" (round-trip floats). NULL for NULL or no pairs.
    /// </summary>
    /// <param name="scorePairs">The score pairs, as scoring.ShadowComparison aggregates them.</param>
    [SqlFunction(Name = "Private_ShadowScorePsi", IsDeterministic = true, IsPrecise = false,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    public static SqlDouble ShadowScorePsiOf([SqlFacet(MaxSize = -1)] SqlString scorePairs)
    {
        if (scorePairs.IsNull)
        {
            return SqlDouble.Null;
        }

        double? psi = Champions.ScorePsi(scorePairs.Value);
        return psi.HasValue && !double.IsNaN(psi.Value) && !double.IsInfinity(psi.Value) ? new SqlDouble(psi.Value) : SqlDouble.Null;
    }
}
