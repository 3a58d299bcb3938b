using System;
using System.Collections.Generic;

namespace DbScoring.Store
{
    /// <summary>A model's retention policy now (the newest one set; a model that never had one keeps everything).</summary>
    public sealed class RetentionPolicy
    {
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>Days a run's predictions are kept after the run ended (1 .. 36500); null = keep everything.</summary>
        public int? KeepDays { get; init; }
        /// <summary>True when nothing of this model is ever purged.</summary>
        public bool KeepsEverything => KeepDays == null;
        /// <summary>Runs that ended before this UTC time may be purged now; null when everything is kept.</summary>
        public DateTime? Cutoff { get; init; }
        /// <summary>Who set the policy; null when none was ever set.</summary>
        public string? SetBy { get; init; }
        /// <summary>When the policy was set (UTC); null when none was ever set.</summary>
        public DateTime? SetAt { get; init; }
        /// <summary>Why (the rule or decision), as given.</summary>
        public string? Reason { get; init; }
    }

    /// <summary>What <see cref="IModelStore.PurgePredictionLog"/> should do.</summary>
    public sealed class PurgeRequest
    {
        /// <summary>One model, or null for every model with a policy.</summary>
        public string? Model { get; init; }
        /// <summary>Prediction rows removed per transaction (1 .. 1,000,000).</summary>
        public int BatchSize { get; init; } = 10_000;
        /// <summary>False: only list what would be removed (a dry run).</summary>
        public bool Execute { get; init; } = true;
        /// <summary>Who purges; null = the current OS user. SQL Server records ORIGINAL_LOGIN() instead.</summary>
        public string? PurgedBy { get; init; }
    }

    /// <summary>A run whose predictions are past its model's retention policy.</summary>
    public sealed class PurgeCandidate
    {
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>The policy applied, in days.</summary>
        public int KeepDays { get; init; }
        /// <summary>Runs that ended before this UTC time are purged.</summary>
        public DateTime Cutoff { get; init; }
        /// <summary>The scoring run.</summary>
        public long RunId { get; init; }
        /// <summary>When the run ended (its start when it never completed), UTC.</summary>
        public DateTime EndedAt { get; init; }
        /// <summary>Prediction rows of the run still in the log.</summary>
        public long RowsLeft { get; init; }
    }

    /// <summary>The outcome of a purge (or of its dry run).</summary>
    public sealed class PurgeResult
    {
        /// <summary>The purge's id in the retention log; null for a dry run or when nothing was removed.</summary>
        public long? PurgeId { get; init; }
        /// <summary>False for a dry run.</summary>
        public bool Executed { get; init; }
        /// <summary>Runs whose predictions were (or would be) removed.</summary>
        public int Runs { get; init; }
        /// <summary>Prediction rows removed (or that would be).</summary>
        public long RowsRemoved { get; init; }
        /// <summary>Transactions, one retention log entry each (0 for a dry run).</summary>
        public int Batches { get; init; }
        /// <summary>The runs past their policy when the purge started, oldest first.</summary>
        public IReadOnlyList<PurgeCandidate> Candidates { get; init; } = Array.Empty<PurgeCandidate>();
    }

    /// <summary>One batch of prediction rows a purge removed, as recorded before the rows were deleted.</summary>
    public sealed class RetentionLogEntry
    {
        /// <summary>Id of this entry.</summary>
        public long RetentionLogId { get; init; }
        /// <summary>The purge (one call of PurgePredictionLog).</summary>
        public long PurgeId { get; init; }
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>The run whose predictions were removed.</summary>
        public long RunId { get; init; }
        /// <summary>1, 2, ... per run.</summary>
        public int BatchNumber { get; init; }
        /// <summary>The policy applied, in days.</summary>
        public int KeepDays { get; init; }
        /// <summary>The cutoff applied (UTC).</summary>
        public DateTime Cutoff { get; init; }
        /// <summary>Rows removed.</summary>
        public long RowsRemoved { get; init; }
        /// <summary>First PredictionLogId removed.</summary>
        public long FirstPredictionLogId { get; init; }
        /// <summary>Last PredictionLogId removed (every row of the run between the two was removed).</summary>
        public long LastPredictionLogId { get; init; }
        /// <summary>SHA-256 of the removed rows (docs/sql-reference.md, "Digest"), 64 lowercase hex digits.</summary>
        public string Digest { get; init; } = "";
        /// <summary>Who purged.</summary>
        public string PurgedBy { get; init; } = "";
        /// <summary>When (UTC).</summary>
        public DateTime PurgedAt { get; init; }
    }
}
