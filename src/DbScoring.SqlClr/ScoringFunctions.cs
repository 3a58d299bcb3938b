using System;
using System.Collections;
using System.Data.SqlTypes;
using System.Reflection;
using DbScoring.SqlClr.Generation;
using Microsoft.SqlServer.Server;

namespace DbScoring.SqlClr;

/// <summary>
/// SQL CLR entry points (schema <c>scoring</c>, all <c>Private_</c>: callers use the T-SQL procedures and the
/// generated <c>scoring.Predict_&lt;model&gt;</c> functions). Each method checks IsNull, calls plain C#, returns.
/// None reads data (<c>DataAccess = None</c>), so plans that call them may go parallel.
/// </summary>
public static partial class ScoringFunctions
{
    /// <summary>
    /// <c>scoring.Private_ModelInspect(@Blob varbinary(max)) RETURNS nvarchar(max)</c>: validates a model blob
    /// and describes it as JSON (see <see cref="ModelInspector"/>); an unusable blob gives <c>"valid":false</c>
    /// and the reason. NULL blob → NULL.
    /// </summary>
    /// <param name="blob">The model blob (.dbsm bytes).</param>
    [SqlFunction(Name = "Private_ModelInspect", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = -1)]
    public static SqlString ModelInspect([SqlFacet(MaxSize = -1)] SqlBytes blob)
    {
        if (blob is null || blob.IsNull)
        {
            return SqlString.Null;
        }

        return new SqlString(ModelInspector.Inspect(blob.Value));
    }

    /// <summary>
    /// <c>scoring.Private_Predict(@ModelVersionId int, @BlobSha256 binary(32), @Blob varbinary(max),
    /// @Inputs varbinary(8000)) RETURNS varbinary(8000)</c>: scores one packed input row (<see cref="InputCodec"/>)
    /// and returns the packed prediction (<see cref="PredictionCodec"/>). The blob is read only when the model
    /// is not cached under (version id, SHA-256). Any NULL argument → NULL.
    /// </summary>
    /// <param name="modelVersionId">scoring.ModelVersion.ModelVersionId.</param>
    /// <param name="blobSha256">HASHBYTES('SHA2_256', ModelBlob) of that version.</param>
    /// <param name="blob">The version's ModelBlob (a LOB handle; unread on a cache hit).</param>
    /// <param name="inputs">The packed input row.</param>
    [SqlFunction(Name = "Private_Predict", IsDeterministic = true, IsPrecise = false,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 8000)]
    public static SqlBinary Predict(
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
        return new SqlBinary(Scoring.PredictPacked(cached, inputs.Value));
    }

    /// <summary>
    /// <c>scoring.Private_PredictRow(...same arguments as Private_Predict...) RETURNS TABLE (PredictedClass int,
    /// PredictedLabel nvarchar(400), Score real, Probability real)</c>: one typed row per call, for CROSS APPLY
    /// inside the generated <c>scoring.Predict_&lt;model&gt;</c> inline functions. Any NULL argument → no row.
    /// </summary>
    /// <param name="modelVersionId">scoring.ModelVersion.ModelVersionId.</param>
    /// <param name="blobSha256">HASHBYTES('SHA2_256', ModelBlob) of that version.</param>
    /// <param name="blob">The version's ModelBlob (a LOB handle; unread on a cache hit).</param>
    /// <param name="inputs">The packed input row.</param>
    [SqlFunction(Name = "Private_PredictRow", IsDeterministic = true, IsPrecise = false,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None,
        FillRowMethodName = nameof(FillPredictionRow),
        TableDefinition = "PredictedClass int, PredictedLabel nvarchar(400), Score real, Probability real")]
    public static IEnumerable PredictRow(
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
        return new[] { Scoring.PredictRow(cached, inputs.Value) };
    }

    /// <summary>Fill-row method of <see cref="PredictRow"/>; NaN scores and probabilities become NULL.</summary>
    /// <param name="row">A prediction row produced by <see cref="PredictRow"/>.</param>
    /// <param name="predictedClass">Binary 0/1, multiclass index, regression -1.</param>
    /// <param name="predictedLabel">Label; NULL for regression.</param>
    /// <param name="score">Raw score; NULL when NaN.</param>
    /// <param name="probability">Probability; NULL when the model has none.</param>
    public static void FillPredictionRow(
        object row,
        out SqlInt32 predictedClass,
        [SqlFacet(MaxSize = 400)] out SqlString predictedLabel,
        out SqlSingle score,
        out SqlSingle probability)
    {
        var p = (PredictionRow)row;
        predictedClass = new SqlInt32(p.PredictedClass);
        predictedLabel = p.PredictedLabel is null ? SqlString.Null : new SqlString(p.PredictedLabel);
        score = ToSqlSingle(p.Score);
        probability = ToSqlSingle(p.Probability);
    }

