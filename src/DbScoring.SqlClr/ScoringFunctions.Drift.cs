using System.Collections;
using System.Collections.Generic;
using System.Data.SqlTypes;
using DbScoring.Runtime.Monitoring;
using Microsoft.SqlServer.Server;

namespace DbScoring.SqlClr;

/// <summary>Drift entry points (docs/monitoring.md): per-row codes, per-batch bucket counts, per-run PSI. No data access.</summary>
public static partial class ScoringFunctions
{
    /// <summary>
    /// <c>scoring.Private_DriftCodes(@ModelVersionId int, @BlobSha256 binary(32), @Blob varbinary(max), @Inputs varbinary(8000),
    /// @Prediction varbinary(8000)) RETURNS varbinary(8000)</c>: one 2-byte drift code per input and profile output of a scored row
    /// (<see cref="DriftCodes.OfRow"/>). NULL when the model has no training profile or any argument is NULL.
    /// </summary>
    /// <param name="modelVersionId">scoring.ModelVersion.ModelVersionId.</param>
    /// <param name="blobSha256">HASHBYTES('SHA2_256', ModelBlob) of that version.</param>
    /// <param name="blob">The version's ModelBlob (a LOB handle; unread on a cache hit).</param>
    /// <param name="inputs">The packed input row as scored.</param>
    /// <param name="prediction">The packed prediction scoring.Private_Predict returned for it.</param>
    [SqlFunction(Name = "Private_DriftCodes", IsDeterministic = true, IsPrecise = false,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 8000)]
    public static SqlBinary DriftCodesOfRow(
        SqlInt32 modelVersionId,
        [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary blobSha256,
        [SqlFacet(MaxSize = -1)] SqlBytes blob,
        [SqlFacet(MaxSize = 8000)] SqlBinary inputs,
        [SqlFacet(MaxSize = 8000)] SqlBinary prediction)
    {
        if (modelVersionId.IsNull || blobSha256.IsNull || blob is null || blob.IsNull || inputs.IsNull || prediction.IsNull)
        {
            return SqlBinary.Null;
        }

        CachedModel cached = ModelCache.Shared.GetOrLoad(modelVersionId.Value, blobSha256.Value, blob);
        byte[]? codes = DriftCodes.OfRow(cached, inputs.Value, prediction.Value);
        return codes is null ? SqlBinary.Null : new SqlBinary(codes);
    }

    /// <summary>
    /// <c>scoring.Private_DriftBatchCounts(@ModelVersionId int, @BlobSha256 binary(32), @Blob varbinary(max), @CodeCounts nvarchar(max))
    /// RETURNS TABLE (IsOutput bit, Name nvarchar(128), Buckets nvarchar(4000), BelowRange bigint, AboveRange bigint)</c>: a batch's
    /// code counts (<c>[{"d","c","n"}]</c>) as the bucket counts of every input and output (<see cref="DriftCodes.BatchCounts"/>).
    /// </summary>
    /// <param name="modelVersionId">scoring.ModelVersion.ModelVersionId.</param>
    /// <param name="blobSha256">HASHBYTES('SHA2_256', ModelBlob) of that version.</param>
    /// <param name="blob">The version's ModelBlob (a LOB handle; unread on a cache hit).</param>
    /// <param name="codeCounts">JSON array of {"d": distribution index, "c": code, "n": rows}.</param>
    [SqlFunction(Name = "Private_DriftBatchCounts", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None,
        FillRowMethodName = nameof(FillDriftBatchRow),
        TableDefinition = "IsOutput bit, Name nvarchar(128), Buckets nvarchar(4000), BelowRange bigint, AboveRange bigint")]
    public static IEnumerable DriftBatchCounts(
        SqlInt32 modelVersionId,
        [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary blobSha256,
        [SqlFacet(MaxSize = -1)] SqlBytes blob,
        [SqlFacet(MaxSize = -1)] SqlString codeCounts)
    {
        if (modelVersionId.IsNull || blobSha256.IsNull || blob is null || blob.IsNull || codeCounts.IsNull)
        {
            return new StoredDriftCounts[0];
        }

        CachedModel cached = ModelCache.Shared.GetOrLoad(modelVersionId.Value, blobSha256.Value, blob);
        return DriftCodes.BatchCounts(cached, codeCounts.Value);
    }

    /// <summary>Fill-row method of <see cref="DriftBatchCounts"/>.</summary>
    /// <param name="row">A <see cref="StoredDriftCounts"/>.</param>
    /// <param name="isOutput">1 for Score, Probability, PredictedLabel.</param>
    /// <param name="name">Input or output name.</param>
    /// <param name="buckets">Rows per profile bucket, as a JSON array.</param>
    /// <param name="belowRange">Numbers below the profile's minimum.</param>
    /// <param name="aboveRange">Numbers above the profile's maximum.</param>
    public static void FillDriftBatchRow(
        object row,
        out SqlBoolean isOutput,
        [SqlFacet(MaxSize = 128)] out SqlString name,
        [SqlFacet(MaxSize = 4000)] out SqlString buckets,
        out SqlInt64 belowRange,
        out SqlInt64 aboveRange)
    {
        var r = (StoredDriftCounts)row;
        isOutput = new SqlBoolean(r.IsOutput);
        name = new SqlString(r.Name);
        buckets = new SqlString(DriftCodes.BucketsJson(r.Buckets));
        belowRange = new SqlInt64(r.BelowRange);
        aboveRange = new SqlInt64(r.AboveRange);
    }

    /// <summary>
    /// <c>scoring.Private_TrainingProfile(@ModelVersionId int, @BlobSha256 binary(32), @Blob varbinary(max)) RETURNS varbinary(max)</c>:
    /// the version's training profile alone (<see cref="TrainingProfile.ToBytes"/>, the bytes of the blob's TrainingStatistics
    /// section), so scoring.ExportTrainingProfile can give analysts the reference drift is measured against without the model
    /// blob. NULL when the version has no profile or any argument is NULL.
    /// </summary>
    /// <param name="modelVersionId">scoring.ModelVersion.ModelVersionId.</param>
    /// <param name="blobSha256">HASHBYTES('SHA2_256', ModelBlob) of that version.</param>
    /// <param name="blob">The version's ModelBlob (a LOB handle; unread on a cache hit).</param>
    [SqlFunction(Name = "Private_TrainingProfile", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = -1)]
    public static SqlBytes TrainingProfileOf(
        SqlInt32 modelVersionId,
        [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary blobSha256,
        [SqlFacet(MaxSize = -1)] SqlBytes blob)
    {
        if (modelVersionId.IsNull || blobSha256.IsNull || blob is null || blob.IsNull)
        {
            return SqlBytes.Null;
        }

        TrainingProfile? profile = ModelCache.Shared.GetOrLoad(modelVersionId.Value, blobSha256.Value, blob).Model.Profile;
        return profile is null ? SqlBytes.Null : new SqlBytes(profile.ToBytes());
    }

    /// <summary>
    /// <c>scoring.Private_RunDrift(@ModelVersionId int, @BlobSha256 binary(32), @Blob varbinary(max), @StoredCounts nvarchar(max),
    /// @WarningPsi float, @AlertPsi float) RETURNS TABLE (IsOutput bit, Name nvarchar(128), RowsScored bigint, Psi float,
    /// DriftLevel nvarchar(10), MissingShare float, UnseenShare float, OutOfRangeShare float, RunDriftLevel nvarchar(10),
    /// RunDriftInputs nvarchar(4000))</c>: the PSI of every input and output of a run from its stored batch counts
    /// (<see cref="DriftCodes.RunDrift"/>), each row also carrying the run's level and the names at that level.
    /// </summary>
    /// <param name="modelVersionId">scoring.ModelVersion.ModelVersionId.</param>
    /// <param name="blobSha256">HASHBYTES('SHA2_256', ModelBlob) of that version.</param>
    /// <param name="blob">The version's ModelBlob (a LOB handle; unread on a cache hit).</param>
    /// <param name="storedCounts">The run's ScoringRunDriftCounts rows as JSON ([{"isOutput","name","buckets","belowRange","aboveRange"}]).</param>
    /// <param name="warningPsi">PSI at or above which a distribution warns.</param>
    /// <param name="alertPsi">PSI at or above which a distribution alerts.</param>
    [SqlFunction(Name = "Private_RunDrift", IsDeterministic = true, IsPrecise = false,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None,
        FillRowMethodName = nameof(FillRunDriftRow),
        TableDefinition = "IsOutput bit, Name nvarchar(128), RowsScored bigint, Psi float, DriftLevel nvarchar(10), MissingShare float, "
                          + "UnseenShare float, OutOfRangeShare float, RunDriftLevel nvarchar(10), RunDriftInputs nvarchar(4000)")]
    public static IEnumerable RunDrift(
        SqlInt32 modelVersionId,
        [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary blobSha256,
        [SqlFacet(MaxSize = -1)] SqlBytes blob,
        [SqlFacet(MaxSize = -1)] SqlString storedCounts,
        SqlDouble warningPsi,
        SqlDouble alertPsi)
    {
        if (modelVersionId.IsNull || blobSha256.IsNull || blob is null || blob.IsNull || storedCounts.IsNull || warningPsi.IsNull || alertPsi.IsNull)
        {
            return new RunDriftRow[0];
        }

        CachedModel cached = ModelCache.Shared.GetOrLoad(modelVersionId.Value, blobSha256.Value, blob);
        DriftReport report = DriftCodes.RunDrift(cached, storedCounts.Value, warningPsi.Value, alertPsi.Value);
        string causes = string.Join(",", report.Causes);
        var rows = new List<RunDriftRow>();
        foreach (DistributionDrift d in report.Inputs)
        {
            rows.Add(new RunDriftRow(d, report.Level, causes));
        }

        foreach (DistributionDrift d in report.Outputs)
        {
            rows.Add(new RunDriftRow(d, report.Level, causes));
        }

        return rows;
    }

    /// <summary>Fill-row method of <see cref="RunDrift"/>; NaN shares and PSI (no rows) become NULL.</summary>
    /// <param name="row">A <see cref="RunDriftRow"/>.</param>
    /// <param name="isOutput">1 for Score, Probability, PredictedLabel.</param>
    /// <param name="name">Input or output name.</param>
    /// <param name="rowsScored">Rows compared.</param>
    /// <param name="psi">Population stability index against the profile.</param>
    /// <param name="driftLevel">None, Warning or Alert.</param>
    /// <param name="missingShare">Share of missing values.</param>
    /// <param name="unseenShare">Share of unseen categories (NULL for numbers).</param>
    /// <param name="outOfRangeShare">Share of numbers outside the profile's range (NULL for text).</param>
    /// <param name="runDriftLevel">The run's level.</param>
    /// <param name="runDriftInputs">The names at the run's level, comma-separated; NULL when None.</param>
    public static void FillRunDriftRow(
        object row,
        out SqlBoolean isOutput,
        [SqlFacet(MaxSize = 128)] out SqlString name,
        out SqlInt64 rowsScored,
        out SqlDouble psi,
        [SqlFacet(MaxSize = 10)] out SqlString driftLevel,
        out SqlDouble missingShare,
        out SqlDouble unseenShare,
        out SqlDouble outOfRangeShare,
        [SqlFacet(MaxSize = 10)] out SqlString runDriftLevel,
        [SqlFacet(MaxSize = 4000)] out SqlString runDriftInputs)
    {
        var r = (RunDriftRow)row;
        DistributionDrift d = r.Drift;
        bool numeric = d.Kind == DistributionKind.Numeric;
        isOutput = new SqlBoolean(d.IsOutput);
        name = new SqlString(d.Name);
        rowsScored = new SqlInt64(d.Rows);
        psi = ToSqlDouble(d.Psi);
        driftLevel = new SqlString(d.Level.ToString());
        missingShare = ToSqlDouble(d.MissingShare);
        unseenShare = numeric ? SqlDouble.Null : ToSqlDouble(d.UnseenShare);
        outOfRangeShare = numeric ? ToSqlDouble(d.OutOfRangeShare) : SqlDouble.Null;
        runDriftLevel = new SqlString(r.RunLevel.ToString());
        runDriftInputs = r.RunCauses.Length == 0 ? SqlString.Null : new SqlString(r.RunCauses.Length > 4000 ? r.RunCauses.Substring(0, 4000) : r.RunCauses);
    }

    private static SqlDouble ToSqlDouble(double value) =>
        double.IsNaN(value) || double.IsInfinity(value) ? SqlDouble.Null : new SqlDouble(value);
}

/// <summary>One input's or output's drift with the run's level and causes, for <see cref="ScoringFunctions.RunDrift"/>.</summary>
internal sealed class RunDriftRow
{
    internal RunDriftRow(DistributionDrift drift, DriftLevel runLevel, string runCauses)
    {
        Drift = drift;
        RunLevel = runLevel;
        RunCauses = runCauses;
    }

    /// <summary>The input's or output's drift.</summary>
    internal DistributionDrift Drift { get; }

    /// <summary>The run's level.</summary>
    internal DriftLevel RunLevel { get; }

    /// <summary>The names at the run's level, comma-separated ("" when None).</summary>
    internal string RunCauses { get; }
}
