using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// The digest a retention purge records for the prediction rows it removes: SHA-256 of one text line per row, in
    /// PredictionLogId order, joined with LF, as UTF-16LE — the definition scoring.Private_PredictionLogLine gives on
    /// SQL Server (docs/sql-reference.md, "Digest"). Fields joined with '|', NULL as empty.
    /// Line format 1: PredictionLogId, ScoringRunId, RowKey, ModelVersionId, BlobSha256 and InputsSha256 (uppercase hex),
    /// PredictedClass, PredictedLabel, Score and Probability (the 4 bytes of the IEEE-754 single, big-endian, uppercase
    /// hex), PredictedAt (as the store writes it).
    /// Line format 2 (<see cref="CurrentVersion"/>): format 1's fields, then Role, Arm, Status, Reason as stored, and the
    /// SHA-256 (uppercase hex) of the Explanation's UTF-16LE text (empty when NULL).
    /// RetentionLog.DigestVersion records the format (NULL = 1, rows written before versions existed).
    /// </summary>
    internal sealed class PredictionLogDigest : IDisposable
    {
        /// <summary>The line format purges write now (persisted in RetentionLog.DigestVersion — never renumber).</summary>
        internal const int CurrentVersion = 2;

        private static readonly byte[] LineFeed = Encoding.Unicode.GetBytes("\n");
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly int _version;
        private bool _any;

        /// <summary>A digest over lines of format <paramref name="version"/> (1 or 2).</summary>
        internal PredictionLogDigest(int version)
        {
            if (version < 1 || version > CurrentVersion)
                throw new ArgumentOutOfRangeException(nameof(version), version, $"Digest line formats are 1 .. {CurrentVersion}.");
            _version = version;
        }

        /// <summary>The per-row status fields line format 2 adds (as stored; null = empty).</summary>
        internal sealed record RowStatus(string? Role, string? Arm, string? Status, string? Reason, string? Explanation);

        /// <summary>Adds the next row (rows must come in PredictionLogId order); <paramref name="status"/> is read by format 2 only.</summary>
        internal void Add(long predictionLogId, long runId, string rowKey, long versionId, string blobSha256, string inputsSha256,
                          long? predictedClass, string? predictedLabel, double? score, double? probability, string predictedAt, RowStatus? status = null)
        {
            if (_any) _hash.AppendData(LineFeed);
            _any = true;
            string line = string.Join("|",
                Text(predictionLogId), Text(runId), rowKey, Text(versionId), blobSha256.ToUpperInvariant(),
                inputsSha256.ToUpperInvariant(), predictedClass.HasValue ? Text(predictedClass.Value) : "", predictedLabel ?? "",
                Bits(score), Bits(probability), predictedAt);
            if (_version >= 2)
            {
                line += "|" + string.Join("|", status?.Role ?? "", status?.Arm ?? "", status?.Status ?? "", status?.Reason ?? "",
                    status?.Explanation == null ? "" : Convert.ToHexString(SHA256.HashData(Encoding.Unicode.GetBytes(status.Explanation))));
            }

            _hash.AppendData(Encoding.Unicode.GetBytes(line));
        }

        /// <summary>The digest, 64 lowercase hex digits.</summary>
        internal string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public void Dispose() => _hash.Dispose();

        private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Bits(double? value) =>
            value.HasValue ? BitConverter.SingleToInt32Bits((float)value.Value).ToString("X8", CultureInfo.InvariantCulture) : "";
    }
}