    /// <summary>
    /// <c>scoring.Private_ReadReal(@Packed varbinary(8000), @Position int) RETURNS real</c>: the big-endian
    /// single at 1-based byte <paramref name="position"/> (like SUBSTRING); NaN or infinity → NULL (SQL
    /// <c>real</c> has neither). T-SQL cannot CAST binary to real, hence this function.
    /// </summary>
    /// <param name="packed">A packed prediction.</param>
    /// <param name="position">1-based byte position of the first of 4 bytes.</param>
    [SqlFunction(Name = "Private_ReadReal", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    public static SqlSingle ReadReal([SqlFacet(MaxSize = 8000)] SqlBinary packed, SqlInt32 position)
    {
        if (packed.IsNull || position.IsNull)
        {
            return SqlSingle.Null;
        }

        return ToSqlSingle(PredictionCodec.ReadSingle(packed.Value, position.Value - 1));
    }

    /// <summary>
    /// <c>scoring.Private_UnpackInputs(@Inputs varbinary(8000)) RETURNS nvarchar(max)</c>: a packed input row
    /// as a JSON array of values in model input order (for auditors; pair with ModelVersion.InputSchema).
    /// </summary>
    /// <param name="inputs">The packed input row.</param>
    [SqlFunction(Name = "Private_UnpackInputs", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = -1)]
    public static SqlString UnpackInputs([SqlFacet(MaxSize = 8000)] SqlBinary inputs)
    {
        if (inputs.IsNull)
        {
            return SqlString.Null;
        }

        return new SqlString(InputCodec.ToJson(inputs.Value));
    }

    /// <summary>
    /// <c>scoring.Private_GenerateStatements(@Generator nvarchar(50), @Facts nvarchar(max)) RETURNS TABLE (RowKind
    /// nvarchar(20), Name nvarchar(128), Text nvarchar(max), Parameters nvarchar(4000))</c>: the dynamic SQL of
    /// ScoreTable, CreatePredictFunction and CreateScoringJob, built from catalog facts (JSON) by
    /// <see cref="StatementGenerator"/>. Rows of kind <c>problem</c> say why no statement can be built. No data access.
    /// </summary>
    /// <param name="generator">ScoreTable, PredictFunction or ScoringJob.</param>
    /// <param name="facts">The catalog facts as JSON (see each generator).</param>
    [SqlFunction(Name = "Private_GenerateStatements", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None,
        FillRowMethodName = nameof(FillGeneratedRow),
        TableDefinition = "RowKind nvarchar(20), Name nvarchar(128), Text nvarchar(max), Parameters nvarchar(4000)")]
    public static IEnumerable GenerateStatements([SqlFacet(MaxSize = 50)] SqlString generator, [SqlFacet(MaxSize = -1)] SqlString facts)
    {
        if (generator.IsNull || facts.IsNull)
        {
            return new GeneratedRow[0];
        }

        return StatementGenerator.Generate(generator.Value, facts.Value).Rows;
    }

    /// <summary>Fill-row method of <see cref="GenerateStatements"/>.</summary>
    /// <param name="row">A row produced by <see cref="GenerateStatements"/>.</param>
    /// <param name="rowKind">problem, statement or value.</param>
    /// <param name="name">Statement or value name.</param>
    /// <param name="text">Message, statement or value.</param>
    /// <param name="parameters">sys.sp_executesql parameter declaration of a statement; NULL when none.</param>
    public static void FillGeneratedRow(
        object row,
        [SqlFacet(MaxSize = 20)] out SqlString rowKind,
        [SqlFacet(MaxSize = 128)] out SqlString name,
        [SqlFacet(MaxSize = -1)] out SqlString text,
        [SqlFacet(MaxSize = 4000)] out SqlString parameters)
    {
        var r = (GeneratedRow)row;
        rowKind = new SqlString(r.Kind);
        name = new SqlString(r.Name);
        text = new SqlString(r.Text);
        parameters = r.Parameters is null ? SqlString.Null : new SqlString(r.Parameters);
    }

    /// <summary><c>scoring.Private_ClrVersion() RETURNS nvarchar(100)</c>: this assembly's informational version.</summary>
    [SqlFunction(Name = "Private_ClrVersion", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 100)]
    public static SqlString ClrVersion()
    {
        var attribute = (AssemblyInformationalVersionAttribute?)Attribute.GetCustomAttribute(
            typeof(ScoringFunctions).Assembly, typeof(AssemblyInformationalVersionAttribute));
        return new SqlString(attribute?.InformationalVersion ?? "unknown");
    }

    private static SqlSingle ToSqlSingle(float value) =>
        float.IsNaN(value) || float.IsInfinity(value) ? SqlSingle.Null : new SqlSingle(value);
}
