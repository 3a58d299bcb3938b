using System.Linq;
using Dapper;

namespace DbScoring.Store.SqlServer
{
    /// <summary>The tamper-evident audit chain through scoring.VerifyAuditTrail (ScoringAuditor): the server recomputes it.</summary>
    public sealed partial class SqlServerModelStore
    {
        /// <summary>Verify reads and hashes every logged prediction in scope: allow it the time of a full scan, not a call's.</summary>
        private const int VerifyTimeoutSeconds = 6 * 3600;

        /// <inheritdoc />
        public AuditVerification VerifyAuditTrail(string? model = null, long? runId = null) => Guard(() =>
        {
            using var results = Connection.QueryMultiple(Proc("scoring.VerifyAuditTrail", new { Model = model, RunId = runId }, VerifyTimeoutSeconds));
            var outcome = results.ReadSingle<VerifyRow>();
            var heads = results.Read<HeadRow>().Select(h => new AuditHead { Model = h.Model, Links = h.Links, Digest = h.HeadDigest ?? "" }).ToList();
            var notes = results.Read<string>().ToList();
            return new AuditVerification
            {
                Break = outcome.Intact
                    ? null
                    : new AuditBreak
                    {
                        Table = outcome.BrokenTable ?? "", Model = outcome.Model, RunId = outcome.RunId, Batch = outcome.BatchNumber, RowId = outcome.RowId,
                        LinkId = outcome.LinkId, Expected = outcome.Expected, Found = outcome.Found, Problem = outcome.Problem ?? "",
                    },
                LinksChecked = outcome.LinksChecked,
                PredictionRowsChecked = outcome.PredictionRowsChecked,
                Heads = heads,
                Notes = notes,
            };
        });

#pragma warning disable CS8618, CA1812 // Dapper row types: set by Dapper
        private sealed class VerifyRow
        {
            public bool Intact { get; set; } public string? BrokenTable { get; set; } public string? Model { get; set; } public long? RunId { get; set; }
            public int? BatchNumber { get; set; } public long? RowId { get; set; } public long? LinkId { get; set; } public string? Expected { get; set; }
            public string? Found { get; set; } public string? Problem { get; set; } public long LinksChecked { get; set; } public long PredictionRowsChecked { get; set; }
        }

        private sealed class HeadRow
        {
            public string Model { get; set; } public long Links { get; set; } public string? HeadDigest { get; set; }
        }
#pragma warning restore CS8618, CA1812
    }
}
