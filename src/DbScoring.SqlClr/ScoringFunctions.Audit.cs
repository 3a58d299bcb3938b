using System;
using System.Data.SqlTypes;
using DbScoring.Runtime.Audit;
using Microsoft.SqlServer.Server;

namespace DbScoring.SqlClr;

/// <summary>
/// The audit chain's digests on SQL Server (docs/audit.md, "The tamper-evident chain"): one function per record kind,
/// each taking the row's columns in the documented field order and returning the SHA-256 of the canonical encoding
/// (<see cref="AuditRecord"/>, the one encoder of every store) as 64 lowercase hex digits. No data access and
/// deterministic, so a batch's rows are hashed in one set-based statement that may go parallel. The T-SQL that calls
/// them (scoring.Private_AuditContent, scoring.Private_AppendAuditLink, scoring.VerifyAuditTrail) is the only caller,
/// for writing and for verifying alike. The field lists are persisted meaning: a change is a new record version.
/// </summary>
public static partial class ScoringFunctions
{
    /// <summary>
    /// <c>scoring.Private_PredictionLogDigest(...)</c>: record "SqlServer.PredictionLog.1" of one scoring.PredictionLog row.
    /// </summary>
    [SqlFunction(Name = "Private_PredictionLogDigest", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 64)]
    public static SqlString PredictionLogDigest(
        SqlInt64 predictionLogId, SqlInt64 scoringRunId, [SqlFacet(MaxSize = 450)] SqlString rowKey, SqlInt32 modelVersionId,
        [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary blobSha256, [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary inputsSha256,
        [SqlFacet(MaxSize = 8000)] SqlBinary inputs, SqlInt32 predictedClass, [SqlFacet(MaxSize = 400)] SqlString predictedLabel,
        SqlSingle score, SqlSingle probability, DateTime? predictedAt, [SqlFacet(MaxSize = -1)] SqlString explanation,
        [SqlFacet(MaxSize = 10)] SqlString role, [SqlFacet(MaxSize = 1)] SqlString arm, [SqlFacet(MaxSize = 10)] SqlString status,
        [SqlFacet(MaxSize = 2000)] SqlString reason) =>
        new SqlString(new AuditRecord("SqlServer.PredictionLog.1")
            .AddInteger(Value(predictionLogId)).AddInteger(Value(scoringRunId)).AddText(Value(rowKey)).AddInteger(Value(modelVersionId))
            .AddBlob(Value(blobSha256)).AddBlob(Value(inputsSha256)).AddBlob(Value(inputs)).AddInteger(Value(predictedClass))
            .AddText(Value(predictedLabel)).AddReal(Value(score)).AddReal(Value(probability)).AddDateTime(predictedAt)
            .AddText(Value(explanation)).AddText(Value(role)).AddText(Value(arm)).AddText(Value(status)).AddText(Value(reason))
            .Digest());

    /// <summary>
    /// <c>scoring.Private_PredictionBatchDigest(@ScoringRunId, @BatchNumber, @FirstRowId, @LastRowId, @RowDigests)</c>: record
    /// "PredictionBatch.1" (the embedded store's too) of one committed batch. <paramref name="rowDigests"/> is the batch's
    /// row digests concatenated in PredictionLog id order (64 hex digits each; NULL or empty for no rows). Read as a stream, a
    /// chunk at a time, and hashed as it comes: a batch of a million rows (64 million characters) is never one string here.
    /// </summary>
    [SqlFunction(Name = "Private_PredictionBatchDigest", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 64)]
    public static SqlString PredictionBatchDigest(SqlInt64 scoringRunId, SqlInt32 batchNumber, SqlInt64 firstRowId, SqlInt64 lastRowId,
        [SqlFacet(MaxSize = -1)] SqlChars rowDigests)
    {
        if (scoringRunId.IsNull || batchNumber.IsNull || firstRowId.IsNull || lastRowId.IsNull)
        {
            return SqlString.Null;
        }

        long length = rowDigests is null || rowDigests.IsNull ? 0 : rowDigests.Length;
        if (length % DigestChars != 0)
        {
            throw new ArgumentException($"The row digests of run {scoringRunId.Value}, batch {batchNumber.Value} are {length} characters; each row's digest is {DigestChars} hex digits.", nameof(rowDigests));
        }

        var batch = new PredictionBatchRecord(scoringRunId.Value, batchNumber.Value, firstRowId.Value, lastRowId.Value);
        var chunk = new char[DigestChars * 1024];
        for (long at = 0; at < length; at += chunk.Length)
        {
            int read = (int)Math.Min(chunk.Length, length - at);
            if (rowDigests!.Read(at, chunk, 0, read) != read)
            {
                throw new InvalidOperationException($"The row digests of run {scoringRunId.Value}, batch {batchNumber.Value} ended before character {at + read} of {length}.");
            }

            for (int row = 0; row < read; row += DigestChars)
            {
                batch.AddRow(new string(chunk, row, DigestChars));
            }
        }

        return new SqlString(batch.Digest());
    }

    /// <summary>Hex digits in one row's digest.</summary>
    private const int DigestChars = 64;

    /// <summary><c>scoring.Private_ModelVersionDigest(...)</c>: record "SqlServer.ModelVersion.1" (every column but the blob, whose SHA-256 is one).</summary>
    [SqlFunction(Name = "Private_ModelVersionDigest", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 64)]
    public static SqlString ModelVersionDigest(
        SqlInt32 modelVersionId, SqlInt32 modelId, SqlInt32 versionNumber, [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary blobSha256,
        SqlInt64 blobBytes, [SqlFacet(MaxSize = 64)] SqlString contentHash, [SqlFacet(MaxSize = 20)] SqlString formatVersion, SqlInt32 predictionKind,
        [SqlFacet(MaxSize = 200)] SqlString algorithm, [SqlFacet(MaxSize = -1)] SqlString inputSchema,
        [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary inputSignature, [SqlFacet(MaxSize = -1)] SqlString outputSchema,
        [SqlFacet(MaxSize = -1)] SqlString metadata, [SqlFacet(MaxSize = -1)] SqlString modelDescription, [SqlFacet(MaxSize = -1)] SqlString parityGate,
        [SqlFacet(MaxSize = -1)] SqlString metrics, [SqlFacet(MaxSize = 400)] SqlString sourceArtifactName,
        [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary sourceArtifactSha256, [SqlFacet(MaxSize = 4000)] SqlString notes,
        [SqlFacet(MaxSize = 128)] SqlString registeredBy, DateTime? registeredAt) =>
        new SqlString(new AuditRecord("SqlServer.ModelVersion.1")
            .AddInteger(Value(modelVersionId)).AddInteger(Value(modelId)).AddInteger(Value(versionNumber)).AddBlob(Value(blobSha256))
            .AddInteger(Value(blobBytes)).AddText(Value(contentHash)).AddText(Value(formatVersion)).AddInteger(Value(predictionKind))
            .AddText(Value(algorithm)).AddText(Value(inputSchema)).AddBlob(Value(inputSignature)).AddText(Value(outputSchema))
            .AddText(Value(metadata)).AddText(Value(modelDescription)).AddText(Value(parityGate)).AddText(Value(metrics))
            .AddText(Value(sourceArtifactName)).AddBlob(Value(sourceArtifactSha256)).AddText(Value(notes)).AddText(Value(registeredBy))
            .AddDateTime(registeredAt)
            .Digest());

    /// <summary>
    /// <c>scoring.Private_AliasMoveDigest(...)</c>: record "SqlServer.AliasMove.1" of one row version of the system-versioned
    /// scoring.ModelAlias (current or history): a move is the row version that starts at ValidFrom.
    /// </summary>
    [SqlFunction(Name = "Private_AliasMoveDigest", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 64)]
    public static SqlString AliasMoveDigest(SqlInt32 modelId, [SqlFacet(MaxSize = 100)] SqlString aliasName, SqlInt32 modelVersionId,
        [SqlFacet(MaxSize = 128)] SqlString movedBy, [SqlFacet(MaxSize = 4000)] SqlString moveReason, DateTime? validFrom) =>
        new SqlString(new AuditRecord("SqlServer.AliasMove.1")
            .AddInteger(Value(modelId)).AddText(Value(aliasName)).AddInteger(Value(modelVersionId)).AddText(Value(movedBy))
            .AddText(Value(moveReason)).AddDateTime(validFrom)
            .Digest());

    /// <summary><c>scoring.Private_RunStartDigest(...)</c>: record "SqlServer.ScoringRunStart.1", what a run records when it starts (never changes).</summary>
    [SqlFunction(Name = "Private_RunStartDigest", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 64)]
    public static SqlString RunStartDigest(
        SqlInt64 scoringRunId, [SqlFacet(MaxSize = 128)] SqlString procedureName, SqlInt32 modelId, SqlInt32 modelVersionId,
        [SqlFacet(MaxSize = 100)] SqlString aliasName, [SqlFacet(IsFixedLength = true, MaxSize = 32)] SqlBinary blobSha256,
        [SqlFacet(MaxSize = 300)] SqlString sourceName, [SqlFacet(MaxSize = 300)] SqlString targetName, [SqlFacet(MaxSize = 4000)] SqlString keyColumns,
        [SqlFacet(MaxSize = -1)] SqlString command, DateTime? startedAt, [SqlFacet(MaxSize = 128)] SqlString loginName,
        [SqlFacet(MaxSize = 128)] SqlString userName, [SqlFacet(MaxSize = 128)] SqlString applicationName, [SqlFacet(MaxSize = 128)] SqlString hostName,
        SqlInt32 sessionId) =>
        new SqlString(new AuditRecord("SqlServer.ScoringRunStart.1")
            .AddInteger(Value(scoringRunId)).AddText(Value(procedureName)).AddInteger(Value(modelId)).AddInteger(Value(modelVersionId))
            .AddText(Value(aliasName)).AddBlob(Value(blobSha256)).AddText(Value(sourceName)).AddText(Value(targetName))
            .AddText(Value(keyColumns)).AddText(Value(command)).AddDateTime(startedAt).AddText(Value(loginName)).AddText(Value(userName))
            .AddText(Value(applicationName)).AddText(Value(hostName)).AddInteger(Value(sessionId))
            .Digest());

    /// <summary><c>scoring.Private_RunEndDigest(...)</c>: record "SqlServer.ScoringRunEnd.1", what a run records when it completes (once).</summary>
    [SqlFunction(Name = "Private_RunEndDigest", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 64)]
    public static SqlString RunEndDigest(
        SqlInt64 scoringRunId, [SqlFacet(MaxSize = 20)] SqlString status, DateTime? endedAt, SqlInt64 rowsScored, SqlInt64 rowsSkipped,
        SqlInt32 batchCount, SqlInt64 durationMs, [SqlFacet(Precision = 19, Scale = 1)] SqlDecimal rowsPerSecond, SqlInt32 errorNumber,
        [SqlFacet(MaxSize = 4000)] SqlString errorMessage, [SqlFacet(MaxSize = 128)] SqlString abandonedBy, SqlInt64 rowsByFallback,
        SqlInt64 rowsRefused, [SqlFacet(MaxSize = 10)] SqlString driftLevel, [SqlFacet(MaxSize = 4000)] SqlString driftInputs) =>
        new SqlString(new AuditRecord("SqlServer.ScoringRunEnd.1")
            .AddInteger(Value(scoringRunId)).AddText(Value(status)).AddDateTime(endedAt).AddInteger(Value(rowsScored)).AddInteger(Value(rowsSkipped))
            .AddInteger(Value(batchCount)).AddInteger(Value(durationMs)).AddDecimal(rowsPerSecond.IsNull ? (decimal?)null : rowsPerSecond.Value)
            .AddInteger(Value(errorNumber)).AddText(Value(errorMessage)).AddText(Value(abandonedBy)).AddInteger(Value(rowsByFallback))
            .AddInteger(Value(rowsRefused)).AddText(Value(driftLevel)).AddText(Value(driftInputs))
            .Digest());

    /// <summary>
    /// <c>scoring.Private_AuditChainStartDigest(...)</c>: record "SqlServer.AuditChainStart.1", how far the history reached when
    /// the chain began (the content of each model's genesis link).
    /// </summary>
    [SqlFunction(Name = "Private_AuditChainStartDigest", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 64)]
    public static SqlString AuditChainStartDigest(DateTime? startedAt, SqlInt64 lastPredictionLogId, SqlInt32 lastModelVersionId, SqlInt64 lastScoringRunId) =>
        new SqlString(new AuditRecord("SqlServer.AuditChainStart.1")
            .AddDateTime(startedAt).AddInteger(Value(lastPredictionLogId)).AddInteger(Value(lastModelVersionId)).AddInteger(Value(lastScoringRunId))
            .Digest());

    /// <summary><c>scoring.Private_AuditLinkDigest(...)</c>: record "SqlServer.AuditLink.1", a link's own digest over all its other columns.</summary>
    [SqlFunction(Name = "Private_AuditLinkDigest", IsDeterministic = true, IsPrecise = true,
        DataAccess = DataAccessKind.None, SystemDataAccess = SystemDataAccessKind.None)]
    [return: SqlFacet(MaxSize = 64)]
    public static SqlString AuditLinkDigest(
        SqlInt64 auditLinkId, SqlInt32 modelId, [SqlFacet(MaxSize = 20)] SqlString kind, SqlInt64 subjectId, [SqlFacet(MaxSize = 100)] SqlString subjectName,
        DateTime? subjectTime, SqlInt32 batchNumber, SqlInt64 firstRowId, SqlInt64 lastRowId, SqlInt64 rowCount,
        [SqlFacet(MaxSize = 64)] SqlString contentDigest, [SqlFacet(MaxSize = 64)] SqlString previousDigest, DateTime? linkedAt) =>
        new SqlString(new AuditRecord("SqlServer.AuditLink.1")
            .AddInteger(Value(auditLinkId)).AddInteger(Value(modelId)).AddText(Value(kind)).AddInteger(Value(subjectId)).AddText(Value(subjectName))
            .AddDateTime(subjectTime).AddInteger(Value(batchNumber)).AddInteger(Value(firstRowId)).AddInteger(Value(lastRowId))
            .AddInteger(Value(rowCount)).AddText(Value(contentDigest)).AddText(Value(previousDigest)).AddDateTime(linkedAt)
            .Digest());

    private static long? Value(SqlInt64 value) => value.IsNull ? null : value.Value;

    private static long? Value(SqlInt32 value) => value.IsNull ? null : value.Value;

    private static double? Value(SqlSingle value) => value.IsNull ? null : value.Value;

    private static string? Value(SqlString value) => value.IsNull ? null : value.Value;

    private static byte[]? Value(SqlBinary value) => value.IsNull ? null : value.Value;
}
