using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// The digest a retention purge records for the prediction rows it removes: SHA-256 of one text line per row, in
    /// PredictionLogId order, joined with LF, as UTF-16LE — the definition scoring.Private_PredictionLogLine gives on
    /// SQL Server (docs/sql-reference.md, "Digest"): fields joined with '|', NULL as empty: PredictionLogId,
    /// ScoringRunId, RowKey, ModelVersionId, BlobSha256 and InputsSha256 (uppercase hex), PredictedClass,
    /// PredictedLabel, Score and Probability (the 4 bytes of the IEEE-754 single, big-endian, uppercase hex),
    /// PredictedAt (as the store writes it).
    /// </summary>
    internal sealed class PredictionLogDigest : IDisposable
    {
        private static readonly byte[] LineFeed = Encoding.Unicode.GetBytes("\n");
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private bool _any;

        /// <summary>Adds the next row (rows must come in PredictionLogId order).</summary>
        internal void Add(long predictionLogId, long runId, string rowKey, long versionId, string blobSha256, string inputsSha256,
                          long? predictedClass, string? predictedLabel, double? score, double? probability, string predictedAt)
        {
            if (_any) _hash.AppendData(LineFeed);
            _any = true;
            string line = string.Join("|",
                Text(predictionLogId), Text(runId), rowKey, Text(versionId), blobSha256.ToUpperInvariant(),
                inputsSha256.ToUpperInvariant(), predictedClass.HasValue ? Text(predictedClass.Value) : "", predictedLabel ?? "",
                Bits(score), Bits(probability), predictedAt);
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
