using System.Collections;
using System.Data.SqlTypes;
using Microsoft.SqlServer.Server;

namespace DbScoring.SqlClr;

/// <summary>The explanation entry points (reason codes, docs/explanations.md). No data access, like scoring.</summary>
public static partial class ScoringFunctions
{
    /// <summary>
    /// <c>scoring.Private_Explain(@ModelVersionId int, @BlobSha256 binary(32), @Blob varbinary(max), @Inputs varbinary(8000),
    /// @Top int) RETURNS nvarchar(max)</c>: the reason codes of one packed input row as JSON
    /// (<c>{class, scale, method, base, rawScore, contributions:[{input, contribution}]}</c>, strongest first), with the
    /// <paramref name="top"/> strongest contributions, or all when 0. Used by scoring.ScoreTable @Explain, which stores
    /// the whole vector in scoring.PredictionLog.Explanation. A model that cannot be explained raises its reason.
    /// Any NULL argument → NULL.
    /// </summary>
    /// <param name="modelVersionId">scoring.ModelVersion.ModelVersionId.</param>
    /// <param name="blobSha256">HASHBYTES('SHA2_256', ModelBlob) of that version.</param>
    /// <param name="blob">The version's ModelBlob (a LOB handle; unread on a cache hit).</param>
    /// <param name="inputs">The packed input row.</param>
    /// <param name="top">How many contributions to keep, strongest first; 0 = all.</param>
    [SqlFunction(Name = "Private_Explain", IsDeterministic = true, IsPrecise = false,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = -1)]
    public static SqlString Explain(
        SqlInt32 modelVersionId,
        [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary blobSha256,
        [SqlFacet(MaxSize = -1)] SqlBytes blob,
        [SqlFacet(MaxSize = 8000)] SqlBinary inputs,
        SqlInt32 top)
    {
        if (modelVersionId.IsNull || blobSha256.IsNull || blob is null || blob.IsNull || inputs.IsNull || top.IsNull)
        {
            return SqlString.Null;
        }

        CachedModel cached = ModelCache.Shared.GetOrLoad(modelVersionId.Value, blobSha256.Value, blob);
        return new SqlString(Explaining.ExplainJson(cached, inputs.Value, top.Value));
    }

    /// <summary>
    /// <c>scoring.Private_ExplainRows(...same arguments as Private_Predict...) RETURNS TABLE (Rank int, InputName
    /// nvarchar(400), Contribution float, Base float, RawScore float, ExplainedClass nvarchar(400), Method nvarchar(20))</c>:
    /// one row per model input, strongest first (Rank 1), for CROSS APPLY inside the generated
    /// <c>scoring.Explain_&lt;model&gt;</c> inline functions and for ad-hoc queries over logged inputs. Base + the sum of
    /// Contribution = RawScore (up to float rounding). Any NULL argument → no row.
    /// </summary>
    /// <param name="modelVersionId">scoring.ModelVersion.ModelVersionId.</param>
    /// <param name="blobSha256">HASHBYTES('SHA2_256', ModelBlob) of that version.</param>
    /// <param name="blob">The version's ModelBlob (a LOB handle; unread on a cache hit).</param>
    /// <param name="inputs">The packed input row.</param>
    [SqlFunction(Name = "Private_ExplainRows", IsDeterministic = true, IsPrecise = false,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None,
        FillRowMethodName = nameof(FillExplanationRow),
        TableDefinition = "Rank int, InputName nvarchar(400), Contribution float, Base float, RawScore float, ExplainedClass nvarchar(400), Method nvarchar(20)")]
    public static IEnumerable ExplainRows(
        SqlInt32 modelVersionId,
        [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary blobSha256,
        [SqlFacet(MaxSize = -1)] SqlBytes blob,
        [SqlFacet(MaxSize = 8000)] SqlBinary inputs)
    {
        if (modelVersionId.IsNull || blobSha256.IsNull || blob is null || blob.IsNull || inputs.IsNull)
        {
            return new ExplanationRow[0];
        }

        CachedModel cached = ModelCache.Shared.GetOrLoad(modelVersionId.Value, blobSha256.Value, blob);
        return Explaining.ExplainRows(cached, inputs.Value);
    }

    /// <summary>Fill-row method of <see cref="ExplainRows"/>; NaN and infinite numbers become NULL (SQL float has neither).</summary>
    /// <param name="row">A row produced by <see cref="ExplainRows"/>.</param>
    /// <param name="rank">1 = strongest.</param>
    /// <param name="inputName">The model input.</param>
    /// <param name="contribution">Its contribution on the raw score scale.</param>
    /// <param name="baseValue">Bias or expected raw score.</param>
    /// <param name="rawScore">The raw score explained.</param>
    /// <param name="explainedClass">Multiclass: the explained class label; NULL otherwise.</param>
    /// <param name="method">Linear or TreeShap.</param>
    public static void FillExplanationRow(
        object row,
        out SqlInt32 rank,
        [SqlFacet(MaxSize = 400)] out SqlString inputName,
        out SqlDouble contribution,
        out SqlDouble baseValue,
        out SqlDouble rawScore,
        [SqlFacet(MaxSize = 400)] out SqlString explainedClass,
        [SqlFacet(MaxSize = 20)] out SqlString method)
    {
        var r = (ExplanationRow)row;
        rank = new SqlInt32(r.Rank);
        inputName = new SqlString(r.InputName);
        contribution = ToSqlDouble(r.Contribution);
        baseValue = ToSqlDouble(r.Base);
        rawScore = ToSqlDouble(r.RawScore);
        explainedClass = r.ExplainedClass is null ? SqlString.Null : new SqlString(r.ExplainedClass);
        method = new SqlString(r.Method);
    }
}
