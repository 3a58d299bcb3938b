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
        /// <summary>PredictionLogId: given by score-table's read thread in the order SQLite would give it (the largest id plus one).</summary>
        internal long Id;
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
            var copy = new PredictionLogRow();
            CopyTo(copy);
            return copy;
        }

        /// <summary>Copies every column into <paramref name="target"/>, the inputs' JSON into the target's own buffer (grown when too small).</summary>
        internal void CopyTo(PredictionLogRow target)
        {
            byte[]? buffer = target.InputsJson;
            target.Id = Id; target.RunId = RunId; target.RowKey = RowKey; target.VersionId = VersionId; target.BlobSha256 = BlobSha256; target.InputsSha256 = InputsSha256;
            target.PredictedClass = PredictedClass; target.PredictedLabel = PredictedLabel; target.Score = Score; target.Probability = Probability;
            target.ClassScores = ClassScores; target.PredictedAt = PredictedAt; target.Explanation = Explanation; target.Role = Role; target.Arm = Arm;
            target.Status = Status; target.Reason = Reason;
            target.InputsJsonLength = InputsJsonLength;
            if (InputsJson == null)
            {
                target.InputsJson = null; // a run logs the inputs of all its rows or of none
                return;
            }
            if (buffer == null || buffer.Length < InputsJsonLength) buffer = new byte[Math.Max(InputsJsonLength, 256)];
            InputsJson.AsSpan(0, InputsJsonLength).CopyTo(buffer);
            target.InputsJson = buffer;
        }
    }
}
