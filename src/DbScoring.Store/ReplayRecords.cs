using System.Collections.Generic;

namespace DbScoring.Store
{
    /// <summary>One prediction's outputs: as logged, or as scored again.</summary>
    public sealed class ReplayOutputs
    {
        /// <summary>
        /// Scored, Fallback (logged only: scored by the fallback version, which replay uses, so it replays as Scored) or
        /// Refused (no outputs; <see cref="Reason"/> says why).
        /// </summary>
        public string Status { get; init; } = "Scored";
        /// <summary>Why the row could not be scored; null when it was.</summary>
        public string? Reason { get; init; }
        /// <summary>Predicted label (null for regression).</summary>
        public string? PredictedLabel { get; init; }
        /// <summary>Predicted class index (null for regression).</summary>
        public long? PredictedClass { get; init; }
        /// <summary>Score, as a float (NaN stored as NULL reads as null).</summary>
        public float? Score { get; init; }
        /// <summary>Probability, as a float; null when the model has none.</summary>
        public float? Probability { get; init; }
        /// <summary>Multiclass: the class scores as JSON; null otherwise.</summary>
        public string? ClassScores { get; init; }
    }

    /// <summary>
    /// A logged prediction scored again from its logged inputs with the exact logged model bytes (version and SHA-256),
    /// with today's runtime (docs/audit.md, "Replay").
    /// </summary>
    public sealed class ReplayResult
    {
        /// <summary>The scoring run.</summary>
        public long RunId { get; init; }
        /// <summary>The row key.</summary>
        public string RowKey { get; init; } = "";
        /// <summary>The PredictionLog row replayed.</summary>
        public long PredictionLogId { get; init; }
        /// <summary>The model.</summary>
        public string Model { get; init; } = "";
        /// <summary>The version that scored it.</summary>
        public int Version { get; init; }
        /// <summary>SHA-256 of the model bytes, as logged with the prediction (and checked against the stored bytes).</summary>
        public string BlobSha256 { get; init; } = "";
        /// <summary>False when the run was logged without inputs (only their SHA-256): nothing can be replayed.</summary>
        public bool InputsLogged { get; init; }
        /// <summary>The logged inputs (JSON), when logged.</summary>
        public string? InputsJson { get; init; }
        /// <summary>What the log says.</summary>
        public ReplayOutputs Logged { get; init; } = new ReplayOutputs();
        /// <summary>What scoring again gives; null when the inputs were not logged.</summary>
        public ReplayOutputs? Replayed { get; init; }
        /// <summary>Every output that differs, in words; empty when identical.</summary>
        public IReadOnlyList<string> Differences { get; init; } = new List<string>();
        /// <summary>
        /// True when the inputs were logged and every output is bit for bit the same; a refused row is the same when it is
        /// refused again for the same reason (the logged reason may add the fallback's: "… Fallback: …").
        /// </summary>
        public bool Identical => InputsLogged && Differences.Count == 0;
    }
}
