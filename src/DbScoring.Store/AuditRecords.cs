using System.Collections.Generic;

namespace DbScoring.Store
{
    /// <summary>
    /// The result of recomputing the tamper-evident audit trail (docs/audit.md): whether every link and every chained row
    /// is intact, and when not, the first broken link.
    /// </summary>
    public sealed class AuditVerification
    {
        /// <summary>True when nothing is broken.</summary>
        public bool Intact => Break == null;

        /// <summary>The first broken link (in chain order), or null.</summary>
        public AuditBreak? Break { get; init; }

        /// <summary>Links recomputed.</summary>
        public long LinksChecked { get; init; }

        /// <summary>Prediction log rows recomputed.</summary>
        public long PredictionRowsChecked { get; init; }

        /// <summary>Per model: the digest of its newest link — write it down elsewhere to detect a rewrite of the whole chain later.</summary>
        public IReadOnlyList<AuditHead> Heads { get; init; } = new List<AuditHead>();

        /// <summary>Facts that are not breaks: rows written before the chain began, recorded gaps (purged runs).</summary>
        public IReadOnlyList<string> Notes { get; init; } = new List<string>();
    }

    /// <summary>The newest link of a model's chain.</summary>
    public sealed class AuditHead
    {
        /// <summary>The model.</summary>
        public string Model { get; init; } = "";
        /// <summary>Links in the model's chain.</summary>
        public long Links { get; init; }
        /// <summary>Digest of the newest link (64 hex digits).</summary>
        public string Digest { get; init; } = "";
    }

    /// <summary>Where the chain is broken and how.</summary>
    public sealed class AuditBreak
    {
        /// <summary>The table whose rows no longer match: PredictionLog, ScoringRun, ModelVersion, AliasHistory or AuditLink.</summary>
        public string Table { get; init; } = "";
        /// <summary>The model whose chain is broken.</summary>
        public string? Model { get; init; }
        /// <summary>The scoring run, for run and prediction links.</summary>
        public long? RunId { get; init; }
        /// <summary>The batch (1-based), for prediction links.</summary>
        public int? Batch { get; init; }
        /// <summary>The row (table's id) concerned, when one row is named.</summary>
        public long? RowId { get; init; }
        /// <summary>The AuditLink row, when the break is at a link.</summary>
        public long? LinkId { get; init; }
        /// <summary>The digest recorded in the chain (or the expected value).</summary>
        public string? Expected { get; init; }
        /// <summary>The digest recomputed from the rows as they are now (or the value found).</summary>
        public string? Found { get; init; }
        /// <summary>What is wrong, in words.</summary>
        public string Problem { get; init; } = "";

        /// <inheritdoc />
        public override string ToString() =>
            $"{Table}{(Model != null ? ", model " + Model : "")}{(RunId != null ? ", run " + RunId : "")}{(Batch != null ? ", batch " + Batch : "")}" +
            $"{(RowId != null ? ", row " + RowId : "")}{(LinkId != null ? ", link " + LinkId : "")}: {Problem}" +
            (Expected != null || Found != null ? $" (expected {Expected ?? "nothing"}, found {Found ?? "nothing"})" : "");
    }
}
