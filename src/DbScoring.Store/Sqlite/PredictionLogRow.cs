using System;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// One PredictionLog row as score-table writes it, typed: the columns of the audit digest after PredictionLogId
    /// (SqliteAuditTrail.PredictionColumns). One instance is filled and written row after row; shadow rows, written at the
    /// end of their batch, are copies (<see cref="CopyOf"/>).
    /// </summary>
    internal sealed class PredictionLogRow
    {
        internal long RunId;
        internal string RowKey = "";
        internal long VersionId;
        internal string BlobSha256 = "";
        internal string InputsSha256 = "";
        /// <summary>The inputs' JSON as UTF-8 (its first <see cref="InputsJsonLength"/> bytes); null when the run does not log inputs.</summary>
        internal byte[]? InputsJson;
        internal int InputsJsonLength;
        internal long? PredictedClass;
        internal string? PredictedLabel;
        internal double? Score;
        internal double? Probability;
        internal string? ClassScores;
        internal string PredictedAt = "";
        internal string? Explanation;
        internal string Role = "";
        internal string? Arm;
        internal string Status = "";
        internal string? Reason;

        /// <summary>A copy that owns its inputs' JSON (the original's buffer is reused by the next chunk).</summary>
        internal PredictionLogRow CopyOf()
        {
            var copy = (PredictionLogRow)MemberwiseClone();
            if (InputsJson != null) copy.InputsJson = InputsJson.AsSpan(0, InputsJsonLength).ToArray();
            return copy;
        }
    }
}
